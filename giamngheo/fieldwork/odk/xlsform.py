"""The survey questionnaire as an XLSForm (survey, choices and settings sheets), the form
format ODK Collect and KoboToolbox read. Built from the same field definitions as the
phone app, so its constraints are the server's rules."""

import io
import re
from typing import Any

from openpyxl import Workbook

from giamngheo.fieldwork.questionnaire import questionnaire

YES_NO = "co_khong"
SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "constraint", "constraint_message", "default"]
MEMBER_REPEAT = "thanh_vien"
CODE = "ma_ho"
DATE = "ngay_khao_sat"
MEMBER_NAME = "ho_ten"


def form_id(standard) -> str:
    return "giamngheo_" + re.sub(r"[^0-9A-Za-z]+", "_", standard.id).strip("_")


def _constraint(field: dict) -> tuple[str, str]:
    parts, words = [], []
    if field.get("min") is not None:
        parts.append(f". >= {field['min']}")
        words.append(f"không nhỏ hơn {field['min']}")
    if field.get("max") is not None:
        parts.append(f". <= {field['max']}")
        words.append(f"không lớn hơn {field['max']}")
    if not parts:
        return "", ""
    return " and ".join(parts), f"{field['label']}: giá trị phải " + " và ".join(words) + "."


def _row(field: dict, choices: list[dict]) -> dict[str, Any]:
    kind = field["kind"]
    if kind == "bool":
        xls_type = f"select_one {YES_NO}"
    elif kind in ("choice", "multi"):
        list_name = f"ds_{field['name']}"
        xls_type = ("select_one " if kind == "choice" else "select_multiple ") + list_name
        choices += [
            {"list_name": list_name, "name": value, "label": label} for value, label in field["choices"]
        ]
    else:
        xls_type = {"int": "integer", "decimal": "decimal", "date": "date"}.get(kind, "text")
    constraint, message = _constraint(field)
    default = field.get("initial")
    if kind == "bool" and default is not None:
        default = "co" if default else "khong"
    return {
        "type": xls_type,
        "name": field["name"],
        "label": field["label"],
        "hint": field["help"],
        "required": "yes" if field["required"] or kind == "bool" else "",
        "constraint": constraint,
        "constraint_message": message,
        "default": "" if default is None or kind in ("multi",) else str(default),
    }


def xlsform_rows(standard) -> tuple[list[dict], list[dict], dict[str, str]]:
    definition = questionnaire(standard)
    choices = [
        {"list_name": YES_NO, "name": "co", "label": "Có"},
        {"list_name": YES_NO, "name": "khong", "label": "Không"},
    ]
    survey = [
        {"type": "text", "name": CODE, "label": "Mã hộ", "hint": "Mã hộ in trên danh sách hộ của thôn.", "required": "yes"},
        {"type": "date", "name": DATE, "label": "Ngày khảo sát", "required": "yes"},
    ]  # fmt: skip
    for section in definition["sections"]:
        survey.append(
            {"type": "begin_group", "name": section["key"].replace("-", "_"), "label": section["title"]}
        )
        survey += [_row(field, choices) for field in section["fields"]]
        survey.append({"type": "end_group", "name": section["key"].replace("-", "_")})
    survey.append(
        {"type": "begin_repeat", "name": MEMBER_REPEAT, "label": "Thành viên đang sinh sống trong hộ"}
    )
    survey.append({"type": "text", "name": MEMBER_NAME, "label": "Họ và tên thành viên", "required": "yes"})
    survey += [_row(field, choices) for field in definition["member_fields"]]
    survey.append({"type": "end_repeat", "name": MEMBER_REPEAT})
    settings = {
        "form_title": f"Phiếu khảo sát hộ gia đình — {standard.name}",
        "form_id": form_id(standard),
        "version": standard.id.replace("-", ""),
    }
    return survey, choices, settings


def xlsform_workbook(standard) -> bytes:
    survey, choices, settings = xlsform_rows(standard)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(SURVEY_COLUMNS)
    for row in survey:
        sheet.append([row.get(column, "") for column in SURVEY_COLUMNS])
    choice_sheet = workbook.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label"])
    for choice in choices:
        choice_sheet.append([choice["list_name"], choice["name"], choice["label"]])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(list(settings))
    settings_sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
