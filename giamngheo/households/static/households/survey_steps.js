/* The survey page one section at a time (household answers by dimension, one card per
   member, then the summary with the engine's status), for phones. Without JavaScript every
   section stays visible and the page works the same. */
(function () {
  "use strict";

  function csrf() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function value(input) {
    if (input.type === "checkbox") return input.checked;
    if (input.value === "") return null;
    if (input.type === "number" || input.inputMode === "numeric" || input.inputMode === "decimal") {
      const number = Number(input.value.replace(",", "."));
      return Number.isNaN(number) ? input.value : number;
    }
    return input.value;
  }

  function answers(form) {
    const household = {};
    const members = {};
    form.querySelectorAll(".survey-step:not(.member-card) [name]").forEach((input) => {
      if (input.name !== "confirm") household[input.name] = value(input);
    });
    form.querySelectorAll(".member-card").forEach((card) => {
      const mine = (members[card.dataset.member] = {});
      card.querySelectorAll("[name]").forEach((input) => {
        const name = input.name.slice(card.dataset.prefix.length + 1);
        if (name && name !== "id") mine[name] = value(input);
      });
    });
    return { household: household, members: members };
  }

  function preview(form) {
    const box = document.getElementById("survey-preview");
    if (!box || !navigator.onLine) return;
    box.textContent = "Đang tính kết quả trên máy chủ…";
    const body = Object.assign({ household_id: Number(form.dataset.household), survey_date: form.dataset.date }, answers(form));
    fetch(form.dataset.preview, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    })
      .then((response) => response.json())
      .then((data) => {
        box.replaceChildren();
        if (data.errors) {
          box.append("Còn câu trả lời chưa hợp lệ: " + data.errors.join("; "));
          return;
        }
        const status = document.createElement("strong");
        status.dataset.previewStatus = data.status;
        status.textContent = data.status_label;
        const reasons = document.createElement("p");
        reasons.textContent = data.reasons;
        box.append("Kết quả dự kiến theo " + data.standard + ": ", status, reasons);
      })
      .catch(() => (box.textContent = "Chưa tính được kết quả; kết quả sẽ được tính khi nộp."));
  }

  function setUp(form) {
    const steps = Array.from(form.querySelectorAll(".survey-step"));
    if (steps.length < 2) return;
    let current = Math.max(0, steps.findIndex((step) => step.querySelector(".errorlist")));
    const bar = document.createElement("p");
    bar.className = "survey-nav";
    const back = Object.assign(document.createElement("button"), { type: "button", textContent: "‹ Quay lại", className: "secondary" });
    const next = Object.assign(document.createElement("button"), { type: "button", textContent: "Tiếp ›", id: "survey-next" });
    const where = document.createElement("span");
    where.id = "survey-where";
    bar.append(back, where, next);
    form.append(bar);
    const confirm = document.getElementById("id_confirm");
    const submit = document.getElementById("survey-submit");
    if (confirm && submit) {
      submit.disabled = !confirm.checked;
      confirm.addEventListener("change", () => (submit.disabled = !confirm.checked));
    }
    function show(index) {
      index = Math.min(Math.max(index, 0), steps.length - 1);
      current = index;
      steps.forEach((step, i) => (step.hidden = i !== index));
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      where.textContent = "Phần " + (index + 1) + "/" + steps.length + ": " + steps[index].dataset.step;
      if (steps[index].querySelector("#survey-preview")) preview(form);
    }
    back.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => {
      show(current + 1);
      form.scrollIntoView();
    });
    show(current);
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-survey-steps]").forEach(setUp));
})();
