/* The collaborator's screens drawn from the device copy: home, village list, household, conflict. */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});
  const h = FW.h;

  function link(href, text, extra) {
    return h("a", Object.assign({ href: href, class: "fw-row" }, extra || {}), text);
  }

  async function syncPanel() {
    const surveys = await FW.db.surveys.orderBy("seq").toArray();
    const households = {};
    (await FW.db.households.toArray()).forEach((x) => (households[x.id] = x));
    const shown = surveys.filter((s) => s.state !== "draft");
    const count = (state) => surveys.filter((s) => s.state === state).length;
    const panel = h("section", { class: "card fw-sync", id: "fw-sync" },
      h("h2", {}, "Đồng bộ"),
      h("p", { class: "fw-counts" },
        h("span", { "data-count": "waiting" }, "Chờ gửi: " + count("waiting")), " · ",
        h("span", { "data-count": "accepted" }, "Đã gửi: " + count("accepted")), " · ",
        h("span", { "data-count": "refused" }, "Bị từ chối: " + count("refused")), " · ",
        h("span", { "data-count": "conflict" }, "Xung đột: " + count("conflict"))),
      h("p", {},
        h("button", { type: "button", onclick: () => FW.syncNow().then(FW.route) }, "Đồng bộ ngay"), " ",
        count("refused") + count("conflict") + count("kept_server")
          ? h("button", { type: "button", class: "secondary", onclick: FW.exportKept }, "Xuất phiếu chưa gửi được")
          : null));
    const list = h("ul", { class: "fw-list" });
    shown.slice(-30).reverse().forEach((s) => {
      const household = households[s.household_id];
      const name = household ? household.head_name + " (" + household.code + ")" : "Hộ đã gỡ khỏi máy";
      list.append(h("li", { "data-survey": s.key, "data-state": s.state },
        h("strong", {}, name), " — ngày " + FW.dateText(s.survey_date) + ": ",
        h("span", { class: "fw-state " + s.state }, FW.STATES[s.state] || s.state),
        s.status ? " · " + s.status : "",
        s.reason ? h("div", { class: "fw-reason" }, "Lý do: " + s.reason) : null,
        s.state === "conflict" ? h("div", {}, link("#/xung-dot/" + s.key, "Xem hai bản và chọn")) : null));
    });
    if (shown.length) panel.append(list);
    return panel;
  }

  FW.homeScreen = async function () {
    const villages = (await FW.meta("villages")) || [];
    const downloaded = await FW.meta("downloaded_at");
    const households = await FW.db.households.toArray();
    const drafts = await FW.db.surveys.where("state").equals("draft").toArray();
    const screen = h("div", {},
      h("h1", {}, "Khảo sát thực địa"),
      h("p", { class: "muted" }, downloaded
        ? "Dữ liệu tải về lúc " + new Date(downloaded).toLocaleString("vi-VN", { timeZone: FW.TIME_ZONE }) + " — " + households.length + " hộ."
        : "Chưa tải dữ liệu về máy. Hãy tải khi có mạng để làm việc không cần mạng."),
      h("p", {}, h("button", { type: "button", id: "fw-download", onclick: FW.downloadAndShow }, "Tải dữ liệu về máy")));
    if (villages.length) {
      screen.append(h("h2", {}, "Thôn của tôi"));
      const list = h("ul", { class: "fw-list fw-villages" });
      villages.forEach((v) => {
        const mine = households.filter((x) => x.village_id === v.id);
        const ids = new Set(mine.map((x) => x.id));
        list.append(h("li", {}, link("#/thon/" + (v.id === null ? "khac" : v.id), v.name),
          h("div", { class: "muted" }, mine.length + " hộ · cần khảo sát: " + mine.filter((x) => x.due).length +
            " · phiếu đang làm: " + drafts.filter((d) => ids.has(d.household_id)).length)));
      });
      screen.append(list);
    }
    if (drafts.length) {
      screen.append(h("h2", {}, "Phiếu đang làm trên máy"));
      const list = h("ul", { class: "fw-list" });
      for (const d of drafts) {
        const household = households.find((x) => x.id === d.household_id);
        list.append(h("li", {}, link("#/phieu/" + d.key, (household ? household.head_name : "Hộ") + " — ngày " + FW.dateText(d.survey_date))));
      }
      screen.append(list);
    }
    screen.append(await syncPanel());
    screen.append(h("p", { class: "muted" }, "Dùng ODK Collect hoặc KoboToolbox? ",
      h("a", { href: FW.root().dataset.odk }, "Tải mẫu phiếu và nhập phiếu đã thu")));
    return screen;
  };

  FW.villageScreen = async function (villageId) {
    const villages = (await FW.meta("villages")) || [];
    const id = villageId === "khac" ? null : Number(villageId);
    const village = villages.find((v) => v.id === id) || { name: "Thôn" };
    const households = (await FW.db.households.toArray()).filter((x) => x.village_id === id);
    const search = h("input", { type: "search", id: "fw-search", placeholder: "Tên chủ hộ, thành viên hoặc mã hộ", "aria-label": "Tìm hộ" });
    const onlyDue = h("input", { type: "checkbox", id: "fw-due" });
    const list = h("ul", { class: "fw-list", id: "fw-households" });
    function draw() {
      const words = FW.fold(search.value).split(/\s+/).filter(Boolean);
      list.replaceChildren();
      households
        .filter((x) => !onlyDue.checked || x.due)
        .filter((x) => {
          const text = FW.fold([x.head_name, x.code, x.address].concat(x.members.map((m) => m.full_name)).join(" "));
          return words.every((w) => text.includes(w));
        })
        .forEach((x) => list.append(h("li", {}, link("#/ho/" + x.id, x.head_name),
          h("div", { class: "muted" }, x.code + (x.status ? " · " + x.status : "") + (x.due ? " · cần khảo sát" : "")))));
      if (!list.children.length) list.append(h("li", { class: "muted" }, "Không có hộ nào khớp."));
    }
    search.addEventListener("input", draw);
    onlyDue.addEventListener("change", draw);
    draw();
    return h("div", {},
      h("p", { class: "breadcrumbs" }, h("a", { href: "#/" }, "Khảo sát thực địa"), " › " + village.name),
      h("h1", {}, village.name + " (" + households.length + " hộ)"),
      h("div", { class: "card" }, h("label", { for: "fw-search" }, "Tìm hộ"), search,
        h("label", { class: "fw-check" }, onlyDue, " Chỉ hộ cần khảo sát")),
      list);
  };

  FW.householdScreen = async function (householdId) {
    const household = await FW.db.households.get(Number(householdId));
    if (!household) return h("p", {}, "Hộ này không có trên máy. ", h("a", { href: "#/" }, "Về trang đầu"));
    const surveys = await FW.db.surveys.where("household_id").equals(household.id).toArray();
    const today = (await FW.meta("today")) || new Date().toISOString().slice(0, 10);
    const date = h("input", { type: "date", id: "fw-date", value: new Date().toISOString().slice(0, 10) || today, required: true });
    async function start(useOpen) {
      if (!date.value && !useOpen) return;
      const survey = await FW.newSurvey(household, useOpen ? household.open_survey.survey_date : date.value, useOpen);
      location.hash = "#/phieu/" + survey.key;
    }
    const members = h("ul", { class: "fw-list" });
    household.members.forEach((m) => members.append(h("li", {}, h("strong", {}, m.full_name),
      h("div", { class: "muted" }, m.relation + " · " + m.sex_label + " · " + m.age + " tuổi"))));
    const local = h("ul", { class: "fw-list" });
    surveys.sort((a, b) => b.seq - a.seq).forEach((s) => local.append(h("li", { "data-state": s.state },
      link(s.state === "conflict" ? "#/xung-dot/" + s.key : "#/phieu/" + s.key, "Phiếu ngày " + FW.dateText(s.survey_date)),
      h("span", { class: "fw-state " + s.state }, FW.STATES[s.state]), s.reason ? h("div", { class: "fw-reason" }, "Lý do: " + s.reason) : null)));
    return h("div", {},
      h("p", { class: "breadcrumbs" }, h("a", { href: "#/" }, "Khảo sát thực địa"), " › ",
        h("a", { href: "#/thon/" + (household.village_id === null ? "khac" : household.village_id) }, "Danh sách hộ"), " › " + household.code),
      h("h1", {}, "Hộ " + household.head_name),
      h("div", { class: "card" }, h("p", {}, "Mã hộ: " + household.code), household.address ? h("p", {}, household.address) : null,
        h("p", {}, "Phân loại hiện tại: " + (household.status || "chưa phân loại"))),
      h("section", { class: "card" }, h("h2", {}, "Khảo sát"),
        household.open_survey ? h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => start(true) },
          "Tiếp tục phiếu nháp ngày " + FW.dateText(household.open_survey.survey_date))) : null,
        h("label", { for: "fw-date" }, "Ngày khảo sát"), date,
        h("p", {}, h("button", { type: "button", id: "fw-start", onclick: () => start(false) }, "Lập phiếu khảo sát mới")),
        surveys.length ? local : null),
      h("h2", {}, "Thành viên đang sinh sống (" + household.members.length + ")"), members);
  };

  FW.conflictScreen = async function (key) {
    const survey = await FW.db.surveys.get(key);
    if (!survey || survey.state !== "conflict") return h("p", {}, "Không còn xung đột. ", h("a", { href: "#/" }, "Về trang đầu"));
    const household = await FW.db.households.get(survey.household_id);
    const questionnaire = await FW.meta("questionnaire");
    const server = survey.server || { household: {}, members: {} };
    const rows = [];
    FW.fields(questionnaire).forEach((f) => rows.push([f.label, FW.display(f, survey.household[f.name]), FW.display(f, server.household[f.name])]));
    (household ? household.members : []).forEach((m) => questionnaire.member_fields.forEach((f) => rows.push([
      m.full_name + ": " + f.label,
      FW.display(f, (survey.members[String(m.id)] || {})[f.name]),
      FW.display(f, ((server.members || {})[String(m.id)] || {})[f.name]),
    ])));
    const list = h("div", { class: "fw-compare" },
      h("div", { class: "fw-compare-head" }, h("span", {}, "Câu hỏi"), h("span", {}, "Bản trên máy này"), h("span", {}, "Bản trên máy chủ")));
    rows.forEach(([label, mine, theirs]) => list.append(h("div", { class: "fw-compare-row" + (mine !== theirs ? " differs" : "") },
      h("span", {}, label), h("span", { "data-side": "mine" }, mine), h("span", { "data-side": "server" }, theirs))));
    return h("div", {},
      h("p", { class: "breadcrumbs" }, h("a", { href: "#/" }, "Khảo sát thực địa"), " › Xung đột"),
      h("h1", {}, "Hai bản phiếu của hộ " + (household ? household.head_name : "")),
      h("p", {}, survey.reason),
      server.id ? h("p", { class: "muted" }, "Bản trên máy chủ: phiếu ngày " + FW.dateText(server.survey_date) + ", " +
        (server.state === "submitted" ? "đã nộp" : "bản nháp") + ".") : null,
      list,
      h("p", { class: "fw-buttons" },
        h("button", { type: "button", id: "fw-keep-mine", onclick: async () => { await FW.keepMine(survey); location.hash = "#/"; } }, "Giữ bản trên máy này (gửi lên)"),
        h("button", { type: "button", class: "secondary", id: "fw-keep-server", onclick: async () => { await FW.keepServer(survey); location.hash = "#/"; } }, "Giữ bản trên máy chủ")),
      h("p", { class: "muted" }, "Bản không được chọn vẫn được giữ: bản trên máy chủ có trong lịch sử của hộ, bản trên máy này vẫn lưu trên máy và xuất được ra tệp."));
  };
})();
