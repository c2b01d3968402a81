"""ODK/KoboToolbox bridge pages: the XLSForm download and the submissions import."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from giamngheo.core.downloads import xlsx_response
from giamngheo.fieldwork.odk.xlsform import xlsform_workbook
from giamngheo.standards import engine


@login_required
def xlsform_download(request, standard_id: str):
    try:
        standard = engine.load_standard(standard_id)
    except Exception as missing:  # an unknown standard id is a missing page, whatever the loader raises
        raise Http404 from missing
    return xlsx_response(xlsform_workbook(standard), f"phieu-khao-sat-{standard.id}.xlsx")


@login_required
def import_submissions(request):
    raise Http404
