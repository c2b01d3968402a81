"""Forms of the programs pages. They only parse input; the rules (scope, negative
amounts, disbursement within the allocation, a lead agency for every task) are in the
model `clean` methods and `actions`, so pages, imports and commands refuse the same
things with the same Vietnamese messages."""

from django import forms

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped, scoped_units, unit_in_scope
from giamngheo.core.sheets import SheetError, check_upload
from giamngheo.programs.models import Nature, NtpProject, Policy, Source, TaskStatus
from giamngheo.targets.models import Plan

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unit_choices(user, levels=(Level.PROVINCE, Level.COMMUNE)):
    units = scoped_units(AdminUnit.objects.filter(era=Era.CURRENT, level__in=levels), user)
    if not user.sees_everything:
        units = [u for u in units.select_related("province") if unit_in_scope(u, user)]
        return AdminUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("level", "code")
    return units.order_by("level", "code")


class PlanOrUnitMixin(forms.Form):
    """A record attached to a plan or, without one, to a unit, both within the user's scope.
    When editing, the attachment is fixed and not asked again."""

    plan = forms.ModelChoiceField(Plan.objects.none(), label="Kế hoạch", required=False)
    unit = forms.ModelChoiceField(
        AdminUnit.objects.none(), label="Đơn vị (khi không gắn kế hoạch)", required=False
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["plan"], self.fields["unit"]
        else:
            self.fields["plan"].queryset = scoped(Plan.objects.all(), user).order_by("-period_start", "title")
            self.fields["unit"].queryset = unit_choices(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)  # refused before reading a byte of it
        except SheetError as error:
            raise forms.ValidationError(error.message) from error
        return upload

    def clean(self):
        data = super().clean()
        if not self.editing and not data.get("plan") and not data.get("unit"):
            raise forms.ValidationError("Phải chọn kế hoạch hoặc đơn vị.")
        return data


class SupportRecordForm(forms.Form):
    policy = forms.ModelChoiceField(Policy.objects.filter(active=True), label="Chính sách")
    member = forms.TypedChoiceField(
        label="Thành viên nhận hỗ trợ", coerce=int, required=False, empty_value=None
    )
    delivered_on = forms.DateField(label="Ngày hỗ trợ", widget=DATE_INPUT)
    amount = forms.DecimalField(label="Số tiền (đồng)", required=False, decimal_places=0, max_digits=20)
    in_kind = forms.CharField(label="Hiện vật/hình thức", required=False, max_length=255)
    reference = forms.CharField(label="Số thẻ/hợp đồng", required=False, max_length=80)
    agency = forms.CharField(label="Cơ quan thực hiện", required=False, max_length=255,
                             help_text="Để trống: cơ quan thực hiện của chính sách.")  # fmt: skip
    document = forms.CharField(label="Văn bản/chứng từ", required=False, max_length=255)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = household.members.order_by("pk") if household else []
        self.fields["member"].choices = [("", "— cả hộ —")] + [
            (m.pk, f"{m.full_name} ({m.birth_date:%d/%m/%Y})") for m in members
        ]


class SupportImportForm(forms.Form):
    policy = forms.ModelChoiceField(Policy.objects.filter(active=True), label="Chính sách")
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Địa bàn của danh sách")
    agency = forms.CharField(label="Cơ quan lập danh sách", required=False, max_length=255,
                             help_text="Để trống: cơ quan thực hiện của chính sách.")  # fmt: skip
    document = forms.CharField(label="Văn bản/chứng từ kèm theo", required=False, max_length=255)
    file = forms.FileField(label="Tệp danh sách (.xlsx, .xls, .csv)")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(user)


class ResolveForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class DismissForm(forms.Form):
    note = forms.CharField(label="Lý do loại bỏ", max_length=500,
                           error_messages={"required": "Phải ghi lý do loại bỏ."})  # fmt: skip


class BudgetLineForm(PlanOrUnitMixin):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    project = forms.ModelChoiceField(NtpProject.objects.all(), label="Dự án/tiểu dự án", required=False,
                                     empty_label="— toàn chương trình —")  # fmt: skip
    source = forms.ChoiceField(
        label="Nguồn vốn", choices=[("", "— mọi nguồn —"), *Source.choices], required=False
    )
    nature = forms.ChoiceField(label="Tính chất", choices=[("", "— đầu tư và sự nghiệp —"), *Nature.choices],
                               required=False)  # fmt: skip
    label = forms.CharField(label="Khoản (như văn bản)", required=False, max_length=255)
    planned = forms.DecimalField(label="Kế hoạch (đồng)", decimal_places=0, max_digits=20)
    allocated = forms.DecimalField(label="Đã giao (đồng)", decimal_places=0, max_digits=20, required=False)
    disbursed = forms.DecimalField(
        label="Đã giải ngân (đồng)", decimal_places=0, max_digits=20, required=False
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(PlanOrUnitMixin):
    number = forms.CharField(label="Số thứ tự", required=False, max_length=20)
    title = forms.CharField(label="Nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Phải ghi nội dung nhiệm vụ."})  # fmt: skip
    lead_agency = forms.CharField(label="Cơ quan chủ trì", max_length=500, required=False,
                                  help_text="Bắt buộc. Nhiều cơ quan cùng chủ trì: ngăn cách bằng dấu chấm phẩy.")  # fmt: skip
    coordinating_agencies = forms.CharField(label="Cơ quan phối hợp", required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    timing = forms.CharField(label="Thời gian (như văn bản)", required=False, max_length=255)
    deadline = forms.DateField(label="Hạn hoàn thành", required=False, widget=DATE_INPUT)
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices, initial=TaskStatus.NOT_STARTED)
    output = forms.CharField(label="Sản phẩm", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    project = forms.ModelChoiceField(NtpProject.objects.all(), label="Dự án MTQG", required=False)


class TaskNoteForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    text = forms.CharField(label="Ghi nhận tiến độ", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReductionModelForm(forms.Form):
    name = forms.CharField(label="Tên mô hình", max_length=255)
    commune = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã/phường")
    plan = forms.ModelChoiceField(Plan.objects.none(), label="Kế hoạch", required=False)
    project = forms.ModelChoiceField(NtpProject.objects.all(), label="Dự án MTQG", required=False)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    budget = forms.DecimalField(label="Kinh phí (đồng)", decimal_places=0, max_digits=20)
    commune_poor_share = forms.DecimalField(label="Tỷ lệ hộ nghèo của xã khi chọn (%)", required=False,
                                            max_digits=5, decimal_places=2)  # fmt: skip
    household_codes = forms.CharField(label="Mã các hộ tham gia (mỗi dòng một mã)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    results = forms.CharField(label="Kết quả", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    households_escaped = forms.IntegerField(
        label="Số hộ tham gia đã thoát nghèo", required=False, min_value=0
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = unit_choices(user, levels=(Level.COMMUNE,))
        self.fields["plan"].queryset = scoped(Plan.objects.all(), user).order_by("-period_start", "title")

    def codes(self) -> list[str]:
        text = self.cleaned_data.get("household_codes") or ""
        return [c.strip() for c in text.replace(",", "\n").splitlines() if c.strip()]
