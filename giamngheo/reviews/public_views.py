"""The public portal (no login): posted and final lists with minimal fields, a complaint
form landing in the commune's complaint queue, and statistics with small cells hidden.
Every page asks search engines not to index it: the lists carry people's names."""

import time
from functools import wraps

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reviews import actions, publication
from giamngheo.reviews.models import ComplaintSource, ListRow, ListStage, RoundHousehold

RATE_LIMIT = 5  # complaints per IP address
RATE_WINDOW_SECONDS = 3600
MIN_FILL_SECONDS = 5
MAX_FILL_SECONDS = 2 * 3600
SALT = "reviews.public.complaint"


def noindex(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


@noindex
def index(request):
    snapshots = publication.public_snapshots().order_by("unit__province__name", "unit__name")
    communes = {}
    for snapshot in snapshots:
        communes.setdefault(snapshot.unit_id, snapshot.unit)
    return render(request, "reviews/public/index.html", {"communes": list(communes.values())})


def _public_commune(commune_id: int) -> AdminUnit:
    commune = get_object_or_404(AdminUnit, pk=commune_id, level=Level.COMMUNE)
    if not publication.public_snapshots().filter(unit=commune).exists():
        raise Http404("Không có danh sách công khai.")
    return commune


@noindex
def commune(request, commune_id: int):
    unit = _public_commune(commune_id)
    snapshots = (
        publication.public_snapshots().filter(unit=unit).order_by("-year", "stage", "-version", "kind")
    )
    for item in snapshots:  # the same k >= 5 rule as the statistics: a count never undoes it
        item.households_shown = publication.suppressed_count(item.households)
    posted = [s for s in snapshots if s.stage == ListStage.PRELIMINARY]
    final = [s for s in snapshots if s.stage == ListStage.FINAL]
    context = {"commune": unit, "posted": posted, "final": final}
    return render(request, "reviews/public/commune.html", context)


@noindex
def snapshot(request, pk: int):
    item = publication.public_snapshots().filter(pk=pk).first()
    if item is None:
        raise Http404("Không có danh sách công khai.")
    context = {"snapshot": item, "rows": publication.public_rows(item), "today": timezone.localdate()}
    return render(request, "reviews/public/list.html", context)


class PublicComplaintForm(forms.Form):
    complainant_name = forms.CharField(label="Họ và tên người khiếu nại", max_length=120)
    complainant_phone = forms.RegexField(
        label="Số điện thoại", regex=r"^[0-9 +().-]{8,20}$", max_length=20,
        error_messages={"invalid": "Số điện thoại không hợp lệ."},
    )  # fmt: skip
    row = forms.TypedChoiceField(label="Hộ được khiếu nại", coerce=int, required=False, empty_value=None)
    household_text = forms.CharField(
        label="Hoặc ghi tên hộ (nếu không có trong danh sách)", max_length=200, required=False
    )
    text = forms.CharField(
        label="Nội dung khiếu nại", max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    website = forms.CharField(label="Trang web", required=False)  # honeypot: people never see it
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = [("", "— Chọn hộ trong danh sách niêm yết —")] + [
            (r.pk, f"{r.head_name} — {r.village_name or 'không rõ thôn'}") for r in rows
        ]
        self.fields["started"].initial = signing.dumps(time.time(), salt=SALT)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError("Không gửi được khiếu nại.")
        return ""

    def clean_started(self):
        try:
            started = float(signing.loads(self.cleaned_data["started"], salt=SALT))
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise ValidationError("Biểu mẫu không hợp lệ; hãy tải lại trang.") from error
        elapsed = time.time() - started
        if elapsed < MIN_FILL_SECONDS:
            raise ValidationError("Bạn gửi quá nhanh; hãy kiểm tra lại nội dung rồi gửi lại.")
        if elapsed > MAX_FILL_SECONDS:
            raise ValidationError("Biểu mẫu đã hết hạn; hãy tải lại trang.")
        return started


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_key(request) -> str:
    return f"reviews:public-complaints:{_client_ip(request)}"


@noindex
def complaint(request, commune_id: int):
    unit = get_object_or_404(AdminUnit, pk=commune_id, level=Level.COMMUNE)
    postings = list(publication.open_postings(unit.pk))
    if not postings:
        raise Http404("Hiện không có danh sách nào đang niêm yết tại xã/phường này.")
    rows = ListRow.objects.filter(snapshot__in=postings).only(
        "pk", "head_name", "village_name", "household_id", "snapshot_id"
    )
    unique: dict[int, ListRow] = {}
    for row in rows.order_by("head_name", "snapshot_id"):
        unique.setdefault(row.household_id, row)
    rows = list(unique.values())
    form = PublicComplaintForm(request.POST or None, rows=rows)
    context = {"commune": unit, "form": form, "postings": postings}
    if request.method != "POST":
        return render(request, "reviews/public/complaint.html", context)
    if cache.get(_rate_key(request), 0) >= RATE_LIMIT:
        context["limited"] = True
        return render(request, "reviews/public/complaint.html", context, status=429)
    _count_submission(request)
    if not form.is_valid():
        return render(request, "reviews/public/complaint.html", context, status=400)
    data = form.cleaned_data
    row = next((r for r in rows if r.pk == data["row"]), None)
    posting = next((p for p in postings if row is None or p.pk == row.snapshot_id), postings[0])
    entry = (
        RoundHousehold.objects.filter(round_id=posting.round_id, household_id=row.household_id).first()
        if row
        else None
    )
    try:
        actions.receive_complaint(
            posting.round, None, source=ComplaintSource.PORTAL, complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"], household_text=data["household_text"],
            text=data["text"], round_household=entry,
        )  # fmt: skip
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return render(request, "reviews/public/complaint.html", context, status=400)
    return render(request, "reviews/public/complaint_received.html", context)


def _count_submission(request) -> None:
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW_SECONDS)


@noindex
def statistics(request):
    return render(
        request,
        "reviews/public/statistics.html",
        {"rows": publication.public_statistics(), "small": publication.SMALL_CELL},
    )
