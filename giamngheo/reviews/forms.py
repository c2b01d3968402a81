"""Forms of the review pages; they only parse input, the actions decide."""

from django import forms
from django.conf import settings
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Status
from giamngheo.reviews import workdays
from giamngheo.reviews.models import TeamRole
from giamngheo.standards import engine


def standard_choices() -> list[tuple[str, str]]:
    return [(s.id, f"{s.id} — {s.name}") for s in engine.available_standards()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OpenRoundForm(forms.Form):
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Đơn vị")
    year = forms.IntegerField(label="Năm rà soát", min_value=2011, max_value=2100)
    standard_id = forms.ChoiceField(label="Chuẩn áp dụng")
    second_standard_id = forms.ChoiceField(label="Chuẩn so sánh (không bắt buộc)", required=False)
    posting_days = forms.IntegerField(label="Số ngày làm việc niêm yết", min_value=1, max_value=30)
    with_consultation = forms.BooleanField(label="Có bước xin ý kiến trước khi quyết định", required=False)
    standard_override_reason = forms.CharField(
        label="Lý do áp dụng chuẩn khác chuẩn có hiệu lực khi danh sách có hiệu lực (chỉ khi cần)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, level: str, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(era=Era.CURRENT, level=level).order_by("name")
        self.fields["unit"].queryset = scoped(units, user)
        self.fields["unit"].label = "Tỉnh/thành phố" if level == Level.PROVINCE else "Xã/phường"
        choices = standard_choices()
        self.fields["standard_id"].choices = choices
        self.fields["second_standard_id"].choices = [("", "— Không so sánh —"), *choices]
        year = engine.current_season_year(timezone.localdate())
        self.fields["year"].initial = year
        self.fields["posting_days"].initial = workdays.default_posting_days()
        try:
            selection = engine.standard_for_periodic_review(year)
        except engine.NoStandardForReview:
            return
        self.fields["standard_id"].initial = selection.standard_id
        self.fields["standard_id"].help_text = selection.reason
        others = [s.id for s in engine.available_standards() if s.national and s.id != selection.standard_id]
        if others:  # the standard of the season before, as the comparison run
            earlier = [i for i in others if i < selection.standard_id]
            self.fields["second_standard_id"].initial = earlier[-1] if earlier else ""


class AdHocForm(forms.Form):
    household_code = forms.CharField(label="Mã hộ", max_length=40)
    applied_on = forms.DateField(label="Ngày nộp giấy đề nghị (mẫu 01)", widget=DateInput())
    note = forms.CharField(label="Nội dung đề nghị", widget=forms.Textarea(attrs={"rows": 2}))


class TeamMemberForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    role = forms.ChoiceField(label="Vai trò", choices=TeamRole.choices)
    position = forms.CharField(
        label="Chức vụ, đơn vị công tác",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Phó Chủ tịch UBND xã, Hội Phụ nữ"}),
    )
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    villages = forms.ModelMultipleChoiceField(
        AdminUnit.objects.none(),
        label="Thôn/tổ phụ trách",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, auto_id="team-%s", **kwargs)
        self.fields["villages"].queryset = villages


class NoteForm(forms.Form):
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.TextInput())


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", widget=forms.TextInput())


class DocumentForm(forms.Form):
    title = forms.CharField(label="Tên tài liệu", max_length=200)
    file = forms.FileField(label="Tệp", allow_empty_file=True)  # the action names the empty file


class PostingForm(forms.Form):
    starts_on = forms.DateField(label="Ngày bắt đầu niêm yết", widget=DateInput())


class ComplaintForm(forms.Form):
    complainant_name = forms.CharField(label="Người khiếu nại", max_length=120)
    complainant_phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    round_household = forms.TypedChoiceField(
        label="Hộ được khiếu nại", coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="Ngày tiếp nhận", widget=DateInput())

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_household"].choices = [("", "— Không gắn với hộ cụ thể —")] + [
            (e.pk, f"{e.household.code} — {e.household.head_name}") for e in entries
        ]


class AnswerForm(forms.Form):
    recheck_note = forms.CharField(
        label="Kết quả phúc tra", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 2}))
    new_status = forms.ChoiceField(
        label="Phân loại sau phúc tra", required=False, choices=[("", "— Giữ nguyên —"), *Status.choices]
    )


class DecisionForm(forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=40)
    signed_on = forms.DateField(label="Ngày ký", widget=DateInput())
    signer = forms.CharField(label="Người ký", max_length=120)
    effective_on = forms.DateField(
        label="Ngày có hiệu lực (để trống: mặc định)", required=False, widget=DateInput()
    )
    standard_override_reason = forms.CharField(
        label="Lý do vẫn áp dụng chuẩn không có hiệu lực vào ngày quyết định có hiệu lực (chỉ khi cần)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    placeholder_acknowledged_by = forms.CharField(
        label="Họ tên người xác nhận ban hành khi bảng điểm B1 còn là bảng tạm",
        max_length=120,
        required=False,
    )

    def __init__(self, *args, placeholder_tables: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not placeholder_tables:  # official B1 tables loaded: nothing to acknowledge
            del self.fields["placeholder_acknowledged_by"]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Ngày họp", widget=DateInput())
    attendance = forms.IntegerField(label="Số người tham dự", min_value=1)
    chaired_by = forms.CharField(label="Chủ trì", max_length=120, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.FileField(
        label="Biên bản (bản quét, không bắt buộc)",
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "minutes"
        ].help_text = f"Tệp PDF, JPEG hoặc PNG, tối đa {settings.GIAMNGHEO_DOCUMENT_MAX_MB} MB."
