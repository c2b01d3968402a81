"""The audit log page's filter form and its Excel export (the reading is `core.audit`)."""

import io

from django import forms

from giamngheo.accounts.audit import AuditEntry, AuditFilter, model_choices
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units
from giamngheo.core.collation import sort_key
from giamngheo.core.workbooks import new_workbook

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    don_vi = forms.ModelChoiceField(label="Đơn vị", queryset=AdminUnit.objects.none(), required=False)
    nguoi = forms.ModelChoiceField(label="Người thực hiện", queryset=User.objects.none(), required=False)
    loai = forms.ChoiceField(label="Loại đối tượng", required=False)
    tu = forms.DateField(label="Từ ngày", required=False, widget=DATE)
    den = forms.DateField(label="Đến ngày", required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = scoped_units(
            AdminUnit.objects.filter(
                era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE, Level.VILLAGE]
            ),
            user,
        )
        if user.sees_everything:
            units = units.filter(level=Level.PROVINCE)
        elif not user.assignments.filter(unit__level=Level.PROVINCE).exists():
            pass  # commune officers and collaborators: their commune(s) and villages
        else:
            units = units.exclude(level=Level.VILLAGE)
        self.fields["don_vi"].queryset = units
        self.fields["don_vi"].label_from_instance = lambda unit: unit.name
        ordered = sorted(
            units, key=lambda u: ({"province": 0, "commune": 1}.get(u.level, 2), sort_key(u.name))
        )
        self.fields["don_vi"].choices = [("", "Tất cả"), *[(u.pk, u.name) for u in ordered]]
        people = (
            User.objects.all() if user.sees_everything else User.objects.filter(assignments__unit__in=units)
        )
        people = people.distinct()
        self.fields["nguoi"].queryset = people
        named = sorted(people, key=lambda p: sort_key(p.get_full_name() or p.username))
        self.fields["nguoi"].choices = [
            ("", "Tất cả"),
            *[(p.pk, f"{p.get_full_name() or p.username} ({p.get_role_display()})") for p in named],
        ]
        self.fields["loai"].choices = [("", "Tất cả"), *sorted(model_choices(), key=lambda c: sort_key(c[1]))]

    def criteria(self) -> AuditFilter:
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            unit=data.get("don_vi"),
            user_id=data["nguoi"].pk if data.get("nguoi") else None,
            model=data.get("loai") or "",
            since=data.get("tu"),
            until=data.get("den"),
        )


HEADERS = [
    "Thời điểm",
    "Người thực hiện",
    "Vai trò",
    "Thao tác",
    "Loại đối tượng",
    "Đối tượng",
    "Nội dung thay đổi",
    "Lý do",
]


def audit_workbook(entries: list[AuditEntry]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Nhật ký thay đổi")
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, HEADERS, bold)
    for row, e in enumerate(entries, start=1):
        changes = "\n".join(f"{name}: {old} → {new}" for name, old, new in e.changes)
        values = [
            e.when.strftime("%d/%m/%Y %H:%M:%S"), e.who, e.role, e.action,
            e.model_label.capitalize(), e.object_label, changes, e.reason,
        ]  # fmt: skip
        sheet.write_row(row, 0, values, wrap)
    for column, width in enumerate([19, 24, 20, 10, 22, 36, 60, 30]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(entries), 1), len(HEADERS) - 1)
    book.close()
    return buffer.getvalue()
