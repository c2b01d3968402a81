"""ODK/KoboToolbox bridge pages: the XLSForm download and the submissions import."""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from giamngheo.core.downloads import xlsx_response
from giamngheo.fieldwork.odk.submissions import import_submissions as import_file
from giamngheo.fieldwork.odk.xlsform import xlsform_workbook
from giamngheo.standards import engine


class SubmissionsFileForm(forms.Form):
    file = forms.FileField(label="Tệp xuất từ ODK Central hoặc KoboToolbox (.xlsx, .csv)")


@login_required
def xlsform_download(request, standard_id: str):
    known = {standard.id: standard for standard in engine.available_standards()}
    if standard_id not in known:
        raise Http404
    return xlsx_response(xlsform_workbook(known[standard_id]), f"phieu-khao-sat-{standard_id}.xlsx")


@login_required
def import_submissions(request):
    if not request.user.can_write:
        raise PermissionDenied
    form = SubmissionsFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_file(request.user, upload.name, upload.read())
        if result.workbook:
            name = PurePath(upload.name).stem + "-loi.xlsx"
            return xlsx_response(result.workbook, name)
        if result.problems:
            for problem in result.problems:
                messages.error(request, str(problem))
        else:
            messages.success(request, f"Đã nhập {result.imported} phiếu khảo sát.")
        return redirect("fieldwork:odk_import")
    standards = engine.available_standards()
    return render(request, "fieldwork/odk_import.html", {"form": form, "standards": standards})
