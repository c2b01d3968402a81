import datetime as dt
from typing import Any

from ninja import Field, Schema

from giamngheo.households.queries import mask_cccd


class HouseholdOut(Schema):
    code: str
    province: str = Field(..., alias="province.code")
    commune: str = Field(..., alias="commune.code")
    village: str | None = Field(None, alias="village.code")
    head_name: str
    address: str
    ethnic_minority: bool
    meritorious: bool
    no_labour_capacity: bool
    registered_to_escape: bool
    indigenous: bool
    agricultural: bool
    current_status: str
    is_active: bool


class HouseholdIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    commune: str = Field(..., description="mã xã/phường hiện hành")
    village: str | None = Field(None, description="mã thôn/tổ dân phố")
    head_name: str = Field(..., min_length=1, max_length=120)
    address: str = Field("", max_length=255)
    ethnic_minority: bool = False
    meritorious: bool = False
    no_labour_capacity: bool = False
    registered_to_escape: bool = False
    indigenous: bool = False
    agricultural: bool = False


class HouseholdPatch(Schema):
    head_name: str | None = Field(None, min_length=1, max_length=120)
    address: str | None = Field(None, max_length=255)
    ethnic_minority: bool | None = None
    meritorious: bool | None = None
    no_labour_capacity: bool | None = None
    registered_to_escape: bool | None = None
    indigenous: bool | None = None
    agricultural: bool | None = None


class MemberOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date
    sex: str
    ethnicity: str
    relation: str
    cccd: str
    status: str

    @staticmethod
    def resolve_cccd(obj, context) -> str:
        """Masked for the roles whose pages mask it (village collaborators, leaders)."""
        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        return mask_cccd(obj.cccd, user) if user is not None and user.is_authenticated else ""


class MemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=120)
    birth_date: dt.date
    sex: str = Field(..., pattern="^(male|female)$")
    ethnicity: str = Field("Kinh", max_length=40)
    relation: str = Field(..., pattern="^(head|spouse|child|parent|grandchild|sibling|other)$")
    cccd: str = Field("", max_length=12)


class SurveyMemberOut(Schema):
    """One member's answers in a survey (the questions of the survey page's member cards)."""

    member_id: int
    age: int
    sex: str
    has_health_insurance: bool
    schooling: str
    qualification: str
    employment: str
    severe_disability: bool
    malnourished: bool
    ill_untreated: bool
    social_allowance: bool = Field(
        ..., description="hưởng trợ cấp xã hội hằng tháng (Nghị định 20/2021/NĐ-CP)"
    )
    employer_certified_training: bool = Field(
        ..., description="được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ"
    )


class SurveyOut(Schema):
    id: int
    household: str = Field(..., alias="household.code")
    survey_date: dt.date
    version: int
    state: str
    area: str
    members: int
    income_per_capita_month: int | None
    cause_no_land: bool
    cause_no_capital: bool
    cause_no_labour: bool
    cause_no_tools: bool
    cause_no_know_how: bool
    cause_no_skills: bool
    cause_illness: bool
    cause_other: bool
    wishes_to_escape: bool
    member_answers: list[SurveyMemberOut] = Field(..., alias="member_answers.all")


class ClassificationOut(Schema):
    id: int
    household: str = Field(..., alias="household.code")
    survey_id: int
    standard_id: str
    engine_version: str
    official: bool
    status: str
    income_line: int
    deprivation_count: int
    deprived: str
    reason: str
    created_at: dt.datetime


class Problem(Schema):
    code: str = ""  # stable, in English: invalid, malformed, forbidden, not_found, unauthenticated...
    message: str = ""  # in Vietnamese, for the person using the other system
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | list[dict[str, Any]] = {}


ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
