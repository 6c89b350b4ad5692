"""Words and numbers shared by the area pages (profile, trend, group) and their downloads.

Pure functions over plain values and value rows (dicts from ``.values()``): no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .citations import CITATION, SourceLine, source_line
from .formatting import format_value
from .models import Computation, SourceKind, Theme, ValueOrigin, ValueStatus

#: The columns the area pages read of a value row (``IndicatorValue.objects...values()``). The
#: source of a row follows from its import run through ``citations.cite_rows`` (one query for
#: all runs), not from columns of its own.
VALUE_FIELDS = (
    "indicator_id",
    "area_id",
    "area__code",
    "area__name",
    "area__level",
    "area__vintage",
    "period",
    "value",
    "status",
    "note",
    "origin",
    "import_run_id",
    "organisation__name",
)


def area_ids(**lookup):
    """A subquery of area ids (``area_ids(code__in=[...])``). Values are filtered with
    ``area_id__in=`` this rather than through the join (``area__code__in=``): SQLite then
    starts from the few areas instead of every value of the period."""
    from woonmonitor.areas.models import Area

    return Area.objects.filter(**lookup).values("id")


THEME_ORDER = {value: index for index, value in enumerate(Theme.values)}


def indicator_sort_key(indicator) -> tuple:
    return (THEME_ORDER.get(indicator.theme, 99), indicator.order, indicator.key)


@cache
def _catalogue_names() -> dict[str, str]:
    """Indicator names by key, from the shipped catalogue file (no query; the database copy is
    loaded from it)."""
    from .catalogue import read_catalogue

    return {spec.key: spec.name for spec in read_catalogue().indicators}


def indicator_name(key: str) -> str:
    """The Dutch name of an indicator key, lower-cased as in a sentence; the key when unknown."""
    name = _catalogue_names().get(key)
    return name[0].lower() + name[1:] if name else key


def indicator_source(indicator, origin: str | None = None) -> str:
    """Where an indicator comes from, e.g. "CBS 85984NED, AantalInwoners". A ratio indicator
    whose value was imported as published (``origin`` "import") names the publisher, not the
    formula."""
    kind = indicator.source_kind
    if kind == SourceKind.PARTY:
        return _("ingevoerd door partij")
    computed = indicator.computation == Computation.RATIO and origin != ValueOrigin.IMPORTED
    if kind == SourceKind.DERIVED or computed:
        if indicator.numerator and indicator.denominator:
            return _("berekend: %(num)s gedeeld door %(den)s") % {
                "num": indicator_name(indicator.numerator),
                "den": indicator_name(indicator.denominator),
            }
        return _("berekend")
    publisher = str(SourceKind(kind).label) if kind in SourceKind.values else kind
    table = indicator.source_table or ""
    parts = [table if table.startswith(publisher) else f"{publisher} {table}".strip()]
    if indicator.source_variable:
        parts.append(indicator.source_variable)
    return ", ".join(parts)


def display(value: float | None, indicator) -> str:
    """A value in Dutch notation, rounded to the indicator's decimals *in its own unit* first
    (an average WOZ of 230,935 thousand euro is shown as € 231.000, not as € 230.935)."""
    if value is None:
        return ""
    return format_value(round(value, indicator.decimals), indicator.unit, indicator.decimals)


def status_label(status: str) -> str:
    return str(ValueStatus(status).label) if status in ValueStatus.values else status


def reason(status: str, note: str) -> str:
    """ "geheim: minder dan 10 inwoners"; the note alone when it already names the status
    (a source note "CBS: geheim" does not become "geheim: CBS: geheim")."""
    label = status_label(status) if status else _("geen waarde")
    if not note:
        return label
    return note if label.lower() in note.lower() else f"{label}: {note}"


@dataclass(frozen=True)
class Cell:
    """One public value: the number, or the reason it is not shown."""

    value: float | None
    status: str
    note: str
    text: str
    code: str = ""
    vintage: int | None = None
    #: The readable source (``citations.SourceLine``): citation, peildatum, publication date.
    citation: SourceLine | None = None
    origin: str = ""
    #: The value belongs to another vintage than the page's area (the page says which).
    other_vintage: bool = False

    @property
    def source(self) -> str:
        """The readable source line ("CBS, Kerncijfers ...; peildatum 1 januari 2024; ...")."""
        return self.citation.text if self.citation is not None else ""

    @property
    def reason(self) -> str:
        """Why there is no number ("geheim: minder dan 10 inwoners"), empty when there is."""
        if self.value is not None:
            return ""
        return reason(self.status, self.note)

    @property
    def provisional(self) -> bool:
        return self.status == ValueStatus.PROVISIONAL

    @property
    def html(self) -> str:
        """The cell's content for a table: the number (with "voorlopig" and the vintage when
        they apply) or the reason there is none. Built here rather than in a template
        include: a profile has hundreds of cells."""
        if self.value is None:
            return format_html('<span class="wm-reason">{}</span>', self.reason)
        parts = [conditional_escape(self.text)]
        if self.provisional:
            parts.append(format_html(' <span class="wm-provisional">({})</span>', _("voorlopig")))
        if self.other_vintage and self.vintage:
            parts.append(
                format_html(
                    '<span class="wm-cell-note">{}</span>',
                    _("indeling %(vintage)s") % {"vintage": self.vintage},
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def cell_html(item: Cell | None) -> str:
    """A table cell's content, with a dash (and words for screen readers) for no row at all."""
    if item is None:
        return format_html(
            '<span class="wm-muted" aria-hidden="true">–</span>'
            '<span class="wm-visually-hidden">{}</span>',
            _("geen gegevens"),
        )
    return item.html


def cell(row: dict | None, indicator) -> Cell | None:
    """A cell of a disclosed value row (None when there is no row at all)."""
    if row is None:
        return None
    value = row["value"]
    return Cell(
        value=value,
        status=row["status"],
        note=row.get("note") or "",
        text=display(value, indicator),
        code=row.get("area__code", ""),
        vintage=row.get("area__vintage"),
        citation=row_citation(row, indicator),
        origin=row.get("origin") or "",
    )


def row_citation(row: dict, indicator) -> SourceLine:
    """The row's source line as ``citations.cite_rows`` put it there (with its import run), or
    else from the row and the indicator alone."""
    line = row.get(CITATION)
    return line if line is not None else source_line(row, indicator)


def value_text(indicator):
    """A formatter of this indicator's values for charts and downloads."""
    return lambda value: display(value, indicator)


def nearest_rows(rows: list[dict], key) -> dict:
    """Per ``key(row)`` the row whose vintage lies nearest to its period (later on a tie)."""
    chosen: dict = {}
    for row in rows:
        k = key(row)
        best = chosen.get(k)
        distance = (abs(row["area__vintage"] - row["period"]), -row["area__vintage"])
        if best is None or distance < (
            abs(best["area__vintage"] - best["period"]),
            -best["area__vintage"],
        ):
            chosen[k] = row
    return chosen


def default_period(counts: dict[int, int]) -> int | None:
    """The period a page opens on: the latest one with values for at least a quarter as many
    indicators as the fullest period, so that a far year holding only a prognosis is not
    the default (it stays one click away in the period list)."""
    if not counts:
        return None
    fullest = max(counts.values())
    return max(period for period, count in counts.items() if count * 4 >= fullest)


@dataclass(frozen=True)
class PeriodRange:
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def period_ranges(periods) -> tuple[PeriodRange, ...]:
    """Consecutive years as ranges, newest first: (2012..2020, 2022) -> "2022", "2012–2020"."""
    ranges: list[PeriodRange] = []
    for period in sorted(set(periods)):
        if ranges and period == ranges[-1].last + 1:
            ranges[-1] = PeriodRange(ranges[-1].first, period)
        else:
            ranges.append(PeriodRange(period, period))
    return tuple(reversed(ranges))
