"""Pages of review rounds for officers. Views stay thin: they read through
`reviews.queries` (area scope) and write through `reviews.actions`."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.params import is_digits
from giamngheo.core.pdf import pdf_response, render_pdf
from giamngheo.core.uploads import limit_uploads
from giamngheo.households.models import Household, Status
from giamngheo.reviews import actions, documents, forms, guards, queries, workdays
from giamngheo.reviews.consolidation import consolidate, consolidation_workbook
from giamngheo.reviews.document_views import refuse_oversize
from giamngheo.reviews.exports import decision_notes, list_notes, list_subtitle, list_title, list_workbook
from giamngheo.reviews.models import (
    Complaint,
    Decision,
    MeetingOutcome,
    RoundKind,
    RoundStatus,
    ScreenResult,
    TeamRole,
)
from giamngheo.reviews.permissions import COMMUNE_ROLES, can_act_on_unit, is_province_officer
from giamngheo.reviews.steps import StepCode

PAGE_SIZE = 100


def _attempt(request, work: Callable[[], object], success: str) -> bool:
    try:
        work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _back(round_):
    return redirect("reviews:detail", pk=round_.pk)


@login_required
def round_list(request):
    rounds = queries.top_rounds_for(request.user).order_by("-year", "-pk")
    status = request.GET.get("trang_thai", "")
    if status in RoundStatus.values:
        rounds = rounds.filter(status=status)
    page = Paginator(rounds, 50).get_page(request.GET.get("trang"))
    user = request.user
    # Only those who may act on rounds (not village collaborators) are offered the forms.
    writes_rounds = user.can_write and (user.is_superuser or user.role in COMMUNE_ROLES)
    context = {
        "page": page,
        "status": status,
        "statuses": RoundStatus.choices,
        "province_form": forms.OpenRoundForm(user=user, level=Level.PROVINCE)
        if is_province_officer(user)
        else None,
        "commune_form": forms.OpenRoundForm(user=user, level=Level.COMMUNE) if writes_rounds else None,
        "adhoc_form": forms.AdHocForm(initial={"applied_on": timezone.localdate()})
        if writes_rounds
        else None,
    }
    return render(request, "reviews/round_list.html", context)


@login_required
@require_POST
def open_round(request, level: str):
    form = forms.OpenRoundForm(request.POST, user=request.user, level=level)
    if not form.is_valid():
        messages.error(request, "Thông tin mở đợt rà soát chưa hợp lệ: " + form.errors.as_text())
        return redirect("reviews:list")
    data = form.cleaned_data
    opener = actions.open_province_round if level == Level.PROVINCE else actions.open_commune_round
    result = {}

    def work():
        result["round"] = opener(
            data["unit"],
            data["year"],
            request.user,
            standard_id=data["standard_id"],
            second_standard_id=data["second_standard_id"],
            posting_days=data["posting_days"],
            with_consultation=data["with_consultation"],
            standard_override_reason=data["standard_override_reason"],
        )

    if _attempt(request, work, f"Đã mở đợt rà soát năm {data['year']} cho {data['unit']}."):
        return _back(result["round"])
    return redirect("reviews:list")


@login_required
@require_POST
def open_adhoc(request):
    form = forms.AdHocForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thông tin đề nghị chưa hợp lệ: " + form.errors.as_text())
        return redirect("reviews:list")
    data = form.cleaned_data
    household = scoped(Household.objects.filter(code=data["household_code"].strip()), request.user).first()
    if household is None:
        messages.error(request, "Không tìm thấy hộ có mã này trong địa bàn của bạn.")
        return redirect("reviews:list")
    result = {}

    def work():
        result["round"] = actions.open_adhoc_review(
            household, request.user, applied_on=data["applied_on"], note=data["note"]
        )

    if _attempt(request, work, f"Đã tiếp nhận đề nghị của hộ {household.head_name}."):
        return _back(result["round"])
    return redirect("reviews:list")


@login_required
def round_detail(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    steps = list(round_.steps.order_by("position").prefetch_related("documents"))
    today = timezone.localdate()
    can_act = can_act_on_unit(round_.unit, request.user)
    decision = Decision.objects.filter(round=round_).first()
    context = {
        "round": round_,
        "steps": [(s, s.is_overdue(today)) for s in steps],
        "current": queries.current_step(steps),
        "can_act": can_act and round_.is_open,
        "may_write": can_act,
        "is_province_officer": is_province_officer(request.user),
        "decision": decision,
        "today": today,
        "caveats": guards.caveats_for(round_.standard_id),
        "comparison_run": queries.comparison_run(round_),
        "screen_conflicts": queries.quick_screen_conflicts(round_)[:50],
        "document_max_mb": settings.GIAMNGHEO_DOCUMENT_MAX_MB,
        "retention_text": documents.retention_text(round_.year),
    }
    if round_.is_province_round:
        context["overview"] = queries.province_overview(round_)
        return render(request, "reviews/province_round.html", context)
    entries = round_.households.select_related("household", "household__village")
    posting = actions.latest_posting(round_)
    current = context["current"]
    preparing = current is not None and current.code == StepCode.PREPARE
    context |= _team_context(round_, editable=context["can_act"] and preparing)
    context |= {
        "counts": [
            (Status(s).label if s else "Chưa phân loại", n) for s, n in queries.status_counts(round_).items()
        ],
        "listed": entries.count(),
        "waiting_meeting": entries.exclude(screen_result=ScreenResult.EXCLUDED)
        .exclude(meeting_outcome=MeetingOutcome.AGREED)
        .count(),
        "meetings": round_.meetings.select_related("village"),
        "complaints": round_.complaints.select_related("round_household__household"),
        "snapshots": queries.latest_snapshots(round_),
        "posting": posting,
        "certificates": decision.certificates.count() if decision else 0,
        "complaint_form": forms.ComplaintForm(
            entries=entries.order_by("household__code")[:500], initial={"received_on": today}
        ),
        "answer_form": forms.AnswerForm(),
        "decision_form": forms.DecisionForm(
            initial={"signed_on": today},
            placeholder_tables=guards.rests_on_placeholder_tables(round_.standard_id),
        ),
        "posting_form": forms.PostingForm(initial={"starts_on": today}),
        "entries": entries.order_by("household__code")[:PAGE_SIZE]
        if round_.kind == RoundKind.AD_HOC or entries.count() <= PAGE_SIZE
        else None,
    }
    return render(request, "reviews/round_detail.html", context)


def _team_context(round_, *, editable: bool) -> dict:
    """The board and reviewers of a periodic round; the form only while the user may change them."""
    if round_.kind != RoundKind.PERIODIC:
        return {}
    return {
        "team": queries.team_of(round_),
        "team_editable": editable,
        "team_form": forms.TeamMemberForm(villages=queries.villages_of(round_)) if editable else None,
        "villages_without_reviewer": queries.villages_without_reviewer(round_),
    }


def _step_of(request, pk: int, step_pk: int):
    round_ = queries.round_for(request.user, pk)
    return round_, get_object_or_404(round_.steps, pk=step_pk)


@login_required
@require_POST
def complete_step(request, pk: int, step_pk: int):
    round_, step = _step_of(request, pk, step_pk)
    note = request.POST.get("note", "")
    _attempt(
        request,
        lambda: actions.complete_step(step, request.user, note),
        f"Đã hoàn thành bước “{step.get_code_display()}”.",
    )
    return _back(round_)


@login_required
@require_POST
def reopen_step(request, pk: int, step_pk: int):
    round_, step = _step_of(request, pk, step_pk)
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: actions.reopen_step(step, request.user, reason),
        f"Đã mở lại bước “{step.get_code_display()}”.",
    )
    return _back(round_)


@login_required
@require_POST
def add_team_member(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    form = forms.TeamMemberForm(request.POST, villages=queries.villages_of(round_))
    if not form.is_valid():
        messages.error(request, "Thông tin thành viên chưa hợp lệ: " + form.errors.as_text())
        return _back(round_)
    data = form.cleaned_data
    role = TeamRole(data["role"]).label
    _attempt(
        request,
        lambda: actions.add_team_member(round_, request.user, **data),
        f"Đã thêm {data['full_name']} ({role.lower()}).",
    )
    return _back(round_)


@login_required
@require_POST
def remove_team_member(request, pk: int, member_pk: int):
    round_ = queries.round_for(request.user, pk)
    member = get_object_or_404(round_.team, pk=member_pk)
    _attempt(
        request,
        lambda: actions.remove_team_member(member, request.user),
        f"Đã xoá {member.full_name} khỏi Ban chỉ đạo và rà soát viên.",
    )
    return _back(round_)


@login_required
@require_POST
def list_households(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    _attempt(
        request,
        lambda: actions.list_round_households(round_, request.user),
        "Đã lập danh sách hộ cần rà soát.",
    )
    return _back(round_)


@login_required
@require_POST
def classify(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    _attempt(
        request, lambda: actions.classify_round(round_, request.user), "Đã phân loại theo phiếu khảo sát."
    )
    return _back(round_)


@login_required
@limit_uploads(documents.max_bytes)
def meeting(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    if request.method == "POST" and refuse_oversize(request):
        return redirect(request.get_full_path())
    villages = AdminUnit.objects.filter(parent=round_.commune, level=Level.VILLAGE).order_by("name")
    village = villages.filter(pk=request.GET.get("thon") or request.POST.get("village") or 0).first()
    waiting = (
        round_.households.exclude(screen_result=ScreenResult.EXCLUDED)
        .exclude(meeting_outcome=MeetingOutcome.AGREED)
        .select_related("household")
        .order_by("household__head_name")
    )
    if village is not None:
        waiting = waiting.filter(household__village=village)
    form = forms.MeetingForm(
        request.POST or None, request.FILES or None, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        votes, overrides = {}, {}
        for entry in waiting:
            agreed = request.POST.get(f"agreed_{entry.household_id}", "").strip()
            if agreed:
                votes[entry.household_id] = int(agreed) if is_digits(agreed) else -1
            status = request.POST.get(f"status_{entry.household_id}", "")
            if status and status != entry.computed_status:
                overrides[entry.household_id] = (status, request.POST.get(f"reason_{entry.household_id}", ""))

        def work():
            actions.record_meeting(
                round_, request.user, held_on=data["held_on"], attendance=data["attendance"], village=village,
                votes=votes, overrides=overrides, chaired_by=data["chaired_by"], note=data["note"],
                minutes=data.get("minutes"),
            )  # fmt: skip

        if _attempt(request, work, "Đã ghi kết quả họp thôn."):
            return _back(round_)
    context = {
        "round": round_,
        "form": form,
        "villages": villages,
        "village": village,
        "waiting": waiting[:1000],
        "statuses": Status.choices,
        "majority_text": workdays.majority_text(),
    }
    return render(request, "reviews/meeting_form.html", context)


@login_required
def meeting_minutes(request, pk: int, meeting_pk: int):
    round_ = queries.round_for(request.user, pk)
    meeting = get_object_or_404(round_.meetings.select_related("village"), pk=meeting_pk)
    results = meeting.results.select_related("round_household__household").order_by(
        "round_household__household__head_name"
    )
    board, reviewers = queries.meeting_team(round_, meeting.village)
    context = {
        "round": round_,
        "meeting": meeting,
        "results": results,
        "board": board,
        "reviewers": reviewers,
    }
    return pdf_response(
        render_pdf("reviews/print/minutes.html", context), f"bien-ban-hop-thon-{meeting.pk}.pdf"
    )


@login_required
@require_POST
def post_lists(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    form = forms.PostingForm(request.POST)
    starts_on = form.cleaned_data["starts_on"] if form.is_valid() else None
    _attempt(
        request,
        lambda: actions.post_preliminary_lists(round_, request.user, starts_on=starts_on),
        "Đã niêm yết danh sách.",
    )
    return _back(round_)


@login_required
@require_POST
def receive_complaint(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    entries = round_.households.select_related("household")
    form = forms.ComplaintForm(request.POST, entries=entries)
    if not form.is_valid():
        messages.error(request, "Thông tin khiếu nại chưa hợp lệ: " + form.errors.as_text())
        return _back(round_)
    data = form.cleaned_data
    entry = entries.filter(pk=data["round_household"]).first() if data["round_household"] else None

    def work():
        actions.receive_complaint(
            round_, request.user, complainant_name=data["complainant_name"], text=data["text"],
            complainant_phone=data["complainant_phone"], round_household=entry, received_on=data["received_on"],
        )  # fmt: skip

    _attempt(request, work, "Đã tiếp nhận khiếu nại.")
    return _back(round_)


@login_required
@require_POST
def answer_complaint(request, pk: int, complaint_pk: int):
    round_ = queries.round_for(request.user, pk)
    complaint = get_object_or_404(Complaint.objects.filter(round=round_), pk=complaint_pk)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phải ghi nội dung trả lời.")
        return _back(round_)
    data = form.cleaned_data

    def work():
        actions.answer_complaint(
            complaint,
            request.user,
            answer=data["answer"],
            recheck_note=data["recheck_note"],
            new_status=data["new_status"],
        )

    _attempt(request, work, "Đã trả lời khiếu nại.")
    return _back(round_)


@login_required
@require_POST
def issue_decision(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thông tin quyết định chưa hợp lệ: " + form.errors.as_text())
        return _back(round_)
    data = form.cleaned_data

    def work():
        actions.issue_decision(
            round_, request.user, number=data["number"], signed_on=data["signed_on"], signer=data["signer"],
            effective_on=data["effective_on"],
            standard_override_reason=data["standard_override_reason"],
            placeholder_acknowledged_by=data["placeholder_acknowledged_by"],
        )  # fmt: skip

    _attempt(request, work, "Đã ban hành quyết định công nhận và chốt danh sách chính thức.")
    return _back(round_)


@login_required
@require_POST
def issue_certificates(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    result = {}

    def work():
        result["issued"] = actions.issue_certificates(round_, request.user)

    if _attempt(request, work, "Đã cấp giấy chứng nhận."):
        messages.info(request, f"Số giấy chứng nhận mới cấp: {len(result['issued'])}.")
    return _back(round_)


@login_required
def certificates_pdf(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    decision = Decision.objects.filter(round=round_).first()
    if decision is None:
        raise Http404("Chưa có quyết định công nhận.")
    certificates = decision.certificates.order_by("number")
    if not certificates.exists():
        raise Http404("Chưa cấp giấy chứng nhận nào.")
    context = {
        "round": round_,
        "decision": decision,
        "certificates": certificates,
        "notes": decision_notes(round_, decision),
    }
    content = render_pdf("reviews/print/certificates.html", context)
    return pdf_response(content, f"giay-chung-nhan-{round_.unit.code}-{round_.year}.pdf")


@login_required
@require_POST
def submit_report(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    note = request.POST.get("note", "")
    _attempt(
        request, lambda: actions.submit_report(round_, request.user, note), "Đã báo cáo kết quả lên tỉnh."
    )
    return _back(round_)


@login_required
@require_POST
def sign_off(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    _attempt(
        request, lambda: actions.province_sign_off(round_, request.user), "Tỉnh đã phê duyệt kết quả rà soát."
    )
    return _back(round_)


@login_required
@require_POST
def refuse_adhoc(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: actions.refuse_adhoc_review(round_, request.user, reason),
        "Đã trả lời từ chối bằng văn bản.",
    )
    return _back(round_)


@login_required
def snapshot_detail(request, pk: int):
    snapshot = queries.snapshot_for(request.user, pk)
    export = request.GET.get("xuat")
    filename = f"{snapshot.kind}-{snapshot.unit.code}-{snapshot.year}-v{snapshot.version}"
    if export == "xlsx":
        return xlsx_response(list_workbook(snapshot), f"{filename}.xlsx")
    context = {
        "snapshot": snapshot,
        "title": list_title(snapshot),
        "subtitle": list_subtitle(snapshot),
        "notes": list_notes(snapshot),
    }
    if export == "pdf":
        context["rows"] = snapshot.rows.order_by("position")
        return pdf_response(render_pdf("reviews/print/list.html", context), f"{filename}.pdf")
    context["page"] = Paginator(snapshot.rows.order_by("position"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(request, "reviews/snapshot.html", context)


def _province_round_for(request, pk: int):
    round_ = queries.round_for(request.user, pk)
    if not round_.is_province_round:
        raise Http404("Chỉ đợt rà soát cấp tỉnh có danh sách tổng hợp.")
    return round_


@login_required
def consolidation(request, pk: int):
    round_ = _province_round_for(request, pk)
    context = {"round": round_, "consolidation": consolidate(round_)}
    return render(request, "reviews/consolidation.html", context)


@login_required
def consolidation_xlsx(request, pk: int):
    round_ = _province_round_for(request, pk)
    workbook = consolidation_workbook(consolidate(round_))
    return xlsx_response(workbook, f"tong-hop-ra-soat-{round_.unit.code}-{round_.year}.xlsx")
