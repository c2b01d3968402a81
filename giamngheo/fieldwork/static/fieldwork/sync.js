/* The sync queue: submitted surveys go to the server in the order they were finished,
   each with its own key so a resend is never applied twice. */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});
  const BATCH = 20;
  let running = null;

  FW.STATES = {
    draft: "Đang làm (lưu trên máy)",
    waiting: "Chờ gửi",
    accepted: "Đã gửi",
    refused: "Bị từ chối",
    conflict: "Xung đột, cần chọn",
    kept_server: "Đã giữ bản trên máy chủ",
  };

  function payloadOf(survey) {
    return {
      client_key: survey.key,
      household_id: survey.household_id,
      survey_date: survey.survey_date,
      base_stamp: survey.base_stamp,
      household: survey.household,
      members: survey.members,
      final: true,
    };
  }

  async function record(survey, result) {
    survey.state = result.outcome;
    survey.reason = result.reason || "";
    survey.synced_at = new Date().toISOString();
    if (result.outcome === "accepted") {
      survey.status = result.status || "";
      survey.reasons = result.reasons || "";
      const household = await FW.db.households.get(survey.household_id);
      if (household) {
        household.stamp = result.stamp || household.stamp;
        household.open_survey = null;
        household.due = false;
        household.status = result.status || household.status;
        await FW.db.households.put(household);
      }
    }
    if (result.outcome === "conflict") {
      survey.server = result.server;
      survey.server_stamp = result.server_stamp;
    }
    await FW.db.surveys.put(survey);
  }

  async function sendWaiting() {
    for (;;) {
      const waiting = await FW.db.surveys.where("state").equals("waiting").sortBy("seq");
      if (!waiting.length) return;
      const batch = waiting.slice(0, BATCH);
      const answer = await FW.request("sync", { submissions: batch.map(payloadOf) });
      const byKey = {};
      answer.results.forEach((r) => (byKey[r.client_key] = r));
      for (const survey of batch) {
        const result = byKey[survey.key];
        if (!result) throw new Error("Máy chủ không trả kết quả cho một phiếu.");
        await record(survey, result);
      }
      await FW.meta("last_sync", new Date().toISOString());
    }
  }

  /* Send everything waiting; failures of the network leave the surveys waiting. */
  FW.syncNow = function () {
    if (!navigator.onLine) return Promise.resolve(false);
    if (!running) {
      running = sendWaiting()
        .then(() => true)
        .catch((error) => {
          FW.meta("sync_error", error.message || String(error));
          return false;
        })
        .finally(() => {
          running = null;
          document.dispatchEvent(new CustomEvent("fw:synced"));
        });
    }
    return running;
  };

  FW.keepMine = async function (survey) {
    survey.base_stamp = survey.server_stamp;
    survey.state = "waiting";
    survey.seq = Date.now();
    await FW.saveSurvey(survey);
    return FW.syncNow();
  };

  FW.keepServer = async function (survey) {
    survey.state = "kept_server";
    await FW.saveSurvey(survey);
    const household = await FW.db.households.get(survey.household_id);
    if (household && survey.server_stamp) {
      household.stamp = survey.server_stamp;
      await FW.db.households.put(household);
    }
  };

  /* Surveys the server did not take, as a file the collaborator can hand to the commune. */
  FW.exportKept = async function () {
    const kept = await FW.db.surveys.where("state").anyOf("refused", "conflict", "kept_server").toArray();
    const blob = new Blob([JSON.stringify(kept, null, 2)], { type: "application/json" });
    const link = FW.h("a", { href: URL.createObjectURL(blob), download: "phieu-chua-gui-duoc.json" });
    document.body.append(link);
    link.click();
    link.remove();
  };

  window.addEventListener("online", () => FW.syncNow());
  setInterval(() => FW.syncNow(), 30000);
})();
