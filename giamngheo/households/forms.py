import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped, scoped_units
from giamngheo.core.collation import sorted_vi
from giamngheo.core.params import is_digits
from giamngheo.households import rules
from giamngheo.households.duplicates.models import EventKind
from giamngheo.households.models import Household, Member, MemberStatus, Relation, Status
from giamngheo.standards.engine import vocabulary

FLAG_CHOICES = [
    ("ethnic_minority", "Dân tộc thiểu số"),
    ("meritorious", "Có người có công"),
    ("no_labour_capacity", "Không có khả năng lao động"),
    ("registered_to_escape", "Đăng ký thoát nghèo"),
    ("indigenous", "Dân tộc tại chỗ"),
    ("agricultural", "Làm nông, lâm, ngư, diêm nghiệp"),
]


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (tên, CCCD, địa chỉ, mã hộ)", required=False)
    commune = forms.ModelChoiceField(
        label="Xã/phường", queryset=AdminUnit.objects.none(), required=False, empty_label="Tất cả"
    )
    village = forms.ModelChoiceField(
        label="Thôn/tổ dân phố", queryset=AdminUnit.objects.none(), required=False, empty_label="Tất cả"
    )
    status = forms.ChoiceField(label="Phân loại", choices=[("", "Tất cả"), *Status.choices], required=False)
    flags = forms.MultipleChoiceField(
        label="Đối tượng", choices=FLAG_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(
        label="Sắp xếp",
        required=False,
        choices=[
            ("", "Phù hợp nhất khi tìm, nếu không theo mã hộ"),
            ("code", "Mã hộ"),
            ("head", "Tên chủ hộ"),
            ("commune", "Xã/phường"),
            ("status", "Phân loại"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
        self.fields["commune"].queryset = scoped_units(communes, user).order_by("code")
        self.fields["commune"].choices = [
            ("", "Tất cả"),
            *[(c.pk, c.name) for c in sorted_vi(self.fields["commune"].queryset, key=lambda c: c.name)],
        ]
        villages = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.VILLAGE)
        self.fields["village"].queryset = scoped_units(villages, user)


# --- Editing households and members -------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's ValidationError beside the form's fields (or above them)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class HouseholdForm(forms.Form):
    village = forms.ModelChoiceField(
        label="Thôn/tổ dân phố", queryset=AdminUnit.objects.none(), required=False
    )
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    ethnic_minority = forms.BooleanField(label="Dân tộc thiểu số", required=False)
    meritorious = forms.BooleanField(label="Có người có công với cách mạng", required=False)
    no_labour_capacity = forms.BooleanField(label="Không có khả năng lao động", required=False)
    registered_to_escape = forms.BooleanField(label="Đăng ký thoát nghèo", required=False)
    indigenous = forms.BooleanField(label="Dân tộc tại chỗ", required=False)
    agricultural = forms.BooleanField(
        label="Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp hoặc diêm nghiệp",
        required=False,
        help_text="Khi đợt rà soát phân loại hộ có mức sống trung bình, hộ được xác định theo "
        "Quyết định 24/2021/QĐ-TTg và được hỗ trợ tối thiểu 30% mức đóng bảo hiểm y tế.",
    )

    def __init__(self, *args, user, commune: AdminUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = AdminUnit.objects.filter(level=Level.VILLAGE, era=Era.CURRENT)
        villages = villages.filter(parent=commune) if commune else villages.none()
        self.fields["village"].queryset = scoped_units(villages, user).order_by("code")


class NewHouseholdForm(HouseholdForm):
    commune = forms.ModelChoiceField(label="Xã/phường", queryset=AdminUnit.objects.none())
    code = forms.CharField(
        label="Mã hộ",
        max_length=40,
        required=False,
        help_text="Để trống để hệ thống tự đánh mã theo xã/phường.",
    )
    field_order = ["commune", "village", "code", "address"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        communes = scoped_units(AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE), user)
        self.fields["commune"].queryset = communes.order_by("code")
        if self.fields["commune"].initial is None and len(communes[:2]) == 1:
            self.fields["commune"].initial = communes[0].pk
        chosen = str(self.data.get("commune") or self.fields["commune"].initial or "")
        parent = int(chosen) if is_digits(chosen) else None
        villages = AdminUnit.objects.filter(level=Level.VILLAGE, era=Era.CURRENT, parent_id=parent)
        self.fields["village"].queryset = scoped_units(villages, user).order_by("code")

    def clean(self):
        data = super().clean()
        village, commune = data.get("village"), data.get("commune")
        if village and commune and village.parent_id != commune.pk:
            self.add_error("village", "Thôn/tổ dân phố không thuộc xã/phường đã chọn.")
        return data


class MemberForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = forms.DateField(label="Ngày sinh", widget=DATE_WIDGET)
    sex = forms.ChoiceField(label="Giới tính", choices=list(vocabulary.SEXES.items()))
    ethnicity = forms.CharField(label="Dân tộc", max_length=40, initial="Kinh")
    relation = forms.ChoiceField(label="Quan hệ với chủ hộ", choices=Relation.choices, initial=Relation.CHILD)
    cccd = forms.CharField(
        label="Số CCCD", max_length=12, required=False, help_text="12 chữ số; để trống nếu chưa có."
    )

    def __init__(self, *args, head: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if head:
            del self.fields["relation"]

    def clean_full_name(self) -> str:
        return rules.clean_text(self.cleaned_data["full_name"])


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.get_relation_display()}, {obj.birth_date:%d/%m/%Y})"


class _MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.get_relation_display()}, {obj.birth_date:%d/%m/%Y})"


def _present(household: Household, excluding: Member | None = None):
    members = household.members.filter(status=MemberStatus.PRESENT).order_by("pk")
    return members.exclude(pk=excluding.pk) if excluding else members


def _today() -> dt.date:
    return dt.date.today()


class HouseholdCodeField(forms.CharField):
    """A household typed by its code, looked up within the user's area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=40, **kwargs)
        self.households = Household.objects.none()

    def clean(self, value):
        code = super().clean(value).strip()
        household = self.households.filter(code=code).first()
        if household is None:
            raise ValidationError(
                f"{self.label}: không tìm thấy hộ có mã “{code}” trong địa bàn bạn quản lý."
            )
        return household


class NewHeadMixin(forms.Form):
    new_head = _MemberChoice(
        label="Chủ hộ mới (nếu chủ hộ rời hộ)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="— giữ nguyên chủ hộ —",
    )


class MoveMemberForm(NewHeadMixin):
    target = HouseholdCodeField(
        label="Mã hộ chuyển đến", help_text="Hộ phải cùng xã/phường và đang hoạt động."
    )
    relation = forms.ChoiceField(
        label="Quan hệ với chủ hộ mới", choices=Relation.choices, initial=Relation.OTHER
    )
    on = forms.DateField(label="Ngày chuyển", initial=_today, widget=DATE_WIDGET)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, member: Member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].households = scoped(Household.objects.filter(is_active=True), user)
        self.fields["new_head"].queryset = _present(member.household, excluding=member)


class DepartureForm(NewHeadMixin):
    kind = forms.ChoiceField(
        label="Sự kiện",
        choices=[(EventKind.DIED, "Chết"), (EventKind.MOVED_AWAY, "Chuyển đi nơi khác (ra khỏi địa bàn)")],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label="Ngày", initial=_today, widget=DATE_WIDGET)
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: nơi chuyển đến.",
    )
    field_order = ["kind", "on", "note", "new_head"]

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = _present(member.household, excluding=member)


class SplitForm(forms.Form):
    members = _MembersChoice(
        label="Thành viên tách hộ", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    head = _MemberChoice(label="Chủ hộ của hộ mới", queryset=Member.objects.none())
    new_head_for_source = _MemberChoice(
        label="Chủ hộ mới của hộ cũ (nếu chủ hộ tách đi)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="— giữ nguyên chủ hộ —",
    )
    code = forms.CharField(
        label="Mã hộ mới", max_length=40, required=False, help_text="Để trống để tự đánh mã."
    )
    address = forms.CharField(label="Địa chỉ hộ mới", max_length=255, required=False)
    on = forms.DateField(label="Ngày tách hộ", initial=_today, widget=DATE_WIDGET)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "head", "new_head_for_source"):
            self.fields[name].queryset = _present(household)
        self.fields["address"].initial = household.address


class MergeForm(forms.Form):
    survivor = HouseholdCodeField(
        label="Mã hộ tiếp nhận",
        help_text="Các thành viên đang sinh sống của hộ này sẽ chuyển sang hộ tiếp nhận.",
    )
    on = forms.DateField(label="Ngày nhập hộ", initial=_today, widget=DATE_WIDGET)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].households = scoped(Household.objects.filter(is_active=True), user)


class SetHeadForm(forms.Form):
    former_head_relation = forms.ChoiceField(
        label="Quan hệ của chủ hộ cũ với chủ hộ mới",
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
        initial=Relation.OTHER,
    )
