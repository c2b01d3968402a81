/* The device copy: downloaded households, local surveys and settings, in IndexedDB (Dexie). */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});
  const db = new Dexie("giamngheo-thuc-dia");
  db.version(1).stores({ households: "id, village_id, code", surveys: "key, household_id, state, seq", meta: "key" });
  FW.db = db;

  FW.root = () => document.getElementById("field-app");
  FW.api = (path) => FW.root().dataset.api + path;
  FW.csrf = () => {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };

  FW.request = async function (path, body) {
    const options = { credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = FW.csrf();
      options.body = JSON.stringify(body);
    }
    const response = await fetch(FW.api(path), options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = data.errors ? Object.values(data.errors).flat().join(" ") : data.detail;
      const error = new Error(detail || "Máy chủ trả lỗi " + response.status + ".");
      error.status = response.status;
      throw error;
    }
    return data;
  };

  FW.meta = async function (key, value) {
    if (value === undefined) {
      const row = await db.meta.get(key);
      return row ? row.value : undefined;
    }
    await db.meta.put({ key: key, value: value });
    return value;
  };

  FW.uuid = function () {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  };

  /* The device belongs to one user: another user's copy is wiped before anything is shown. */
  FW.claimDevice = async function (userId) {
    const owner = await FW.meta("user_id");
    if (owner !== undefined && String(owner) !== String(userId)) {
      await db.transaction("rw", db.households, db.surveys, db.meta, async () => {
        await Promise.all([db.households.clear(), db.surveys.clear(), db.meta.clear()]);
      });
    }
    await FW.meta("user_id", String(userId));
  };

  FW.download = async function () {
    const data = await FW.request("package");
    await db.transaction("rw", db.households, db.meta, async () => {
      await db.households.clear();
      await db.households.bulkPut(data.households);
      await FW.meta("villages", data.villages);
      await FW.meta("questionnaire", data.questionnaire);
      await FW.meta("downloaded_at", data.downloaded_at);
      await FW.meta("today", data.today);
    });
    return data;
  };

  FW.fields = (questionnaire) => questionnaire.sections.flatMap((section) => section.fields);

  function startingValue(field, previous) {
    if (previous && Object.prototype.hasOwnProperty.call(previous, field.name)) return previous[field.name];
    if (field.kind === "bool") return field.initial === true;
    if (field.kind === "multi") return [];
    return field.initial === undefined ? null : field.initial;
  }

  /* A new survey on the device, prefilled from the open draft or the latest submitted survey. */
  FW.newSurvey = async function (household, surveyDate, useOpen) {
    const questionnaire = await FW.meta("questionnaire");
    const base = useOpen ? household.open_survey : household.previous;
    const answers = {};
    FW.fields(questionnaire).forEach((f) => (answers[f.name] = startingValue(f, base && base.household)));
    const members = {};
    household.members.forEach((m) => {
      const earlier = base && base.members ? base.members[String(m.id)] : null;
      members[String(m.id)] = {};
      questionnaire.member_fields.forEach((f) => (members[String(m.id)][f.name] = startingValue(f, earlier)));
    });
    const now = new Date().toISOString();
    const survey = {
      key: FW.uuid(),
      household_id: household.id,
      survey_date: surveyDate,
      base_stamp: household.stamp,
      household: answers,
      members: members,
      state: "draft",
      seq: Date.now(),
      created_at: now,
      updated_at: now,
      reason: "",
    };
    await db.surveys.put(survey);
    return survey;
  };

  FW.saveSurvey = async function (survey) {
    survey.updated_at = new Date().toISOString();
    await db.surveys.put(survey);
  };
})();
