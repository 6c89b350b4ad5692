"""The import history: what was loaded, from where, and what came of it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models.query import EmptyQuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import ImportRun
from .services import mark_abandoned_runs

RUNS_PER_PAGE = 50


def _visible_runs(request: HttpRequest):
    """Runs this user may see; 404 (not a login redirect) for whoever may see none."""
    runs = ImportRun.objects.visible_to(request.user)
    if isinstance(runs, EmptyQuerySet):
        raise Http404
    return runs


def run_list(request: HttpRequest) -> HttpResponse:
    mark_abandoned_runs()
    runs = _visible_runs(request).defer("rejections", "warnings", "skipped")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "imports/run_list.html", {"page": page, "runs": page.object_list})


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mark_abandoned_runs()
    run = get_object_or_404(_visible_runs(request).select_related("data_source"), pk=pk)
    return render(
        request, "imports/run_detail.html", {"run": run, "skip_reasons": run.skip_reasons()}
    )
