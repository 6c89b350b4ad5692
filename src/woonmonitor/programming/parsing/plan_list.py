"""Reading and checking a municipality's own plan list (CSV or Excel, from the template).

Pure: no database. One project (or one delivery year of a project) per row, in the columns:

* ``projectnaam`` (required), ``gemeentecode`` (CBS code, ``GM1681``; required),
  ``ontwikkelaar`` (free text: association, market party, municipality);
* ``woningen_bruto``, ``sloop``, ``woningen_netto``: when all three are given,
  netto = bruto - sloop; an empty ``woningen_netto`` is bruto - sloop when both are given;
* the segments ``sociale_huur``, ``middenhuur``, ``dure_huur``, ``huur_onbekend``,
  ``betaalbare_koop``, ``dure_koop``, ``koop_onbekend``, ``segment_onbekend``: an empty cell is
  **unknown, not 0**. When every segment is given they must add up to ``woningen_netto``;
  when some are empty, the given ones may not exceed it (the rest is unknown);
* the dwelling types ``grondgebonden``, ``appartement``, ``flexwoning`` (building forms: they
  add up to ``woningen_netto`` when all three are given, may not exceed it otherwise) and
  ``nultreden``, ``geclusterd``, ``zorggeschikt`` (features that overlap the forms: a
  zero-step apartment counts in both; each at most ``woningen_netto``, never summed);
* ``fase`` (the rung of the phase ladder, as text; checked against the ladder when the
  caller gives it) and ``oplevering_jaar`` (expected delivery year).

Files are read only through ``woonmonitor.imports.tables`` within ``UPLOAD_LIMITS`` (ADR 10).
Every row is checked and every problem reported with its row number as the spreadsheet
shows it (the header is row 1) and its column, in Dutch; the caller stores nothing unless
there are none (all or nothing). The same project name, municipality and delivery year twice
in one file is an error; a possible duplicate of a project from another source is for
``parsing.duplicates`` (``PlanRow.candidate``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from woonmonitor.imports.tables.template import (
    RowError,
    Table,
    Template,
    UploadError,
    blank,
    cell_text,
    read_upload,
)

from .duplicates import Candidate, normalise
from .segments import FORMS, DwellingType, Segment, Units, parse_count, sum_problem, tally

SOURCE = "planlijst"
SHEET = "Plannen"
MAX_ROWS = 5_000
MAX_NAME = 200
MAX_DEVELOPER = 200
MAX_PHASE = 100

#: segment -> its column (``onbekend`` is ``segment_onbekend``: a bare "onbekend" is unclear)
SEGMENT_COLUMNS: dict[str, str] = {
    segment.value: ("segment_onbekend" if segment == Segment.UNKNOWN else segment.value)
    for segment in Segment
}
TYPE_COLUMNS: tuple[str, ...] = tuple(kind.value for kind in DwellingType)
COLUMNS = (
    "projectnaam",
    "gemeentecode",
    "ontwikkelaar",
    "woningen_bruto",
    "sloop",
    "woningen_netto",
    *SEGMENT_COLUMNS.values(),
    *TYPE_COLUMNS,
    "fase",
    "oplevering_jaar",
)
REQUIRED = ("projectnaam", "gemeentecode", "woningen_netto")
TEMPLATE = Template(sheet=SHEET, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)

_CODE = re.compile(r"GM\d{4}")


@dataclass(frozen=True)
class PlanChecks:
    """What rows are checked against (looked up by the caller); ``None`` is not checked."""

    #: every municipality code Woonmonitor knows
    municipalities: Collection[str] | None = None
    #: the codes the user may enter plans for
    writable: Collection[str] | None = None
    #: the rungs of the phase ladder in force (compared without case)
    phases: Collection[str] | None = None
    first_year: int = 2000
    last_year: int = 2100


@dataclass(frozen=True)
class PlanRow:
    row: int
    name: str
    municipality_code: str
    developer: str
    gross: int | None
    demolition: int | None
    net: int
    #: ``net`` was computed as gross - demolition (the cell was empty)
    net_derived: bool
    #: every segment in the order of ``Segment``; ``count`` ``None`` is unknown
    segments: tuple[Units, ...]
    #: dwelling type -> count (``None`` unknown)
    types: dict[str, int | None]
    phase: str
    delivery_year: int | None

    def segment(self, segment: str) -> int | None:
        return next(unit.count for unit in self.segments if unit.segment == segment)

    def candidate(self, municipality_name: str = "") -> Candidate:
        """For ``find_duplicates``; give the municipality's name to compare across sources."""
        return Candidate(
            SOURCE,
            "",
            self.name,
            municipality_name or self.municipality_code,
            self.row,
        )


@dataclass
class Checked:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_plan_list(name: str, data: bytes) -> Table:
    """A CSV or an Excel workbook (.xlsx, sheet 'Plannen'), told apart by the file name;
    ``UploadError`` (Dutch) when it cannot be read or lacks columns."""
    return read_upload(name, data, TEMPLATE)


def check_upload(name: str, data: bytes, checks: PlanChecks | None = None) -> Checked:
    """Read and check in one go; a file that cannot be read is one error on row 0."""
    try:
        table = read_plan_list(name, data)
    except UploadError as exc:
        return Checked(errors=[RowError(0, "", str(exc))])
    return check_rows(table, checks or PlanChecks())


def check_rows(table: Table, checks: PlanChecks) -> Checked:
    """Check every row; collect all problems rather than stopping at the first."""
    result = Checked()
    seen: dict[tuple[str, str, int | None], int] = {}
    for number, cells in table.rows:
        errors: list[RowError] = []

        def fail(column: str, message: str, number: int = number, errors=errors) -> None:
            errors.append(RowError(number, column, message))

        row = _check_row(number, cells, checks, fail)
        if row is not None:
            key = (normalise(row.name), row.municipality_code, row.delivery_year)
            if key in seen:
                fail(
                    "projectnaam",
                    _(
                        "project '%(name)s' staat met dezelfde gemeente en hetzelfde "
                        "opleveringsjaar al op rij %(row)s"
                    )
                    % {"name": row.name, "row": seen[key]},
                )
            else:
                seen[key] = number
        result.errors.extend(errors)
        if row is not None and not errors:
            result.rows.append(row)
    if result.errors:
        result.rows = []  # all or nothing
    return result


def _check_row(
    number: int, cells: dict, checks: PlanChecks, fail: Callable[[str, str], None]
) -> PlanRow | None:
    failed = False

    def count(column: str) -> int | None:
        nonlocal failed
        try:
            return parse_count(cells.get(column), column)
        except ValueError as exc:
            failed = True
            fail(column, str(exc))
            return None

    name = _text(cells, "projectnaam", MAX_NAME, fail)
    if not name:
        fail("projectnaam", _("projectnaam ontbreekt"))
    code = _check_code(cells.get("gemeentecode"), checks, fail)
    developer = _text(cells, "ontwikkelaar", MAX_DEVELOPER, fail)
    phase = _text(cells, "fase", MAX_PHASE, fail)
    if phase and checks.phases is not None:
        known = {p.strip().lower(): p for p in checks.phases}
        if phase.lower() not in known:
            fail(
                "fase",
                _("onbekende fase '%(phase)s'; kies uit %(phases)s")
                % {
                    "phase": phase,
                    "phases": ", ".join(checks.phases),
                },
            )
        else:
            phase = known[phase.lower()]
    year = _check_year(cells.get("oplevering_jaar"), checks, fail)
    gross, demolition, net = count("woningen_bruto"), count("sloop"), count("woningen_netto")
    segments = tuple(Units(seg, count(col)) for seg, col in SEGMENT_COLUMNS.items())
    types = {column: count(column) for column in TYPE_COLUMNS}
    if failed:
        return None
    derived = False
    if gross is not None and demolition is not None:
        if demolition > gross:
            fail(
                "sloop",
                _("sloop (%(d)s) is meer dan woningen_bruto (%(g)s)")
                % {
                    "d": demolition,
                    "g": gross,
                },
            )
        elif net is None:
            net, derived = gross - demolition, True
        elif net != gross - demolition:
            fail(
                "woningen_netto",
                _(
                    "woningen_netto is %(net)s, maar woningen_bruto min sloop is "
                    "%(gross)s - %(demolition)s = %(difference)s"
                )
                % {
                    "net": net,
                    "gross": gross,
                    "demolition": demolition,
                    "difference": gross - demolition,
                },
            )
    if net is None:
        fail(
            "woningen_netto",
            _("woningen_netto ontbreekt (of vul woningen_bruto en sloop allebei in)"),
        )
        return None
    if gross is not None and net > gross:
        fail(
            "woningen_netto",
            _("woningen_netto (%(net)s) is meer dan woningen_bruto (%(gross)s)")
            % {"net": net, "gross": gross},
        )
    total_name = "woningen_netto"
    problem = sum_problem(
        tally(segments, total=net),
        parts=_("De segmenten (%(columns)s)") % {"columns": ", ".join(SEGMENT_COLUMNS.values())},
        total_name=total_name,
    )
    if problem:
        fail("", problem)
    forms = [Units(Segment.UNKNOWN, types[kind]) for kind in FORMS]
    problem = sum_problem(
        tally(forms, total=net),
        parts=_("De woonvormen (%(columns)s)") % {"columns": ", ".join(FORMS)},
        total_name=total_name,
    )
    if problem:
        fail("", problem)
    for kind, value in types.items():
        if kind not in FORMS and value is not None and value > net:
            fail(
                kind,
                _("%(kind)s (%(value)s) is meer dan woningen_netto (%(net)s)")
                % {
                    "kind": kind,
                    "value": value,
                    "net": net,
                },
            )
    if not name or not code:
        return None
    return PlanRow(
        row=number,
        name=name,
        municipality_code=code,
        developer=developer,
        gross=gross,
        demolition=demolition,
        net=net,
        net_derived=derived,
        segments=segments,
        types=types,
        phase=phase,
        delivery_year=year,
    )


def _text(cells: dict, column: str, limit: int, fail: Callable[[str, str], None]) -> str:
    text = " ".join(cell_text(cells.get(column)).split())
    if len(text) > limit:
        fail(
            column,
            _("%(column)s is langer dan %(limit)s tekens")
            % {
                "column": column,
                "limit": limit,
            },
        )
    return text


def _check_code(raw: object, checks: PlanChecks, fail: Callable[[str, str], None]) -> str:
    code = cell_text(raw).upper().replace(" ", "")
    if code.isdigit() and len(code) <= 4:
        code = f"GM{int(code):04d}"
    if not code:
        fail("gemeentecode", _("gemeentecode ontbreekt"))
    elif not _CODE.fullmatch(code):
        fail(
            "gemeentecode",
            _("'%(code)s' is geen gemeentecode (zoals GM1681)") % {"code": cell_text(raw)},
        )
    elif checks.municipalities is not None and code not in checks.municipalities:
        fail("gemeentecode", _("gemeente %(code)s is onbekend") % {"code": code})
    elif checks.writable is not None and code not in checks.writable:
        fail(
            "gemeentecode",
            _("u mag geen plannen invoeren voor gemeente %(code)s") % {"code": code},
        )
    else:
        return code
    return ""


def _check_year(raw: object, checks: PlanChecks, fail: Callable[[str, str], None]) -> int | None:
    if blank(raw):
        return None
    text = cell_text(raw)
    if not (text.isdigit() and len(text) == 4):
        fail("oplevering_jaar", _("'%(text)s' is geen jaartal (zoals 2027)") % {"text": text})
        return None
    year = int(text)
    if not checks.first_year <= year <= checks.last_year:
        fail(
            "oplevering_jaar",
            _("%(year)s ligt niet tussen %(first)s en %(last)s")
            % {"year": year, "first": checks.first_year, "last": checks.last_year},
        )
        return None
    return year


__all__ = [
    "COLUMNS",
    "REQUIRED",
    "SEGMENT_COLUMNS",
    "TEMPLATE",
    "TYPE_COLUMNS",
    "Checked",
    "PlanChecks",
    "PlanRow",
    "check_rows",
    "check_upload",
    "read_plan_list",
]
