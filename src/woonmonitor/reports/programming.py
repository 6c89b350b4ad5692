"""The locatieatlas of a woondeal region or a municipality as an A4 PDF: the papers of the
locatieatlasoverleg, where plans are matched to need (issue 12, seed 002 #4).

Per municipality: the need (``programming.need_figures``), the plan capacity hard/zacht (the
projects, disclosed for the reader, and the published 2021 totals: ``programming.plans``), the
checks with their status, the projects the reader may see at the peilmoment (name, phase, units
per segment, delivery years) and what changed since the peilmoment before
(``programming.compare``). Demonstration projects are marked on every page. Reads the database.

Logged-in readers may see more than visitors, so only anonymous visitors share a cached
rendering (``woonmonitor.document_cache``), per peilmoment and version of the data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from woonmonitor.document_cache import cached_document
from woonmonitor.programming import dashboard, need_figures, plans
from woonmonitor.programming import peilmoment_reads as reads
from woonmonitor.programming.models import Peilmoment, PlanCapacity, Project, ProjectVersion
from woonmonitor.programming.parameters import WoondealRegion, woondeal_regions
from woonmonitor.programming.parsing.segments import Segment
from woonmonitor.programming.views.peilmomenten import presentation

HORIZON = 2030


@dataclass
class Section:
    """One municipality in the atlas."""

    code: str
    name: str
    need: Any = None  # need.DemographicNeed
    split: Any = None  # need.SplitMember
    published: plans.PublishedCapacity | None = None
    capacity: dict[str, int | None] = field(default_factory=dict)
    checks: list[Any] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, list] = field(default_factory=dict)
    totals: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(self.changes.values())


@dataclass
class Atlas:
    kind: str  # "regio" or "gemeente"
    key: str
    name: str
    region: WoondealRegion | None
    peilmoment: Peilmoment | None
    previous: Peilmoment | None
    on: datetime.date
    sections: list[Section]
    region_need: Any = None  # need_figures.RegionNeed
    dashboard: Any = None  # dashboard.Dashboard: the checks, on its basis
    has_demo: bool = False
    projects_left_out: bool = False
    sources: list[str] = field(default_factory=list)


def _segments_text(data: dict) -> str:
    """Units per segment: the counts above 0, then the units whose segment is unknown (an
    unknown count is never written as 0)."""
    segments = data.get("segments") or {}
    parts = []
    known = 0
    for segment in Segment:
        count = segments.get(segment.value)
        if count:
            parts.append(f"{segment.label} {count}")
        known += count or 0
    rest = int(data.get("units_net") or 0) - known
    if rest > 0 and not segments.get(Segment.UNKNOWN):
        parts.append(_("segment onbekend %(units)s") % {"units": rest})
    return ", ".join(parts) if parts else _("geen woningen")


def _deliveries_text(data: dict) -> str:
    deliveries = data.get("deliveries") or {}
    parts = [f"{year}: {units}" for year, units in sorted(deliveries.items()) if units]
    rest = int(data.get("units_net") or 0) - sum(int(u) for u in deliveries.values())
    if rest > 0:
        parts.append(_("jaar onbekend: %(units)s") % {"units": rest})
    return "; ".join(parts)


def _project_rows(peilmoment: Peilmoment | None, user, codes: list[str]) -> list[dict]:
    """The projects ``user`` may see, as copied at ``peilmoment`` (as they are now without
    one); dropped plans are left out (they are under the changes)."""
    ranks, dropped = reads.rung_order()
    if peilmoment is not None:
        found = reads.copies(peilmoment, user, codes)
    else:
        from woonmonitor.programming.services import project_data

        visible = (
            Project.objects.visible_to(user)
            .filter(duplicate_of__isnull=True, municipality_code__in=codes)
            .select_related("phase__ladder", "owner")
        )
        found = {project.pk: project_data(project) for project in visible}
    rows = []
    for pk, data in found.items():
        rung = (str(data.get("ladder")), str(data.get("phase")))
        if rung in dropped:
            continue
        rows.append(
            {
                "id": pk,
                "code": data.get("municipality_code"),
                "name": data.get("name"),
                "phase": data.get("phase_name"),
                "certainty": data.get("certainty") or "",
                "rank": ranks.get(rung, 0),
                "units": data.get("units_net"),
                "segments": _segments_text(data),
                "deliveries": _deliveries_text(data),
                "is_demo": bool(data.get("is_demo")),
            }
        )
    rows.sort(key=lambda row: (-row["rank"], str(row["name"]).lower()))
    return rows


def check_row(row: dashboard.CheckRow) -> dict[str, Any]:
    """A check of the dashboard as the atlas shows it."""
    title = str(row.title)
    if row.key.startswith(dashboard.REALISATION):
        title = f"{dashboard.CHECK_KEYS[dashboard.REALISATION]} {row.year}"
    return {
        "title": title,
        "need_label": row.need_label,
        "status_label": row.status_label,
        "shielded": row.shielded,
        "sentence": row.check.sentence,
    }


def _capacity(figures: plans.ProjectFigures, code: str) -> dict[str, int | None]:
    return {
        "hard": figures.value("certainty", code, "hard"),
        "zacht": figures.value("certainty", code, "zacht"),
        "total": figures.value("total", code),
        "counted": len(figures.counted.get(code, [])),
    }


def build_atlas(
    *,
    kind: str,
    key: str,
    name: str,
    codes: list[str],
    region: WoondealRegion | None,
    user,
    peilmoment: Peilmoment | None,
    on: datetime.date,
) -> Atlas:
    previous = reads.previous(peilmoment) if peilmoment is not None else None
    names = reads.municipality_names(codes)
    figures = plans.project_figures(user)
    published = plans.published_capacity()
    dash = (
        dashboard.build(region, figures=figures, published=published, on=on, year=HORIZON)
        if region is not None
        else None
    )
    need = dash.need if dash is not None else None
    comparison = (
        reads.compare_peilmomenten(previous, peilmoment, user, codes)
        if previous is not None and peilmoment is not None
        else None
    )
    view = presentation(comparison, names) if comparison is not None else None
    projects = _project_rows(peilmoment, user, codes)
    sections = []
    for code in codes:
        section = Section(code=code, name=names.get(code, code))
        if need is not None:
            section.need = need.demographic_for(code)
            section.split = need.split_for(code)
        section.published = published.by_code.get(code)
        section.capacity = _capacity(figures, code)
        section.projects = [row for row in projects if row["code"] == code]
        if dash is not None:
            section.checks = [
                check_row(row)
                for row in dash.municipality_checks.get(code, []) + dash.realisation.get(code, [])
            ]
        if view is not None:
            for part in ("moves", "changes", "dropped", "new", "slips"):
                section.changes[part] = [row for row in view[part] if row["code"] == code]
            section.totals = [item for item in view["totals"] if item["code"] == code]
        sections.append(section)
    sources = []
    if need is not None:
        if need.target is not None:
            sources.append(need.target.source)
        sources.append(need.region.source)
        sources += need.citations
    sources += published.sources(codes)
    if dash is not None:
        sources += [dash.neighbours_source, dash.new_build_source]
        if dash.price_limit is not None:
            sources.append(dash.price_limit.source)
    return Atlas(
        kind=kind,
        key=key,
        name=name,
        region=region,
        peilmoment=peilmoment,
        previous=previous,
        on=on,
        sections=sections,
        region_need=need,
        dashboard=dash,
        has_demo=any(row["is_demo"] for row in projects)
        or bool(comparison and comparison.has_demo),
        projects_left_out=figures.left_out,
        sources=list(dict.fromkeys(source for source in sources if source)),
    )


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"external resource refused in the locatieatlas: {url}")


def render_html(atlas: Atlas, *, base_url: str) -> str:
    return render_to_string(
        "reports/locatieatlas_pdf.html",
        {
            "atlas": atlas,
            "generated_at": timezone.localtime(),
            "title": _("Locatieatlas %(name)s") % {"name": atlas.name},
            "region_checks": [check_row(row) for row in atlas.dashboard.region_checks]
            if atlas.dashboard is not None
            else [],
            "compare_url": base_url + reverse("programming:peilmoment-compare"),
            "peilmomenten_url": base_url + reverse("programming:peilmomenten"),
            "sources_url": base_url + reverse("areas:sources"),
        },
    )


def atlas_pdf(atlas: Atlas, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_html(atlas, base_url=base_url)
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching).write_pdf()


def filename(atlas: Atlas) -> str:
    when = atlas.peilmoment.date if atlas.peilmoment else atlas.on
    return f"locatieatlas-{atlas.key.lower()}-{when:%Y-%m-%d}.pdf"


def _peilmoment(request: HttpRequest) -> Peilmoment | None:
    if request.GET.get("peilmoment"):
        found = reads.on_date(request.GET["peilmoment"])
        if found is None:
            raise Http404(_("Er is geen peilmoment op deze datum."))
        return found
    return Peilmoment.objects.latest_first().first()


def _fingerprint() -> list[object]:
    """What the atlas depends on besides the request: the latest change of any project,
    peilmoment and published capacity."""
    return [
        ProjectVersion.objects.aggregate(latest=Max("recorded_at"))["latest"],
        Project.objects.aggregate(latest=Max("updated_at"))["latest"],
        Project.objects.count(),
        Peilmoment.objects.aggregate(latest=Max("taken_at"))["latest"],
        PlanCapacity.objects.count(),
        need_figures.prognosis_info(HORIZON).citation,
    ]


def _respond(request: HttpRequest, **arguments: Any) -> HttpResponse:
    peilmoment = _peilmoment(request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    today = timezone.localdate()

    def build() -> tuple[bytes, str]:
        atlas = build_atlas(**arguments, user=request.user, peilmoment=peilmoment, on=today)
        return atlas_pdf(atlas, base_url=base_url), filename(atlas)

    parts = [arguments["kind"], arguments["key"], peilmoment.pk if peilmoment else None]
    parts += [today.isoformat(), base_url, *_fingerprint()]
    content, name = cached_document(request.user, "locatieatlas-pdf", parts, build)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def region_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    region = next((r for r in woondeal_regions() if r.slug == slug), None)
    if region is None:
        raise Http404(_("Deze woondealregio bestaat niet."))
    return _respond(
        request,
        kind="regio",
        key=region.slug,
        name=_("Woondeal %(name)s") % {"name": region.name},
        codes=list(region.codes),
        region=region,
    )


@require_GET
def municipality_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    scope = reads.municipality_scope(code)
    if scope is None:
        raise Http404(_("Deze gemeente bestaat niet."))
    return _respond(
        request,
        kind="gemeente",
        key=scope.key,
        name=scope.name,
        codes=[scope.key],
        region=need_figures.region_of(scope.key),
    )
