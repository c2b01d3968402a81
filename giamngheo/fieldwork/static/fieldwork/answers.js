/* Answers on the device: the server's rules (from the questionnaire), display and DOM helpers. */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});

  FW.h = function (tag, attrs) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    Array.prototype.slice.call(arguments, 2).flat().forEach((child) => {
      if (child === null || child === undefined || child === false) return;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  };

  FW.fold = (text) =>
    String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

  FW.dateText = (iso) => (iso ? iso.slice(0, 10).split("-").reverse().join("/") : "");
  FW.number = (value) => Number(value).toLocaleString("vi-VN");
  // The officers' pages' zone (settings.TIME_ZONE): a phone set to another zone shows the same times.
  FW.TIME_ZONE = "Asia/Ho_Chi_Minh";

  FW.parse = function (field, raw) {
    if (field.kind === "bool") return Boolean(raw);
    if (field.kind === "multi") return raw;
    const text = String(raw === null || raw === undefined ? "" : raw).trim();
    if (text === "") return null;
    if (field.kind === "int" || field.kind === "decimal") {
      const number = Number(text.replace(/\s/g, "").replace(",", "."));
      return Number.isNaN(number) ? text : number;
    }
    return text;
  };

  /* The same checks as the server's form: required, number, bounds, choices, length. */
  FW.check = function (field, value) {
    const empty = value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length);
    if (empty) return field.required ? "Bắt buộc trả lời." : "";
    if (field.kind === "int" && !Number.isInteger(value)) return "Phải là số nguyên.";
    if (field.kind === "decimal" && typeof value !== "number") return "Phải là một số.";
    if (field.min !== null && field.min !== undefined && value < field.min)
      return "Không được nhỏ hơn " + FW.number(field.min) + ".";
    if (field.max !== null && field.max !== undefined && value > field.max)
      return "Không được lớn hơn " + FW.number(field.max) + ".";
    if (field.kind === "choice" && !field.choices.some((c) => c[0] === value)) return "Chọn một giá trị trong danh sách.";
    if (field.kind === "text" && field.max_length && value.length > field.max_length)
      return "Dài quá " + field.max_length + " ký tự.";
    return "";
  };

  FW.display = function (field, value) {
    if (field.kind === "bool") return value ? "Có" : "Không";
    if (value === null || value === undefined || value === "") return "—";
    if (field.kind === "choice") return (field.choices.find((c) => c[0] === value) || [value, value])[1];
    if (field.kind === "multi")
      return value.map((v) => (field.choices.find((c) => c[0] === v) || [v, v])[1]).join(", ") || "—";
    if (typeof value === "number") return FW.number(value);
    return String(value);
  };

  /* Every problem of a survey, with the step it belongs to. */
  FW.problems = function (questionnaire, survey, household) {
    const found = [];
    questionnaire.sections.forEach((section, index) => {
      section.fields.forEach((field) => {
        const message = FW.check(field, survey.household[field.name]);
        if (message) found.push({ step: index, where: section.title, label: field.label, message: message });
      });
    });
    household.members.forEach((member, index) => {
      questionnaire.member_fields.forEach((field) => {
        const message = FW.check(field, (survey.members[String(member.id)] || {})[field.name]);
        if (message)
          found.push({ step: questionnaire.sections.length + index, where: member.full_name, label: field.label, message: message });
      });
    });
    return found;
  };
})();
