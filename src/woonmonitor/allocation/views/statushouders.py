"""The statushouders pages: the task of each municipality of a region in one half-year (with
CSV and Excel), and the ledger of one municipality (with CSV). Public: the statutory task is
published by the Rijk and placements per municipality and month are published figures (see
``allocation.querysets``). Reads the database through ``allocation.statushouders``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from woonmonitor.downloads import DutchNumber, csv_response
from woonmonitor.spreadsheets import set_value

from .. import statushouders, statutory
from ..ledger import months_of
from ..models import period_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def balance_text(value: int | None) -> str:
    """``voorsprong 4`` / ``achterstand 14`` / ``0``; empty when unknown."""
    if value is None:
        return ""
    if value > 0:
        return _("voorsprong %(n)s") % {"n": value}
    if value < 0:
        return _("achterstand %(n)s") % {"n": -value}
    return "0"


def carried_text(value: int) -> str:
    """What the carried-over balance does to the task: ``+14 achterstand`` / ``−4 voorsprong``."""
    if value < 0:
        return _("+%(n)s achterstand") % {"n": -value}
    if value > 0:
        return _("−%(n)s voorsprong") % {"n": value}
    return "0"


def yes_no(value: bool | None) -> str:
    return "" if value is None else (_("ja") if value else _("nee"))


def note_texts(row) -> list[str]:
    texts = {
        "previous-unknown": _(
            "Van het vorige halfjaar is geen saldo bekend: er is niets meegenomen."
        ),
        "not-consecutive": _(
            "Het vorige halfjaar staat niet in het overzicht: er is niets meegenomen."
        ),
        "no-opening": _(
            "Wat van vóór dit halfjaar nog openstond is niet vastgelegd: er is niets meegenomen."
        ),
        "not-reported": _(
            "Voor dit halfjaar zijn geen plaatsingen opgegeven: het saldo is onbekend "
            "(geen opgave is iets anders dan nul)."
        ),
    }
    return [texts[note] for note in row.notes if note in texts]


# ----------------------------------------------------------------------------- region table


@dataclass(frozen=True)
class Choice:
    region: str
    region_name: str
    status: statushouders.HalfYearStatus | None
    statuses: list[statushouders.HalfYearStatus]
    regions: list[tuple[str, str]]


def _choice(request: HttpRequest) -> Choice:
    regions = statushouders.regions()
    names = dict(regions)
    region = request.GET.get("regio") or statushouders.PROVINCE_SLUG
    if region not in names:
        raise Http404(_("Onbekende regio."))
    statuses = statushouders.half_years()
    wanted = request.GET.get("periode")
    if wanted:
        status = next((s for s in statuses if s.key == wanted), None)
        if status is None:
            raise Http404(_("Voor deze periode is geen landelijk aantal vastgelegd."))
    else:
        status = next((s for s in statuses if s.computable), statuses[0] if statuses else None)
    return Choice(region, names[region], status, statuses, regions)


def _table(choice: Choice):
    if choice.status is None or not choice.status.computable:
        return None
    number = choice.status.national
    return statushouders.region_table(
        choice.region, number.year, number.half, today=timezone.localdate()
    )


def _row_values(item) -> dict:
    """Everything one table row shows, as plain values (shared by page, CSV and Excel)."""
    basis, row, c = item.basis, item.row, item.computation
    return {
        "code": item.code,
        "name": item.name,
        "vg": basis.get("vg"),
        "population": basis.get("population"),
        "override": bool(basis.get("population_override")),
        "national_population": basis.get("national_population"),
        "quotient": statutory.format_fraction(c.quotient) if c else "",
        "raw_task": basis.get("raw_task", item.task.amount if item.task else None),
        "exchange": basis.get("exchange_delta", 0) if item.task else None,
        "task": item.task.amount if item.task else None,
        "origin": item.task.get_origin_display() if item.task else "",
        "carried": row.carried_over if row and row.carried_known else None,
        "corrected": row.corrected if row else None,
        "housed": row.total_housed if row and "not-reported" not in row.notes else None,
        "balance": row.balance if row else None,
        "on_schedule": row.on_schedule if row else None,
        "escalate": bool(row and row.escalate),
        "demo": item.demo,
        "notes": note_texts(row) if row else [],
        "carried_text": carried_text(row.carried_over) if row and row.carried_known else "",
        "balance_text": balance_text(row.balance) if row else "",
    }


@require_GET
def region(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    table = _table(choice)
    rows = [_row_values(item) for item in table or []]
    citations = sorted(
        {
            text
            for item in table or []
            for text in (
                item.basis.get("population_citation"),
                item.basis.get("national_population_citation"),
            )
            if text
        }
    )
    overrides = [
        (item.name, item.basis["population_override"])
        for item in table or []
        if item.basis.get("population_override")
    ]
    totals = {
        name: sum(r[name] for r in rows if r[name] is not None)
        for name in ("task", "corrected", "housed")
    }
    return render(
        request,
        "allocation/statushouders_region.html",
        {
            "choice": choice,
            "rows": rows,
            "missing_tasks": table is not None and not any(r["task"] is not None for r in rows),
            "totals": totals,
            "citations": citations,
            "overrides": overrides,
            "any_demo": any(r["demo"] for r in rows),
            "reference_date": statutory.reference_date(choice.status.national.year)
            if choice.status
            else None,
            "query": request.GET.urlencode(),
        },
    )


TABLE_COLUMNS = (
    ("gemeentecode", "code"),
    ("gemeente", "name"),
    ("landelijk_aantal_vg", "vg"),
    ("inwoners_gemeente_iG", "population"),
    ("inwoners_vastgesteld_art30", "override"),
    ("inwoners_nederland_iN", "national_population"),
    ("vg_x_iG_gedeeld_door_iN", "quotient"),
    ("taak_naar_boven_afgerond", "raw_task"),
    ("uitruil", "exchange"),
    ("taakstelling", "task"),
    ("meegenomen_saldo", "carried"),
    ("taakstelling_na_correctie", "corrected"),
    ("gehuisvest", "housed"),
    ("saldo", "balance"),
    ("op_schema", "on_schedule"),
    ("vier_halfjaren_achter", "escalate"),
    ("demonstratiecijfer", "demo"),
)


def _cell(name: str, value):
    if isinstance(value, bool) or name in ("on_schedule",):
        return yes_no(value)
    if name == "quotient":
        return DutchNumber(value) if value else ""
    return value


def _excel(value):
    """A Dutch-written number back to a number for Excel (which formats it itself)."""
    if isinstance(value, DutchNumber):
        return float(value.replace(".", "").replace(",", "."))
    return value


@require_GET
def region_download(request: HttpRequest, fmt: str) -> HttpResponse:
    choice = _choice(request)
    if fmt not in ("csv", "xlsx") or choice.status is None or not choice.status.computable:
        raise Http404
    rows = [_row_values(item) for item in _table(choice) or []]
    header = [title for title, _name in TABLE_COLUMNS] + ["periode", "bron_landelijk_aantal"]
    number = choice.status.national
    body = [
        [_cell(name, row[name]) for _title, name in TABLE_COLUMNS]
        + [period_label(number.year, number.half), number.source]
        for row in rows
    ]
    filename = f"statushouders-{choice.region}-{number.period}"
    if fmt == "csv":
        return csv_response(f"{filename}.csv", header, body)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Taakstelling"
    for col, title in enumerate(header, start=1):
        set_value(sheet.cell(row=1, column=col), title)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    for r, values in enumerate(body, start=2):
        for col, value in enumerate(values, start=1):
            set_value(sheet.cell(row=r, column=col), _excel(value))
    sources = workbook.create_sheet("Bronnen")
    lines = [number.source, statushouders.RULE] + sorted(
        {row.basis.get("population_citation", "") for row in _table(choice) or []} - {""}
    )
    for r, line in enumerate(lines, start=1):
        set_value(sources.cell(row=r, column=1), line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# ----------------------------------------------------------------------------- ledger


def _book(code: str):
    code = code.upper()
    if code not in statushouders.municipality_names([code]):
        raise Http404(_("Onbekende gemeente."))
    return statushouders.ledger_for(code, today=timezone.localdate())


def _sections(book) -> list[dict]:
    sections = []
    for row in reversed(book.rows):
        task = book.tasks.get((row.year, row.half))
        number = book.national.get((row.year, row.half))
        months = []
        for k, month in enumerate(months_of(row.half)):
            entry = book.months.get((row.year, month))
            months.append(
                {
                    "name": MONTHS[month],
                    "month": month,
                    "housed": entry.count if entry else None,
                    "from": counted_from_label(entry.counted_from) if entry else "",
                    "demo": bool(entry and entry.is_demo),
                    "cumulative": row.cumulative[k],
                    "expected": row.expected_after(k + 1),
                    "expected_text": _fraction(row.expected_after(k + 1)),
                    "on_schedule": row.schedule[k] if k < row.months_elapsed else None,
                }
            )
        computation = statushouders.computation_of(task) if task else None
        sections.append(
            {
                "row": row,
                "label": period_label(row.year, row.half),
                "key": f"{row.year}-{row.half}",
                "task": task,
                "national": number,
                "steps": _steps(computation),
                "months": months,
                "demo": book.has_demo(row.year, row.half),
                "notes": note_texts(row),
                "carried": balance_text(row.carried_over) if row.carried_known else "",
                "balance": balance_text(row.balance),
                "pace_text": _fraction(row.pace),
                "reported": any(m["housed"] is not None for m in months),
                "no_task_reason": _no_task_reason(number) if task is None else "",
            }
        )
    return sections


def _fraction(value) -> str:
    """A pace or expected number, Dutch, one decimal (exact below); empty when unknown."""
    if value is None:
        return ""
    return statutory.format_fraction(value, 1).removesuffix(",0")


def _steps(computation) -> list[str]:
    if computation is None:
        return []
    parties = {code for e in computation.exchanges for code in (e.giver, e.receiver)}
    names = statushouders.municipality_names(parties) if parties else {}
    return statutory.describe(computation, names=names)


def counted_from_label(key: str) -> str:
    return {"municipality": _("gemeente"), "associations": _("corporaties")}.get(key, "")


def _no_task_reason(number) -> str:
    if number is None:
        return _("Voor dit halfjaar is geen landelijk aantal vastgelegd.")
    if number.number is None:
        return _("Het landelijk aantal is alleen bij benadering bekendgemaakt, niet exact.")
    return _(
        "Er is geen taakstelling berekend: de inwonertallen op %(day)s ontbreken of de "
        "berekening is nog niet uitgevoerd."
    ) % {"day": f"{statutory.reference_date(number.year):%d-%m-%Y}"}


@require_GET
def ledger_page(request: HttpRequest, code: str) -> HttpResponse:
    book = _book(code)
    sections = _sections(book)
    return render(
        request,
        "allocation/statushouders_ledger.html",
        {
            "book": book,
            "sections": sections,
            "any_demo": any(s["demo"] for s in sections),
            "escalate": any(s["row"].escalate for s in sections),
        },
    )


LEDGER_COLUMNS = (
    "gemeentecode",
    "gemeente",
    "periode",
    "maand",
    "taakstelling",
    "meegenomen_saldo",
    "taakstelling_na_correctie",
    "tempo_per_maand",
    "gehuisvest_in_maand",
    "gehuisvest_cumulatief",
    "verwacht_na_maand",
    "op_schema",
    "saldo_eind_halfjaar",
    "vier_halfjaren_achter",
    "geteld_van",
    "demonstratiecijfer",
)


@require_GET
def ledger_csv(request: HttpRequest, code: str) -> HttpResponse:
    book = _book(code)
    body = []
    for section in reversed(_sections(book)):
        row = section["row"]
        pace = row.pace
        for month in section["months"]:
            body.append(
                [
                    book.code,
                    book.name,
                    section["label"],
                    f"{row.year}-{month['month']:02d}",
                    row.task,
                    row.carried_over if row.carried_known else None,
                    row.corrected,
                    DutchNumber(statutory.format_fraction(pace)) if pace is not None else None,
                    month["housed"],
                    month["cumulative"],
                    DutchNumber(statutory.format_fraction(month["expected"]))
                    if month["expected"] is not None
                    else None,
                    yes_no(month["on_schedule"]),
                    row.balance,
                    yes_no(row.escalate),
                    month["from"],
                    yes_no(month["demo"]),
                ]
            )
    return csv_response(f"statushouders-{book.code}.csv", LEDGER_COLUMNS, body)
