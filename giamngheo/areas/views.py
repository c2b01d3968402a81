from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from giamngheo.areas import queries
from giamngheo.areas.actions import add_dissolved_unit, create_village
from giamngheo.areas.forms import DissolvedUnitForm, UnitSearchForm, VillageForm
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units, unit_in_scope


@login_required
def browse(request):
    era = request.GET.get("era", Era.CURRENT)
    if era not in Era.values:
        era = Era.CURRENT
    units = queries.top_units(request.user, era)
    return render(
        request,
        "areas/browse.html",
        {"units": units, "era": era, "form": UnitSearchForm(initial={"era": era})},
    )


@login_required
def detail(request, pk: int):
    unit = get_object_or_404(AdminUnit.objects.select_related("parent", "province"), pk=pk)
    if not scoped_units(AdminUnit.objects.filter(pk=unit.pk), request.user).exists():
        raise Http404
    context = {
        "unit": unit,
        "children": queries.children(unit, request.user),
        "successors": unit.successions.select_related("new_unit__province"),
        "predecessors": unit.predecessions.select_related("old_unit__parent", "old_unit__province"),
        "village_form": VillageForm() if _can_add_village(unit, request.user) else None,
    }
    return render(request, "areas/detail.html", context)


@login_required
def search(request):
    form = UnitSearchForm(request.GET or None, initial={"era": Era.CURRENT})
    data = form.cleaned_data if form.is_valid() else {}
    query = data.get("q", "")
    era = data.get("era", Era.CURRENT)
    results = queries.search_units(query, request.user, era or None)
    template = "areas/_search_results.html" if request.htmx else "areas/search.html"
    return render(request, template, {"form": form, "results": results, "query": query})


@login_required
def add_village(request, pk: int):
    commune = get_object_or_404(AdminUnit, pk=pk)
    if request.method != "POST":
        return redirect("areas:detail", pk=pk)
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            village = create_village(commune, form.cleaned_data["name"], request.user)
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, f"Đã tạo {village.kind.lower()} “{village.name}”.")
    return redirect("areas:detail", pk=pk)


def _can_add_village(unit: AdminUnit, user) -> bool:
    return (
        unit.level == Level.COMMUNE
        and unit.era == Era.CURRENT
        and user.can_write
        and unit_in_scope(unit, user)
    )


@login_required
def add_unit(request):
    """An administrator adds a unit the bundled list lacks, with its successor."""
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ quản trị hệ thống được thêm đơn vị hành chính.")
    form = DissolvedUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = add_dissolved_unit(form.cleaned_data, request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Đã thêm {unit.name}.")
            return redirect("areas:detail", pk=unit.pk)
    return render(request, "areas/add_unit.html", {"form": form}, status=400 if form.errors else 200)
