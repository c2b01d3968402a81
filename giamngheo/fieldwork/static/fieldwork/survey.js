/* The survey on the phone: one section at a time (household answers by dimension, then one
   card per member), every change saved on the device at once, a summary before submitting. */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});
  const h = FW.h;

  function input(field, value, id, onChange) {
    const help = field.help ? h("p", { class: "fw-help", id: id + "-help" }, field.help) : null;
    const error = h("p", { class: "fw-error", id: id + "-error", role: "alert" });
    const described = (help ? id + "-help " : "") + id + "-error";
    let control;
    if (field.kind === "bool") {
      control = h("input", { type: "checkbox", id: id, name: field.name, "aria-describedby": described });
      control.checked = Boolean(value);
      control.addEventListener("change", () => onChange(control.checked, error));
      return h("div", { class: "fw-field fw-bool" }, h("label", { for: id }, control, " " + field.label), help, error);
    }
    if (field.kind === "choice") {
      control = h("select", { id: id, name: field.name, "aria-describedby": described },
        field.required ? null : h("option", { value: "" }, "— chưa trả lời —"),
        field.choices.map((c) => h("option", { value: c[0], selected: c[0] === value }, c[1])));
      if (value === null || value === undefined) control.value = "";
      control.addEventListener("change", () => onChange(control.value || null, error));
    } else if (field.kind === "multi") {
      const boxes = field.choices.map((c) => {
        const box = h("input", { type: "checkbox", value: c[0], name: field.name });
        box.checked = (value || []).includes(c[0]);
        return h("label", { class: "fw-check" }, box, " " + c[1]);
      });
      control = h("div", { id: id, class: "fw-multi" }, boxes);
      control.addEventListener("change", () =>
        onChange(Array.from(control.querySelectorAll("input:checked"), (b) => b.value), error));
      return h("fieldset", { class: "fw-field" }, h("legend", {}, field.label), help, control, error);
    } else {
      const numeric = field.kind === "int" || field.kind === "decimal";
      control = h("input", {
        id: id, name: field.name, "aria-describedby": described,
        type: field.kind === "date" ? "date" : "text",
        inputmode: field.kind === "int" ? "numeric" : field.kind === "decimal" ? "decimal" : null,
        autocomplete: "off",
        value: value === null || value === undefined ? "" : String(value),
      });
      control.addEventListener("input", () => onChange(FW.parse(field, control.value), error));
      if (numeric) control.classList.add("fw-number");
    }
    return h("div", { class: "fw-field" }, h("label", { for: id }, field.label), help, control, error);
  }

  function steps(questionnaire, household) {
    const list = questionnaire.sections.map((s) => ({ title: s.title, fields: s.fields, member: null }));
    household.members.forEach((m) => list.push({ title: "Thành viên: " + m.full_name, fields: questionnaire.member_fields, member: m }));
    list.push({ title: "Tóm tắt và nộp phiếu", summary: true });
    return list;
  }

  async function summary(questionnaire, survey, household, editable) {
    const box = h("div", { class: "fw-summary" });
    const problems = FW.problems(questionnaire, survey, household);
    const result = h("div", { class: "card", id: "fw-result", "aria-live": "polite" });
    if (problems.length) {
      result.append(h("p", { class: "fw-error" }, "Phiếu còn " + problems.length + " câu chưa hợp lệ:"),
        h("ul", {}, problems.map((p) => h("li", {}, p.where + " — " + p.label + ": " + p.message))));
    } else if (survey.status) {
      result.append(h("p", {}, "Kết quả khi nộp: ", h("strong", {}, survey.status)), h("p", {}, survey.reasons || ""));
    } else if (navigator.onLine) {
      result.append(h("p", { class: "muted" }, "Đang tính kết quả trên máy chủ…"));
      FW.request("preview", { household_id: survey.household_id, survey_date: survey.survey_date, household: survey.household, members: survey.members })
        .then((data) => {
          result.replaceChildren();
          if (data.errors) {
            result.append(h("p", { class: "fw-error" }, "Máy chủ báo câu trả lời chưa hợp lệ:"), h("ul", {}, data.errors.map((e) => h("li", {}, e))));
          } else {
            result.append(h("p", {}, "Kết quả dự kiến theo " + data.standard + ": ", h("strong", { "data-preview-status": data.status }, data.status_label)),
              h("p", {}, data.reasons));
          }
        })
        .catch(() => result.replaceChildren(h("p", { class: "muted" }, "Chưa tính được kết quả (mất mạng); kết quả sẽ được tính khi đồng bộ.")));
    } else {
      result.append(h("p", { class: "muted", id: "fw-offline-note" }, "Đang không có mạng: kết quả phân loại sẽ được máy chủ tính khi đồng bộ."));
    }
    box.append(result);
    const answers = h("dl", { class: "fw-answers" });
    FW.fields(questionnaire).forEach((f) => answers.append(h("dt", {}, f.label), h("dd", {}, FW.display(f, survey.household[f.name]))));
    household.members.forEach((m) => {
      answers.append(h("dt", { class: "fw-member" }, m.full_name + " (" + m.age + " tuổi)"), h("dd", {}, questionnaire.member_fields
        .map((f) => f.label + ": " + FW.display(f, (survey.members[String(m.id)] || {})[f.name])).join(" · ")));
    });
    box.append(h("h2", {}, "Các câu trả lời"), answers);
    if (editable && !problems.length) {
      const confirm = h("input", { type: "checkbox", id: "fw-confirm" });
      const submit = h("button", { type: "button", id: "fw-submit", disabled: true }, "Nộp phiếu");
      confirm.addEventListener("change", () => (submit.disabled = !confirm.checked));
      submit.addEventListener("click", async () => {
        survey.state = "waiting";
        survey.seq = Date.now();
        await FW.saveSurvey(survey);
        FW.syncNow();
        location.hash = "#/";
      });
      box.append(h("div", { class: "card" }, h("label", { for: "fw-confirm", class: "fw-check" }, confirm,
        " Tôi đã đọc lại các câu trả lời với hộ và xác nhận nộp phiếu."), submit));
    }
    return box;
  }

  FW.surveyScreen = async function (key, stepParam) {
    const survey = await FW.db.surveys.get(key);
    if (!survey) return h("p", {}, "Phiếu không có trên máy. ", h("a", { href: "#/" }, "Về trang đầu"));
    const household = await FW.db.households.get(survey.household_id);
    const questionnaire = await FW.meta("questionnaire");
    const all = steps(questionnaire, household);
    const index = Math.min(Math.max(Number(stepParam) || 0, 0), all.length - 1);
    const step = all[index];
    const editable = survey.state === "draft";
    const saved = h("span", { class: "muted", id: "fw-saved", "aria-live": "polite" });
    const body = h("div", { class: "card fw-step" });
    if (step.summary) {
      body.append(await summary(questionnaire, survey, household, editable));
    } else {
      const answers = step.member ? survey.members[String(step.member.id)] : survey.household;
      if (step.member) body.append(h("p", { class: "muted" }, step.member.relation + " · " + step.member.sex_label + " · " + step.member.age + " tuổi"));
      step.fields.forEach((field) => {
        const id = "fw-" + (step.member ? step.member.id + "-" : "") + field.name;
        const node = input(field, answers[field.name], id, async (value, error) => {
          answers[field.name] = value;
          error.textContent = FW.check(field, value);
          await FW.saveSurvey(survey);
          saved.textContent = "Đã lưu trên máy lúc " + new Date().toLocaleTimeString("vi-VN", { timeZone: FW.TIME_ZONE });
        });
        if (!editable) node.querySelectorAll("input, select").forEach((c) => (c.disabled = true));
        body.append(node);
      });
    }
    const go = (to) => () => (location.hash = "#/phieu/" + key + "/" + to);
    const nav = h("p", { class: "fw-buttons" },
      index > 0 ? h("button", { type: "button", class: "secondary", id: "fw-prev", onclick: go(index - 1) }, "‹ Quay lại") : null,
      index < all.length - 1 ? h("button", { type: "button", id: "fw-next", onclick: go(index + 1) }, "Tiếp ›") : null);
    const progress = h("ol", { class: "fw-steps", "aria-label": "Các phần của phiếu" },
      all.map((s, i) => h("li", { class: i === index ? "current" : "" }, h("a", { href: "#/phieu/" + key + "/" + i, "aria-current": i === index ? "step" : null, title: s.title }, String(i + 1)))));
    return h("div", {},
      h("p", { class: "breadcrumbs" }, h("a", { href: "#/" }, "Khảo sát thực địa"), " › ",
        h("a", { href: "#/ho/" + survey.household_id }, household ? household.head_name : "Hộ"), " › Phiếu ngày " + FW.dateText(survey.survey_date)),
      h("p", { class: "muted" }, (FW.STATES[survey.state] || "") + " · Chuẩn: " + questionnaire.standard.name),
      progress,
      h("h1", { id: "fw-step-title" }, "Phần " + (index + 1) + "/" + all.length + ": " + step.title),
      body, nav, saved);
  };
})();
