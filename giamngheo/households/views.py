from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from giamngheo.accounts.audit import objects_history
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.filejobs import make_file
from giamngheo.core.jobs import follow
from giamngheo.core.text import address_with_units
from giamngheo.households import queries, ranking
from giamngheo.households.duplicates.models import HouseholdMerge, MemberEvent, MemberMerge
from giamngheo.households.exports import household_workbook
from giamngheo.households.forms import HouseholdFilterForm
from giamngheo.households.models import CurrentStatus, Household, Member
from giamngheo.households.survey.forms import StartSurveyForm

PAGE_SIZE = 50
HISTORY_SHOWN = 50  # latest changes of the household and its members on its page
EXPORT_INLINE = 2_000  # households exported within the request; more go to a background job


def _criteria(params, user) -> tuple[HouseholdFilterForm, queries.HouseholdFilter]:
    form = HouseholdFilterForm(params or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    criteria = queries.HouseholdFilter(
        q=data.get("q", ""),
        commune=data["commune"].pk if data.get("commune") else None,
        village=data["village"].pk if data.get("village") else None,
        status=data.get("status", ""),
        flags=tuple(data.get("flags", ())),
        sort=data.get("sort") or "code",
    )
    return form, criteria


def household_export_file(params, user) -> tuple[bytes, str]:
    """The filtered list as Excel, for a background job (`core.filejobs`)."""
    _form, criteria = _criteria(params, user)
    households = queries.household_list(user, criteria)
    return household_workbook(households, "Danh sách hộ gia đình"), "danh-sach-ho.xlsx"


@login_required
def household_list(request):
    form, criteria = _criteria(request.GET, request.user)
    households = queries.household_list(request.user, criteria)
    if request.GET.get("xuat") == "xlsx":
        if households.count() > EXPORT_INLINE:  # a large list is written by a job, with progress
            query = request.GET.copy()
            query.pop("xuat", None)
            result = make_file.enqueue("households-xlsx", query.urlencode(), request.user.pk)
            back = f"{request.path}?{query.urlencode()}"
            return follow(request, result, "Xuất Excel danh sách hộ", back, makes_file=True)
        return xlsx_response(household_workbook(households, "Danh sách hộ gia đình"), "danh-sach-ho.xlsx")
    page, matches = _page(request, households, criteria)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("xuat", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "matches": matches}
    template = "households/_table.html" if request.htmx else "households/list.html"
    return render(request, template, context)


def _page(request, households, criteria: queries.HouseholdFilter):
    """One page of the list: a search by relevance unless another order is chosen, names in
    Vietnamese order, with the members that matched the search."""
    explicit = bool(request.GET.get("sort"))
    if criteria.sort in ranking.NAME_SORTS or (criteria.q and not explicit):
        ids = ranking.ordered_ids(households, "" if explicit else criteria.q, criteria.sort)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("trang"))
        by_id = households.in_bulk(list(page.object_list))
        page.object_list = [by_id[pk] for pk in page.object_list]
    else:
        page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("trang"))
    matches = ranking.matched_members([h.pk for h in page.object_list], criteria.q) if criteria.q else {}
    return page, matches


@login_required
def household_detail(request, pk: int):
    try:
        household = queries.household_detail(request.user, pk)
    except Household.DoesNotExist as missing:
        raise Http404 from missing
    merges = {
        m.member_id: m
        for m in MemberMerge.objects.filter(member__household=household).select_related("survivor")
    }
    members = [
        (m, queries.mask_cccd(m.cccd, request.user), merges.get(m.pk))
        for m in household.members.order_by("pk")
    ]
    surveys = list(household.surveys.order_by("-survey_date", "-version"))
    merges = list(
        HouseholdMerge.objects.filter(Q(absorbed=household) | Q(survivor=household))
        .select_related("survivor", "absorbed")
        .order_by("pk")
    )
    history = objects_history(
        household.history.all(),
        Member.history.filter(id__in=household.members.values("pk")),
        CurrentStatus.history.filter(household_id=household.pk),
        limit=HISTORY_SHOWN,
    )
    context = {
        "household": household,
        "location": address_with_units(
            household.address,
            household.village.name if household.village else "",
            household.commune.name,
            household.province.name,
        ),
        "members": members,
        "poverty_facts": queries.poverty_facts(household, surveys),
        "support": household.support_records.select_related("policy", "member").order_by("-delivered_on")[
            :50
        ],
        "surveys": surveys,
        "classifications": household.classifications.select_related("reason_template").order_by(
            "-created_at"
        )[:20],
        "history": history,
        "start_form": StartSurveyForm() if request.user.can_write else None,
        "can_edit": request.user.can_write and household.is_active,
        "events": MemberEvent.objects.filter(Q(from_household=household) | Q(to_household=household))
        .select_related("member", "from_household", "to_household", "recorded_by")
        .order_by("-on", "-pk")[:50],
        "merged_into": next((m for m in merges if m.absorbed_id == household.pk), None),
        "absorbed": [m for m in merges if m.survivor_id == household.pk],
    }
    return render(request, "households/detail.html", context)
