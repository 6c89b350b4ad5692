"""The readable source of a value: the one place that turns a value row into a source line.

Beside a figure a person reads who published it and in which table (``citation``), the date the
figure is about (peildatum, from the source's rule and the value's period), the publication date
of the table where it is known and the publisher's status. Never how the file reached us (the
route, a file name: those are on the sources page) nor when we loaded it (the API gives that as
``loaded_at``, apart from the other two dates).

    line = source_line(row, indicator, run)
    line.citation   # "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    line.details    # "peildatum 1 januari 2024; gepubliceerd 27 maart 2025; Definitief, ..."

Where a value comes from decides its line:

- ingelezen: the import run's source in the sources table (``imports/data/sources.toml``); a run
  from before that table (without ``data_source``) is cited by the indicator's own table;
- ingevoerd: "Ingevoerd door <organisatie>", about the period (a party gives no peildatum);
- opgeteld / berekend: the Woonmonitor computation and the table its inputs come from, with that
  table's peildatum (a derived figure is about the date of the figures it is made of).

``source_line`` is pure; ``cite_rows`` adds a line to many rows with one query for their runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.imports.source_texts import long_date, rule_text
from woonmonitor.imports.sources import (
    Reference,
    SourceEntry,
    SourceTableError,
    read_sources,
    resolve,
)

from .models import SourceKind, ValueOrigin

#: A source without figures about a moment (``Reference.NONE`` in the sources table).
NO_REFERENCE = getattr(Reference, "NONE", "geen")

#: The row key under which ``cite_rows`` puts a value row's ``SourceLine``.
CITATION = "citation"


@dataclass(frozen=True)
class RunSource:
    """What may be said about one import run beside its values: its source, when it was loaded."""

    entry: SourceEntry | None
    loaded_at: datetime | None = None


@dataclass(frozen=True)
class SourceLine:
    """The source of one value as a person reads it."""

    citation: str
    period: int | None = None
    reference: str = ""
    reference_date: date | None = None
    published_on: date | None = None
    status: str = ""
    #: When we loaded the value: for the API's ``loaded_at`` only, never shown beside a figure.
    loaded_at: datetime | None = field(default=None, compare=False)

    @property
    def reference_text(self) -> str:
        """ "peildatum 1 januari 2024"; "over 2024" for a figure about a whole year or a year
        without a known day (a party's input); empty without either."""
        if self.reference == NO_REFERENCE:
            return ""
        if self.reference == Reference.YEAR and self.period is not None:
            return _("over %(year)s") % {"year": self.period}
        if self.reference_date is not None:
            return _("peildatum %(date)s") % {"date": long_date(self.reference_date)}
        if self.period is not None:
            return _("over %(year)s") % {"year": self.period}
        return self.rule_text

    @property
    def rule_text(self) -> str:
        """The reference rule for a list of sources over several years: "peildatum 1 januari
        van het jaar"."""
        return rule_text(self.reference, self.reference_date)

    @property
    def published_text(self) -> str:
        if self.published_on is None:
            return ""
        return _("gepubliceerd %(date)s") % {"date": long_date(self.published_on)}

    @property
    def details(self) -> str:
        """Peildatum, publication date and status, as far as known."""
        return "; ".join(
            part for part in (self.reference_text, self.published_text, self.status) if part
        )

    @property
    def text(self) -> str:
        return "; ".join(part for part in (self.citation, self.details) if part)

    def __str__(self) -> str:
        return self.text

    def without_period(self) -> SourceLine:
        """The same source for a list over several years (the rule instead of one date)."""
        return SourceLine(self.citation, None, self.reference, None, self.published_on, self.status)


# ----------------------------------------------------------------------------- the basis


@cache
def _table_keys() -> tuple[tuple[str, frozenset[str], str], ...]:
    """(key, table ids, title) of each source of the sources table, in its order."""
    out = []
    for key, raw in read_sources().items():
        tables = {str(table) for table in raw.get("tables", {}).values()}
        if raw.get("table"):
            tables.add(str(raw["table"]))
        out.append((key, frozenset(tables), str(raw["title"]).split("{", 1)[0].strip()))
    return tuple(out)


def source_key_for(table: str) -> str | None:
    """The key of the source that publishes ``table`` (a CBS table id, or the start of a
    title): the first such source in the sources table."""
    table = (table or "").strip()
    if not table:
        return None
    for key, tables, title in _table_keys():
        if table in tables or (title and title.lower().startswith(table.lower())):
            return key
    return None


#: ``{(indicator id, period, vintage): sources}`` of the imported values (``basis_sources``).
Basis = Mapping[tuple[int, int, int], tuple[SourceEntry, ...]]


def basis_sources() -> Basis:
    """The sources the imported values of each indicator, period and vintage come from: what a
    sum or ratio the Woonmonitor computed from them rests on. One aggregate query per version
    of the data (cached as a document keyed on the latest successful import run), plus one
    lookup of that run."""
    from django.db.models import Max

    from woonmonitor.document_cache import cached_document
    from woonmonitor.imports.models import ImportRun

    # Imported values only come with a successful run: the latest run is their version.
    latest = ImportRun.objects.succeeded().aggregate(latest=Max("pk"))["latest"]
    return cached_document(None, "value-basis-sources", [f"run{latest}"], _read_basis)


def _read_basis() -> dict[tuple[int, int, int], tuple[SourceEntry, ...]]:
    from woonmonitor.imports.models import DataSource

    from .models import IndicatorValue

    combos = IndicatorValue.objects.current().import_sources()
    entries = {
        source.pk: source.entry
        for source in DataSource.objects.filter(pk__in={combo[3] for combo in combos})
    }
    found: dict[tuple[int, int, int], list[SourceEntry]] = {}
    for indicator, period, vintage, source in sorted(combos):
        found.setdefault((indicator, period, vintage), []).append(entries[source])
    return {key: tuple(value) for key, value in found.items()}


def _basis_of(
    indicator, row: Mapping, related: Mapping[str, object] | None, basis: Basis | None
) -> tuple[SourceEntry, ...]:
    """The sources of the imported values a derived row was computed from: the same indicator
    in smaller areas (a sum), or its numerator in the same area (a ratio)."""
    if not basis:
        return ()
    period, vintage = row.get("period"), row.get("area__vintage")
    own = getattr(indicator, "pk", None)
    numerator = (related or {}).get(getattr(indicator, "numerator", "") or "")
    for candidate in (own, getattr(numerator, "pk", None)):
        if candidate is not None and (candidate, period, vintage) in basis:
            return basis[(candidate, period, vintage)]
    return ()


def basis_entry(
    indicator, vintage: int | None, related: Mapping[str, object] | None = None
) -> SourceEntry | None:
    """The source an indicator's figures come from, for the area classification ``vintage``:
    its own table, or (for an indicator computed by the Woonmonitor) its numerator's."""
    table = getattr(indicator, "source_table", "") or ""
    if not table and related:
        numerator = related.get(getattr(indicator, "numerator", "") or "")
        table = getattr(numerator, "source_table", "") if numerator is not None else ""
    key = source_key_for(table)
    if key is None:
        return None
    try:
        return resolve(key, vintage)
    except SourceTableError:
        return None


def _catalogue_citation(indicator) -> str:
    """The indicator's own words for its source, for a value no source table entry fits."""
    kind = getattr(indicator, "source_kind", "")
    publisher = str(SourceKind(kind).label) if kind in SourceKind.values else ""
    table = getattr(indicator, "source_table", "") or ""
    return ", ".join(part for part in (publisher, table) if part) or _("bron onbekend")


def _from_entry(
    citation: str,
    entry: SourceEntry | None,
    period: int | None,
    status: str = "",
    offset: int = 0,
) -> SourceLine:
    """``offset``: the indicator's ``reference_offset`` (WOZ: -1, valued a year earlier)."""
    if entry is None:
        return SourceLine(citation, period, status=status)
    return SourceLine(
        citation,
        period,
        entry.reference,
        entry.reference_date_for(period + offset if period is not None else None),
        entry.published_on,
        status or entry.status,
    )


# ----------------------------------------------------------------------------- the line


def source_line(
    row: Mapping,
    indicator,
    run: RunSource | None = None,
    related: Mapping[str, object] | None = None,
    basis: Basis | None = None,
) -> SourceLine:
    """The readable source of one value row (a dict with ``origin``, ``period``,
    ``area__vintage`` and, for input, ``organisation__name``). ``run`` is the row's import run
    (see ``run_sources``); ``related`` maps indicator keys to indicators, for the numerator of
    an indicator the Woonmonitor computes; ``basis`` (see ``basis_sources``) says which sources
    the imported values behind a derived row came from. Pure."""
    origin = row.get("origin") or ValueOrigin.IMPORTED
    period = row.get("period")
    loaded_at = run.loaded_at if run is not None else None
    if origin == ValueOrigin.ENTERED:
        name = row.get("organisation__name")
        citation = (
            _("Ingevoerd door %(name)s") % {"name": name}
            if name
            else _("Ingevoerd door een partij")
        )
        return SourceLine(citation, period, loaded_at=loaded_at)
    entry = run.entry if run is not None else None
    offset = getattr(indicator, "reference_offset", 0) or 0
    if origin in (ValueOrigin.AGGREGATED, ValueOrigin.COMPUTED):
        how = (
            _("Woonmonitor, opgeteld uit kleinere gebieden")
            if origin == ValueOrigin.AGGREGATED
            else _("Woonmonitor, berekend uit andere indicatoren")
        )
        inputs = _basis_of(indicator, row, related, basis)
        chosen = inputs[0] if inputs else basis_entry(indicator, row.get("area__vintage"), related)
        citations = list(dict.fromkeys(item.citation for item in inputs)) or [
            chosen.citation if chosen else _catalogue_citation(indicator)
        ]
        citation = _("%(how)s; bron: %(source)s") % {"how": how, "source": "; ".join(citations)}
        status = entry.status if entry is not None else _("afgeleid")
        line = _from_entry(citation, chosen, period, status, offset)
    else:
        if entry is None:  # a run from before the sources table, or none at all
            entry = basis_entry(indicator, row.get("area__vintage"), related)
        citation = entry.citation if entry is not None else _catalogue_citation(indicator)
        line = _from_entry(citation, entry, period, offset=offset)
    return SourceLine(
        line.citation,
        line.period,
        line.reference,
        line.reference_date,
        line.published_on,
        line.status,
        loaded_at,
    )


def source_columns(line: SourceLine | None) -> dict:
    """The source columns of a download row: the citation, the peildatum and the publication
    date (ISO dates; None when unknown). Never the loading date: see ``citation_fields``."""
    if line is None:
        return {"source": "", "reference_date": None, "published_on": None}
    return {
        "source": line.citation,
        "reference_date": line.reference_date.isoformat() if line.reference_date else None,
        "published_on": line.published_on.isoformat() if line.published_on else None,
    }


def source_cells(line: SourceLine | None) -> list[str]:
    """``source_columns`` as CSV cells: bron, peildatum, gepubliceerd_op ("" when unknown)."""
    return [value or "" for value in source_columns(line).values()]


#: The CSV headers of ``source_cells`` in the pages' Dutch downloads.
SOURCE_HEADERS = ("bron", "peildatum", "gepubliceerd_op")


def citation_fields(line: SourceLine | None) -> dict:
    """``source_columns`` and ``loaded_at``, when the value was loaded: for the API, which
    documents the three dates apart; the pages' downloads leave it out."""
    loaded = line.loaded_at if line is not None else None
    return {**source_columns(line), "loaded_at": loaded.isoformat() if loaded else None}


# ----------------------------------------------------------------------------- many rows


def run_sources(run_ids: Iterable[int | None]) -> dict[int, RunSource]:
    """The source and loading moment of each import run: one query."""
    from woonmonitor.imports.models import ImportRun

    ids = {pk for pk in run_ids if pk is not None}
    if not ids:
        return {}
    runs = ImportRun.objects.filter(pk__in=ids).select_related("data_source")
    return {
        run.pk: RunSource(
            run.data_source.entry if run.data_source_id else None,
            timezone.localtime(run.finished_at) if run.finished_at else None,
        )
        for run in runs.only("pk", "finished_at", "data_source")
    }


def _related(indicators: Iterable) -> dict[str, object]:
    """The numerators of indicators without a table of their own: from ``indicators`` when
    they are among them (a page with the whole catalogue), else one query."""
    from .models import Indicator

    indicators = list(indicators)
    known = {indicator.key: indicator for indicator in indicators}
    wanted = {
        indicator.numerator
        for indicator in indicators
        if not indicator.source_table and getattr(indicator, "numerator", "")
    }
    found = {key: known[key] for key in wanted if key in known}
    missing = wanted - set(found)
    if missing:
        found.update(
            (item.key, item)
            for item in Indicator.objects.filter(key__in=missing).only("key", "source_table")
        )
    return found


def cite_rows(rows: list[dict], indicators: Mapping[int, object]) -> list[dict]:
    """Put the ``SourceLine`` of each value row under ``row["citation"]`` (in place; returns
    ``rows``). Rows need ``indicator_id``, ``import_run_id``, ``origin``, ``period``,
    ``area__vintage`` and ``organisation__name``. One query for the runs (and one for the
    numerators of computed indicators, if any), whatever the number of rows."""
    if not rows:
        return rows
    runs = run_sources(row.get("import_run_id") for row in rows)
    related = _related(indicators.values())
    derived = (ValueOrigin.AGGREGATED, ValueOrigin.COMPUTED)
    basis = basis_sources() if any(row.get("origin") in derived for row in rows) else None
    lines: dict[tuple, SourceLine] = {}
    for row in rows:
        key = (
            row["indicator_id"],
            row.get("origin"),
            row.get("import_run_id"),
            row.get("organisation__name"),
            row.get("area__vintage"),
            row.get("period"),
        )
        line = lines.get(key)
        if line is None:
            indicator = indicators.get(row["indicator_id"])
            line = lines[key] = source_line(
                row, indicator, runs.get(row.get("import_run_id")), related, basis
            )
        row[CITATION] = line
    return rows


def distinct_sources(lines: Iterable[SourceLine | None], *, one_period: bool) -> list[SourceLine]:
    """The different sources among ``lines``, in order of first use: for a page's list of
    sources. Over several periods (a trend) a source is listed once with its rule."""
    seen: dict[SourceLine, None] = {}
    for line in lines:
        if line is None:
            continue
        seen.setdefault(line if one_period else line.without_period(), None)
    return list(seen)
