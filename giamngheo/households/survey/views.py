from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.areas.scope import scoped
from giamngheo.households.models import Household, Survey
from giamngheo.households.survey import actions
from giamngheo.households.survey.forms import (
    CorrectionForm,
    HouseholdAnswersForm,
    MemberAnswersFormSet,
    StartSurveyForm,
    answer_sections,
    standard_for,
)


def _survey(request, pk: int) -> Survey:
    surveys = scoped(Survey.objects.select_related("household__commune", "household__village"), request.user)
    return get_object_or_404(surveys, pk=pk)


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def start(request, household_pk: int):
    household = get_object_or_404(scoped(Household.objects.all(), request.user), pk=household_pk)
    form = StartSurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày khảo sát không hợp lệ.")
        return redirect("households:detail", pk=household.pk)
    survey = actions.start_survey(household, request.user, form.cleaned_data["survey_date"])
    return redirect("surveys:edit", pk=survey.pk)


@login_required
def edit(request, pk: int):
    survey = _survey(request, pk)
    standard = standard_for(survey)
    answers = survey.member_answers.select_related("member").order_by("pk")
    editable = not survey.is_submitted and request.user.can_write
    form = HouseholdAnswersForm(request.POST or None, instance=survey, standard=standard)
    formset = MemberAnswersFormSet(request.POST or None, queryset=answers)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid() and formset.is_valid():
            member_answers = {f.instance.pk: f.cleaned_data for f in formset.forms}
            try:
                actions.save_answers(survey, request.user, form.cleaned_data, member_answers)
                if "submit" in request.POST and not request.POST.get("confirm"):
                    raise ValidationError("Hãy đánh dấu ô xác nhận đã đọc lại phiếu trước khi nộp.")
                if "submit" in request.POST:
                    classification = actions.submit_survey(survey, request.user)
                    messages.success(
                        request, f"Đã nộp phiếu. Kết quả: {classification.get_status_display()}."
                    )
                else:
                    messages.success(request, "Đã lưu bản nháp.")
                return redirect("surveys:edit", pk=survey.pk)
            except ValidationError as error:
                _errors_to_messages(request, error)
        else:
            messages.error(request, "Phiếu có thông tin chưa hợp lệ; xem các ô được đánh dấu.")
    context = {
        "survey": survey,
        "standard": standard,
        "form": form,
        "sections": [
            (title, [form[name] for name in names])
            for title, names in answer_sections(standard, list(form.fields))
        ],
        "formset": formset,
        "editable": editable,
        "classifications": survey.results().select_related("reason_template").order_by("-created_at"),
        "correction_form": CorrectionForm() if survey.is_submitted and request.user.can_write else None,
    }
    return render(request, "households/survey/edit.html", context)


@login_required
@require_POST
def correct(request, pk: int):
    survey = _survey(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phải ghi lý do đính chính.")
        return redirect("surveys:edit", pk=survey.pk)
    try:
        correction = actions.correct_survey(survey, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        _errors_to_messages(request, error)
        return redirect("surveys:edit", pk=survey.pk)
    messages.success(request, f"Đã tạo phiếu đính chính (phiên bản {correction.version}).")
    return redirect("surveys:edit", pk=correction.pk)
