"""The published plan capacity per municipality of 2021 (Data Bewijst / Follow the Money).

Reading and checking the sheet is pure (no database): ``read_capacity_file`` /
``read_capacity_rows`` and ``capacity_figures``. ``store_capacity`` writes ``PlanCapacity``
rows (database), called by ``manage.py import_plan_capacity`` inside a recorded import run.

Sheet ``plancapaciteit_nl`` of ``plancapaciteit_databewijst.xlsx``, one row per municipality
(by *name*, no codes), columns ``provincie``, ``gemeente``, hard per period ``h2020-2024``,
``h2025-2029``, ``h2030+``, zacht per period ``z2021-2024``, ``z2025-2029``, ``z2030+``,
``htotaal``, ``ztotaal``, ``totaal``, ``onbekend_2021-2024``, ``onbekend_2025-2029``.
The provinces delivered differently: Drenthe only ``totaal``; Groningen, Friesland,
Overijssel and Limburg only ``htotaal``/``ztotaal``/``totaal``; the others hard and zacht per
period (the periods as the source names them: hard from 2020, zacht from 2021).

What is stored per municipality (``reference_year`` 2021):

* always one row ``certainty=""``, no period: ``totaal`` (hard and zacht together, with what
  the source could not place: ``onbekend`` is part of it and not stored apart);
* per certainty (hard, zacht) *either* a row per period the source fills
  (``first_year``/``last_year``; ``2030+`` is ``first_year`` 2030 without ``last_year``) *or*,
  when it fills no period of that certainty, one row without period from ``htotaal`` /
  ``ztotaal``. Never both, so the rows of one certainty can be summed.

An empty cell is unknown and stores no row; a 0 is stored as 0. A fraction (some provinces'
figures were split over periods by a ratio) is not rounded: the row is rejected with the
columns named (rounded phases drift off by one). Where the periods do not add up to the
certainty's total, or hard + zacht to ``totaal``, the figures are kept as published and the
run warns. A name is resolved to a code through the municipalities the platform knows
(``importing_names``); a name that does not resolve is rejected with the
reason, never guessed; a name that fits more than one municipality (Bergen) is resolved by the
row's own ``provincie`` when exactly one of them lies in it, and a name written without a
hyphen (``NederBetuwe``) when it fits exactly one name without spaces and punctuation
(``resolve_name``; both are reported as warnings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.tables.admin_sheet import admin_sheet

from .importing_names import bare_name, normalise_name
from .parsing.duplicates import normalise
from .parsing.segments import Certainty

SHEET = "plancapaciteit_nl"
REFERENCE_YEAR = 2021
COLUMNS = (
    "provincie",
    "gemeente",
    "h2020-2024",
    "h2025-2029",
    "h2030+",
    "z2021-2024",
    "z2025-2029",
    "z2030+",
    "htotaal",
    "ztotaal",
    "totaal",
    "onbekend_2021-2024",
    "onbekend_2025-2029",
)
#: column -> (certainty, first year, last year)
PERIODS: dict[str, tuple[str, int, int | None]] = {
    "h2020-2024": (Certainty.HARD, 2020, 2024),
    "h2025-2029": (Certainty.HARD, 2025, 2029),
    "h2030+": (Certainty.HARD, 2030, None),
    "z2021-2024": (Certainty.SOFT, 2021, 2024),
    "z2025-2029": (Certainty.SOFT, 2025, 2029),
    "z2030+": (Certainty.SOFT, 2030, None),
}
TOTALS = {Certainty.HARD: "htotaal", Certainty.SOFT: "ztotaal"}
UNKNOWN_COLUMNS = ("onbekend_2021-2024", "onbekend_2025-2029")


@dataclass(frozen=True)
class CapacityRow:
    """One row of the sheet: ``row`` is its number as Excel shows it."""

    row: int
    province: str
    name: str
    cells: dict[str, object]

    @property
    def where(self) -> str:
        return f"regel {self.row} ({self.name or '?'})"


@dataclass(frozen=True)
class Figure:
    certainty: str
    first_year: int | None
    last_year: int | None
    units: int


@dataclass
class Figures:
    """What one row gives: the figures to store, or ``problems`` (then nothing of it)."""

    figures: list[Figure]
    problems: list[str]
    warnings: list[str]


def read_capacity_file(path: Path) -> list[CapacityRow]:
    """The rows of the sheet, through the one reader within ``ADMIN_LIMITS``."""
    return read_capacity_rows(admin_sheet(path, SHEET).iter_rows())


def read_capacity_rows(rows: Iterable[tuple]) -> list[CapacityRow]:
    """Header first; ``MalformedFile`` when a column is missing. Empty rows are left out."""
    rows = iter(rows)
    header = [str(cell or "").strip().lower() for cell in next(rows, ()) or ()]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise MalformedFile(
            f"Blad {SHEET!r} mist de kolommen {', '.join(missing)} (gevonden: {header})."
        )
    index = {column: header.index(column) for column in COLUMNS}
    result = []
    for number, values in enumerate(rows, start=2):
        cells = {column: values[i] if i < len(values) else None for column, i in index.items()}
        if all(_blank(value) for value in cells.values()):
            continue
        result.append(
            CapacityRow(
                row=number,
                province=_text(cells["provincie"]),
                name=_text(cells["gemeente"]),
                cells=cells,
            )
        )
    return result


def capacity_figures(row: CapacityRow) -> Figures:
    """The ``PlanCapacity`` figures of one row, by the rules of the module docstring."""
    result = Figures(figures=[], problems=[], warnings=[])
    counts: dict[str, int | None] = {}
    fractions = []
    for column in (*PERIODS, *TOTALS.values(), "totaal"):
        raw = row.cells.get(column)
        try:
            counts[column] = _count(raw)
        except _Fraction:
            fractions.append(f"{column} = {raw:g}".replace(".", ","))
        except _Negative:
            result.problems.append(f"{column} is {raw}: een aantal woningen is 0 of meer")
        except ValueError:
            result.problems.append(f"{column} {raw!r} is geen aantal woningen")
    if fractions:
        result.problems.append(
            "geen hele aantallen (" + "; ".join(fractions) + "): niet afgerond, niet ingelezen"
        )
    if result.problems:
        return result
    total = counts["totaal"]
    if total is None:
        result.problems.append("totaal ontbreekt")
        return result
    result.figures.append(Figure("", None, None, total))
    sums: dict[str, int | None] = {}
    for certainty, total_column in TOTALS.items():
        periods = [
            (column, first, last)
            for column, (kind, first, last) in PERIODS.items()
            if kind == certainty and counts[column] is not None
        ]
        stated = counts[total_column]
        if periods:
            period_sum = 0
            for column, first, last in periods:
                result.figures.append(Figure(certainty, first, last, counts[column]))
                period_sum += counts[column]
            if stated is not None and stated != period_sum:
                result.warnings.append(
                    f"{certainty}: de perioden tellen op tot {period_sum}, {total_column} is "
                    f"{stated}; de perioden zijn opgeslagen zoals gepubliceerd"
                )
            sums[certainty] = period_sum
        elif stated is not None:
            result.figures.append(Figure(certainty, None, None, stated))
            sums[certainty] = stated
    known = [value for value in sums.values() if value is not None]
    if len(known) == 2 and sum(known) != total:
        unknown = [row.cells.get(column) for column in UNKNOWN_COLUMNS]
        note = (
            f" (onbekend per periode: {', '.join(str(v) for v in unknown if v is not None)})"
            if any(v is not None for v in unknown)
            else ""
        )
        result.warnings.append(
            f"hard + zacht = {sum(known)}, totaal = {total}{note}; het totaal is opgeslagen "
            "zoals gepubliceerd"
        )
    return result


class _Fraction(ValueError):
    pass


class _Negative(ValueError):
    pass


def _count(raw: object) -> int | None:
    """A whole number of homes or ``None`` (empty); ``_Fraction`` or ``ValueError`` else."""
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if raw != raw:
            raise ValueError(raw)
        if not raw.is_integer():
            raise _Fraction(raw)
        value = int(raw)
    else:
        text = str(raw).strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(raw)
        value = int(text)
    if value < 0:
        raise _Negative(raw)
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


# ------------------------------------------------------------------------------ names


def resolve_name(
    index, name: str, province: str, provinces: dict[str, set[str]]
) -> tuple[str | None, str]:
    """``index.resolve(name)`` (a ``NameIndex``); when the name fits several municipalities,
    the one in ``province`` (``provinces``: code -> normalised province names), if exactly
    one is. Returns ``(code, remark)`` or ``(None, reason)``."""
    code, remark = index.resolve(name)
    if code is not None or not province:
        return code, remark
    wanted = normalise(province)
    for vintage in index.order:
        for table, lookup in ((index.exact, normalise_name(name)), (index.bare, bare_name(name))):
            codes = table[vintage].get(lookup) or set()
            if len(codes) > 1:
                inside = sorted(c for c in codes if wanted in provinces.get(c, set()))
                if len(inside) == 1:
                    return inside[0], (
                        f"naam {name!r} past op {', '.join(sorted(codes))}; gekoppeld aan "
                        f"{inside[0]} omdat die in {province} ligt"
                    )
    compact = _compact(name)
    matches = {
        code
        for vintage in index.order
        for known, codes in index.exact[vintage].items()
        if _compact(known) == compact
        for code in codes
    }
    if len(matches) == 1:
        (code,) = matches
        return code, f"naam {name!r} gekoppeld aan {code} zonder spaties en leestekens"
    return None, remark


def _compact(name: str) -> str:
    """Letters and digits only: ``Súdwest Fryslân`` and ``Súdwest-Fryslân`` are one name."""
    return normalise(name).replace(" ", "")


# ------------------------------------------------------------------------------ storing


def store_capacity(
    recorder,
    rows: list[CapacityRow],
    index,
    *,
    source: str,
    provinces: dict[str, set[str]] | None = None,
    say=None,
) -> int:
    """Replace every ``PlanCapacity`` row of ``REFERENCE_YEAR`` by those of ``rows`` (inside
    the caller's recorded run); names through ``index`` (a ``NameIndex``) and ``provinces``
    (``resolve_name``). Returns how many rows were stored. Touches the database."""
    from .models import PlanCapacity

    run = recorder.run
    PlanCapacity.objects.filter(reference_year=REFERENCE_YEAR).delete()
    seen: dict[str, int] = {}
    objects = []
    for row in rows:
        recorder.read()
        if not row.name:
            recorder.reject(row.where, "gemeentenaam ontbreekt")
            continue
        code, remark = resolve_name(index, row.name, row.province, provinces or {})
        if code is None:
            recorder.reject(row.where, remark)
            continue
        if remark:
            recorder.warn(row.where, remark)
        if code in seen:
            recorder.reject(row.where, f"{code} staat al op regel {seen[code]}; niet ingelezen")
            continue
        found = capacity_figures(row)
        if found.problems:
            recorder.reject(row.where, "; ".join(found.problems))
            continue
        seen[code] = row.row
        for warning in found.warnings:
            recorder.warn(row.where, warning)
        objects += [
            PlanCapacity(
                municipality_code=code,
                municipality_name=row.name,
                reference_year=REFERENCE_YEAR,
                certainty=figure.certainty,
                first_year=figure.first_year,
                last_year=figure.last_year,
                units=figure.units,
                import_run=run,
                source=source[:400],
            )
            for figure in found.figures
        ]
        recorder.accept()
        if say is not None and recorder.rows_read % 100 == 0:
            say(f"  ... {recorder.rows_read} regels verwerkt")
    PlanCapacity.objects.bulk_create(objects, batch_size=500)
    return len(objects)
