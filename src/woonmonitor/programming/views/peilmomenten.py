"""Pages of the peilmomenten: the list (with "peilmoment vastleggen" for the province), and two
peilmomenten compared, with CSV and Excel downloads. Reads the database through
``peilmoment_reads``; writes only through ``services.take_peilmoment``.

Everyone may look; what they see are the projects they may see (``visible_to``). Demonstration
projects are marked on the page and in every download, and have totals of their own.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.downloads import csv_response
from woonmonitor.spreadsheets import set_value, sheet_name

from .. import compare, permissions, services
from .. import peilmoment_reads as reads
from ..models import Peilmoment, Project
from ..parsing.segments import Segment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHANGE_HEADER = (
    "soort",
    "gemeentecode",
    "gemeente",
    "project_id",
    "project",
    "demonstratie",
    "van",
    "naar",
    "woningen",
    "toelichting",
)
TOTAL_HEADER = (
    "gemeentecode",
    "gemeente",
    "demonstratie",
    "woningen_van",
    "nieuw",
    "vervallen",
    "gewijzigd",
    "woningen_tot",
    "hard_van",
    "zacht_van",
    "hard_tot",
    "zacht_tot",
    "projecten_van",
    "projecten_tot",
)


def peilmoment_list(request: HttpRequest) -> HttpResponse:
    visible = Project.objects.visible_to(request.user).filter(duplicate_of__isnull=True)
    peilmomenten = list(
        Peilmoment.objects.latest_first().annotate(
            visible_count=Count("projects", filter=Q(projects__project__in=visible.values("pk")))
        )
    )
    rows = []
    for index, peilmoment in enumerate(peilmomenten):
        before = peilmomenten[index + 1] if index + 1 < len(peilmomenten) else None
        rows.append({"peilmoment": peilmoment, "previous": before})
    return render(
        request,
        "programming/peilmoment_list.html",
        {
            "rows": rows,
            "may_take": permissions.may_take_peilmoment(request.user),
            "current_quarter": services.quarter_end(timezone.localdate()),
        },
    )


@require_POST
@login_redirect
def peilmoment_take(request: HttpRequest) -> HttpResponse:
    require_login(request)
    if not permissions.may_take_peilmoment(request.user):
        raise PermissionDenied(_("Alleen de provincie legt een peilmoment vast."))
    peilmoment, count = services.take_peilmoment(user=request.user)
    messages.success(
        request,
        _("Peilmoment %(date)s vastgelegd: %(count)s projecten gekopieerd.")
        % {"date": peilmoment.date.strftime("%d-%m-%Y"), "count": number_format(count)},
    )
    return redirect("programming:peilmomenten")


# ----------------------------------------------------------------------------- comparing


def _scope(request: HttpRequest) -> reads.Scope | None:
    code = request.GET.get("gemeente", "").strip()
    slug = request.GET.get("regio", "").strip()
    if code:
        scope = reads.municipality_scope(code)
    elif slug:
        scope = reads.region_scope(slug)
    else:
        return reads.Scope("alle", "", _("alle gemeenten"), None)
    if scope is None:
        raise Http404(_("Onbekende gemeente of regio."))
    return scope


def _pair(request: HttpRequest) -> tuple[Peilmoment | None, Peilmoment | None]:
    if "van" not in request.GET and "tot" not in request.GET:
        return reads.latest_two()
    first, second = reads.on_date(request.GET.get("van")), reads.on_date(request.GET.get("tot"))
    if first is None or second is None:
        raise Http404(_("Er is geen peilmoment op deze datum."))
    if first.date > second.date:
        first, second = second, first
    return first, second


def phase_label(move: compare.PhaseMove) -> str:
    words = {compare.UP: _("hoger"), compare.DOWN: _("lager"), compare.OTHER: _("andere fasering")}
    text = words[move.direction]
    if move.crossing == compare.TO_HARD:
        text += ", " + _("van zacht naar hard")
    elif move.crossing == compare.TO_SOFT:
        text += ", " + _("van hard naar zacht")
    return text


def segment_text(change: compare.SegmentChange) -> str:
    label = str(Segment(change.segment).label)
    if change.kind == compare.BECAME_KNOWN:
        return _("%(segment)s: onbekend, nu %(new)s (bekend geworden)") % {
            "segment": label,
            "new": change.new,
        }
    if change.kind == compare.BECAME_UNKNOWN:
        return _("%(segment)s: was %(old)s, nu onbekend") % {"segment": label, "old": change.old}
    return _("%(segment)s: %(old)s naar %(new)s (%(delta)s)") % {
        "segment": label,
        "old": change.old,
        "new": change.new,
        "delta": f"{change.delta:+d}",
    }


def reason_text(reason: str) -> str:
    return {
        compare.ABSENT: _("niet meer in de lijst"),
        compare.DROPPED_RUNG: _("vervallen"),
        compare.OTHER_MUNICIPALITY: _("in een andere gemeente"),
        compare.NEW: _("nieuw"),
        compare.REVIVED: _("weer actief (was vervallen)"),
    }[reason]


def slip_text(slip: compare.Slip) -> str:
    parts = [
        _("%(units)s van %(start)s naar %(end)s")
        % {"units": m.units, "start": m.from_year, "end": m.to_year}
        for m in slip.later + slip.earlier
    ]
    parts += [
        _("%(units)s in %(year)s zonder jaar") % {"units": units, "year": year}
        for year, units in slip.unscheduled
    ]
    parts += [
        _("%(units)s nieuw in %(year)s") % {"units": units, "year": year}
        for year, units in slip.scheduled
    ]
    return "; ".join(parts)


def _project(ref: compare.ProjectRef, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": ref.id,
        "name": ref.name,
        "code": ref.municipality_code,
        "municipality": names.get(ref.municipality_code, ref.municipality_code),
        "is_demo": ref.is_demo,
        "url": reads.project_url(ref.id),
    }


def presentation(result: compare.Comparison, names: dict[str, str]) -> dict[str, Any]:
    """Rows for the page, the PDF and the downloads (every text in Dutch)."""
    moves = [
        _project(m.project, names)
        | {
            "old": m.old_name,
            "new": m.new_name,
            "how": phase_label(m),
            "units": m.units,
            "up": m.direction == compare.UP,
        }
        for m in result.phase_moves
    ]
    changes = [
        _project(c.project, names)
        | {
            "old": c.old_net,
            "new": c.new_net,
            "delta": c.delta,
            "segments": [segment_text(s) for s in c.segments],
        }
        for c in result.unit_changes
    ]
    dropped = [
        _project(d.project, names)
        | {"units": d.units, "why": reason_text(d.reason), "phase": d.phase_name}
        for d in result.dropped
    ]
    new = [
        _project(n.project, names)
        | {"units": n.units, "why": reason_text(n.reason), "phase": n.phase_name}
        for n in result.new
    ]
    slips = [
        _project(s.project, names) | {"text": slip_text(s), "slipped": s.slipped_units}
        for s in result.slips
    ]
    totals = [
        {
            "code": t.municipality_code,
            "municipality": names.get(t.municipality_code, t.municipality_code),
            "row": t,
            "sign": "−" if t.changed < 0 else "+",
            "magnitude": abs(t.changed),
        }
        for t in result.totals
    ]
    per_year = [
        {"start": start, "end": end, "units": units}
        for (start, end), units in compare.slipped_per_year(result.slips).items()
    ]
    return {
        "moves": moves,
        "changes": changes,
        "dropped": dropped,
        "new": new,
        "slips": slips,
        "slipped": [s for s in slips if s["slipped"]],
        "per_year": per_year,
        "totals": totals,
        "real_total": result.grand_total(demo=False),
        "demo_total": result.grand_total(demo=True) if result.has_demo else None,
    }


def change_rows(view: dict[str, Any]) -> list[list[object]]:
    """One row per change, for CSV and Excel (``CHANGE_HEADER``)."""

    def row(kind: str, item: dict, old: object, new: object, units: object, note: str) -> list:
        demo = "ja" if item["is_demo"] else "nee"
        return [
            kind,
            item["code"],
            item["municipality"],
            item["id"],
            item["name"],
            demo,
            old,
            new,
            units,
            note,
        ]

    rows = [row("fase", m, m["old"], m["new"], m["units"], m["how"]) for m in view["moves"]]
    rows += [
        row("aantal", c, c["old"], c["new"], c["delta"], "; ".join(c["segments"]))
        for c in view["changes"]
    ]
    rows += [row("vervallen", d, d["phase"], "", d["units"], d["why"]) for d in view["dropped"]]
    rows += [row("nieuw", n, "", n["phase"], n["units"], n["why"]) for n in view["new"]]
    rows += [row("opleverjaar", s, "", "", s["slipped"], s["text"]) for s in view["slips"]]
    return rows


def total_rows(view: dict[str, Any]) -> list[list[object]]:
    rows = []
    for item in view["totals"]:
        t = item["row"]
        rows.append(
            [
                item["code"],
                item["municipality"],
                "ja" if t.is_demo else "nee",
                t.units_a,
                t.new,
                t.dropped,
                t.changed,
                t.units_b,
                t.certainty_a.get("hard", 0),
                t.certainty_a.get("zacht", 0),
                t.certainty_b.get("hard", 0),
                t.certainty_b.get("zacht", 0),
                t.projects_a,
                t.projects_b,
            ]
        )
    return rows


def _filename(first: Peilmoment, second: Peilmoment, scope: reads.Scope, extension: str) -> str:
    area = f"-{scope.key.lower()}" if scope.key else ""
    return f"peilmomenten-{first.date:%Y-%m-%d}-{second.date:%Y-%m-%d}{area}.{extension}"


def _xlsx(view: dict[str, Any], first: Peilmoment, second: Peilmoment, scope) -> HttpResponse:
    workbook = Workbook()
    taken: set[str] = set()
    sheets = (
        ("Totalen per gemeente", TOTAL_HEADER, total_rows(view)),
        ("Wijzigingen", CHANGE_HEADER, change_rows(view)),
    )
    for number, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        sheet.title = sheet_name(title, taken)
        for column, name in enumerate(header, start=1):
            set_value(sheet.cell(row=1, column=column), name)
        for line, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                set_value(sheet.cell(row=line, column=column), value)
    about = workbook.create_sheet(sheet_name("Over deze vergelijking", taken))
    lines = [
        ("van", first.date.isoformat()),
        ("tot", second.date.isoformat()),
        ("gebied", scope.name),
        (
            "demonstratie",
            "ja: bevat demonstratieprojecten (verzonnen)" if view["demo_total"] else "nee",
        ),
        (
            "let op",
            "alleen de plannen die de downloader mocht zien; "
            "beoordeelde dubbelingen tellen niet mee",
        ),
    ]
    for line, (key, value) in enumerate(lines, start=1):
        set_value(about.cell(row=line, column=1), key)
        set_value(about.cell(row=line, column=2), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(first, second, scope, "xlsx")}"'
    )
    return response


def peilmoment_compare(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    first, second = _pair(request)
    all_peilmomenten = list(Peilmoment.objects.latest_first())
    context: dict[str, Any] = {
        "scope": scope,
        "first": first,
        "second": second,
        "peilmomenten": all_peilmomenten,
        "regions": reads.region_choices(),
        "municipalities": sorted(reads.municipality_names().items(), key=lambda item: item[1]),
        "chosen_code": request.GET.get("gemeente", "").strip().upper(),
        "chosen_region": request.GET.get("regio", "").strip(),
    }
    if first is None or second is None:
        return render(request, "programming/peilmoment_compare.html", context)
    result = reads.compare_peilmomenten(first, second, request.user, scope.codes)
    codes = {t.municipality_code for t in result.totals}
    view = presentation(result, reads.municipality_names(codes))
    download = request.GET.get("formaat", "")
    if download == "csv":
        table = request.GET.get("tabel", "")
        if table == "totalen":
            return csv_response(
                _filename(first, second, scope, "csv").replace(".csv", "-totalen.csv"),
                TOTAL_HEADER,
                total_rows(view),
            )
        return csv_response(
            _filename(first, second, scope, "csv"), CHANGE_HEADER, change_rows(view)
        )
    if download == "xlsx":
        return _xlsx(view, first, second, scope)
    query = request.GET.copy()
    query.pop("formaat", None)
    query.pop("tabel", None)
    query["van"], query["tot"] = first.date.isoformat(), second.date.isoformat()
    context |= {"result": result, "view": view, "query": query.urlencode()}
    return render(request, "programming/peilmoment_compare.html", context)
