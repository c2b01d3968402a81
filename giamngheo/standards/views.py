from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from giamngheo.standards import engine


@login_required
def standard_list(request):
    return render(request, "standards/list.html", {"standards": engine.available_standards()})


@login_required
def standard_detail(request, standard_id: str):
    by_id = {standard.id: standard for standard in engine.available_standards()}
    if standard_id not in by_id:
        raise Http404
    return render(request, "standards/detail.html", {"standard": by_id[standard_id]})
