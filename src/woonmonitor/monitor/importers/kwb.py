"""CBS Kerncijfers wijken en buurten (KWB) in the shapes CBS publishes, into monitor values.

Shapes (detected from the content by ``read_kwb_file``):

* ``odata``: a CBS OData v3 TypedDataSet response ``{"odata.metadata": ..., "value": [rows]}``,
  codes padded with spaces (``"GM1681    "``) in ``WijkenEnBuurten`` and ``Codering_3``;
* ``stripped``: a JSON object ``{code: {"AantalInwoners_5": 26014, ...}}``;
* ``cbs-csv``: a StatLine CSV export with the same column keys (``;`` or ``,``).

Which column becomes which indicator is not written here: it follows from the catalogue. An
indicator's ``source_variable`` is the CBS key without its position suffix
(``AantalInwoners`` matches ``AantalInwoners_5`` in 2024 and whatever number another year
uses); a ``source_variable`` with a suffix matches only that exact column, for the few base
names CBS uses twice in one table (``Appartement_54`` electricity, ``Appartement_62`` gas).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from woonmonitor.areas.loaders.codes import COUNTRY_CODE, in_municipalities, normalise_code
from woonmonitor.areas.loaders.kwb import base_key
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import check_file_size, csv_rows
from woonmonitor.imports.sources import table_ids

from . import Parsed, ParsedValue
from .cbs import DEFINITIVE, NOTE_DOT, SENTINEL, CellError, read_cell

CODE_COLUMNS = ("WijkenEnBuurten", "Codering")
INFINITY = float("inf")
#: ``tuple.__new__`` builds a ParsedValue without the Python-level ``__new__`` of NamedTuple.
_new = tuple.__new__
NAME_COLUMN = "Gemeentenaam"
#: KWB writes the country as NL00; the platform's country area is NL01.
COUNTRY_CODES = {"NL00", "NL01"}
#: The CBS tables of Kerncijfers wijken en buurten, one per vintage (the sources table).
KWB_TABLE_IDS = frozenset(table_ids("cbs-kwb").values())


def variable_map(indicators: Iterable[Any]) -> dict[str, str]:
    """``source_variable -> indicator key`` for every directly sourced catalogue indicator.

    When two indicators name the same variable, the one whose ``source_table`` is a KWB table
    wins (a KWB file is read with this map).
    """
    found: dict[str, tuple[bool, str]] = {}
    for indicator in indicators:
        variable = (getattr(indicator, "source_variable", "") or "").strip()
        if not variable or getattr(indicator, "computation", "direct") != "direct":
            continue
        is_kwb = (getattr(indicator, "source_table", "") or "").strip() in KWB_TABLE_IDS
        current = found.get(variable)
        if current is None or (is_kwb and not current[0]):
            found[variable] = (is_kwb, indicator.key)
    return {variable: key for variable, (_, key) in found.items()}


def column_plan(
    columns: Iterable[str], variables: Mapping[str, str]
) -> tuple[list[tuple[str, str]], list[str]]:
    """``([(column, indicator key)], [warnings])`` for the columns of one file."""
    columns = [column for column in columns if column]
    by_base: dict[str, list[str]] = {}
    for column in columns:
        by_base.setdefault(base_key(column), []).append(column)
    plan: list[tuple[str, str]] = []
    warnings: list[str] = []
    for column in columns:
        if column in variables:
            plan.append((column, variables[column]))
            continue
        base = base_key(column)
        if base == column or base not in variables:
            continue
        if len(by_base[base]) > 1:
            if column == by_base[base][0]:
                warnings.append(
                    f"variabele {base} komt {len(by_base[base])} keer voor "
                    f"({', '.join(by_base[base])}); niet ingelezen: geef in de catalogus de "
                    "volledige kolomnaam met volgnummer op"
                )
            continue
        plan.append((column, variables[base]))
    return plan, warnings


def code_column(columns: Iterable[str]) -> str | None:
    by_base = {base_key(column): column for column in columns}
    for name in CODE_COLUMNS:
        if name in by_base:
            return by_base[name]
    return None


def _area_code(raw: object) -> str:
    code = normalise_code(raw)
    if code in COUNTRY_CODES:
        return COUNTRY_CODE
    if code.startswith(("NL", "PV")):
        raise InvalidRow(f"code {code} is geen gemeente, wijk of buurt")
    return code


class _Reader:
    """Shared row loop of the three shapes: one instance per file."""

    def __init__(
        self,
        *,
        variables: Mapping[str, str],
        period: int,
        municipalities: set[str] | None,
        null_note: str,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.variables = variables
        self.period = period
        self.municipalities = set(municipalities or ())
        self.null_note = null_note
        self.parsed = Parsed()
        if names:
            self.parsed.names.update(names)
        self._plans: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self._warned: set[str] = set()

    def plan_for(self, columns: tuple[str, ...]) -> list[tuple[str, str]]:
        plan = self._plans.get(columns)
        if plan is None:
            plan, warnings = column_plan(columns, self.variables)
            for message in warnings:
                if message not in self._warned:
                    self._warned.add(message)
                    self.parsed.warn("kolommen", message)
            self._plans[columns] = plan
        return plan

    def has_columns(self) -> bool:
        return any(self._plans.values())

    def code_of(self, raw: object, label: str) -> str | None:
        """The row's area code, or None when the row is rejected or outside the selection."""
        try:
            code = _area_code(raw)
        except InvalidRow as exc:
            self.parsed.rows_read += 1
            self.parsed.reject(label, str(exc))
            return None
        if self.municipalities and (
            code == COUNTRY_CODE or not in_municipalities(code, self.municipalities)
        ):
            self.parsed.skip_outside(label)
            return None
        self.parsed.rows_read += 1
        return code

    def add_row(self, code: str, label: str, cells: Iterable[tuple[str, str, object]]) -> None:
        """Store the cells ``(column, key, raw)`` of one accepted row.

        Plain numbers take a fast path (this loop runs for every cell of a national file);
        everything else goes through ``read_cell``.
        """
        parsed = self.parsed
        append = parsed.values.append
        period = self.period
        null_note = self.null_note
        for column, key, raw in cells:
            kind = type(raw)
            if kind is int or kind is float:
                value = raw
            elif kind is str:
                try:
                    value = float(raw)
                except ValueError:
                    value = None
            else:
                value = None
            if value is not None and SENTINEL < value < INFINITY:
                append(_new(ParsedValue, (code, period, key, float(value), DEFINITIVE, "")))
                continue
            try:
                value, status, note = read_cell(raw, null_note=null_note)
            except CellError as exc:
                parsed.drop_value(f"{label} kolom {column}", str(exc))
                continue
            append(_new(ParsedValue, (code, period, key, value, status, note)))
        parsed.rows_accepted += 1


def read_odata_rows(
    payload: Mapping[str, Any] | list[Mapping[str, Any]],
    *,
    variables: Mapping[str, str],
    period: int,
    municipalities: set[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Parsed:
    """Values of a CBS OData v3 TypedDataSet response (or its list of rows).

    ``names`` (code -> name) may come from the ``WijkenEnBuurten`` dimension; gemeente names
    are also taken from ``Gemeentenaam_N`` on gemeente rows.
    """
    if isinstance(payload, Mapping):
        rows = payload.get("value")
        if not isinstance(rows, list):
            raise MalformedFile("Geen OData-antwoord: de lijst 'value' ontbreekt.")
    elif isinstance(payload, list):
        rows = payload
    else:
        raise MalformedFile("Geen OData-antwoord: verwacht een object met 'value'.")
    reader = _Reader(
        variables=variables,
        period=period,
        municipalities=municipalities,
        null_note=NOTE_DOT,
        names=names,
    )
    if not rows:
        return reader.parsed
    if not all(isinstance(row, Mapping) for row in rows):
        raise MalformedFile("De rijen in 'value' zijn geen objecten.")
    for index, row in enumerate(rows, start=1):
        columns = tuple(row)
        code_key = code_column(columns)
        if code_key is None:
            raise MalformedFile("Verplichte kolom ontbreekt: WijkenEnBuurten of Codering.")
        raw_code = row[code_key]
        label = f"rij {index} ({str(raw_code).strip() if raw_code is not None else '?'})"
        code = reader.code_of(raw_code, label)
        if code is None:
            continue
        name_key = next((c for c in columns if base_key(c) == NAME_COLUMN), None)
        if name_key and code.startswith("GM") and isinstance(row[name_key], str):
            name = row[name_key].strip()
            if name:
                reader.parsed.names.setdefault(code, name)
        plan = reader.plan_for(columns)
        reader.add_row(code, label, ((column, key, row[column]) for column, key in plan))
    _check_found(reader)
    return reader.parsed


def read_stripped(
    data: Mapping[str, Any],
    *,
    variables: Mapping[str, str],
    period: int,
    municipalities: set[str] | None = None,
) -> Parsed:
    """Values of a stripped KWB JSON object ``{code: {variable_N: value}}``."""
    reader = _Reader(
        variables=variables, period=period, municipalities=municipalities, null_note=NOTE_DOT
    )
    for index, (raw_code, figures) in enumerate(data.items(), start=1):
        label = f"rij {index} ({str(raw_code).strip()})"
        if not isinstance(figures, Mapping):
            reader.parsed.rows_read += 1
            reader.parsed.reject(label, "geen object met kerncijfers")
            continue
        code = reader.code_of(raw_code, label)
        if code is None:
            continue
        plan = reader.plan_for(tuple(figures))
        reader.add_row(code, label, ((column, key, figures[column]) for column, key in plan))
    _check_found(reader)
    return reader.parsed


def read_cbs_csv(
    lines: Iterable[str] | Path,
    *,
    variables: Mapping[str, str],
    period: int,
    municipalities: set[str] | None = None,
) -> Parsed:
    """Values of a StatLine CSV export (``;`` or ``,``; streamed line by line)."""
    rows = csv_rows(lines, candidates=",;")
    first = next(rows, [])
    if not "".join(first).strip():
        raise MalformedFile("Het CSV-bestand is leeg.")
    header = [name.strip().lstrip("\ufeff") for name in first]
    code_key = code_column(header)
    if code_key is None:
        raise MalformedFile("Verplichte kolom ontbreekt: WijkenEnBuurten of Codering.")
    code_index = header.index(code_key)
    name_index = next((i for i, c in enumerate(header) if base_key(c) == NAME_COLUMN), None)
    reader = _Reader(
        variables=variables, period=period, municipalities=municipalities, null_note=NOTE_DOT
    )
    plan = reader.plan_for(tuple(header))
    indexed = [(header.index(column), column, key) for column, key in plan]
    width = len(header)
    for line_number, row in enumerate(rows, start=2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        label = f"regel {line_number} ({row[code_index].strip() if len(row) > code_index else '?'})"
        if len(row) != width:
            reader.parsed.rows_read += 1
            reader.parsed.reject(label, f"{len(row)} kolommen, verwacht {width}")
            continue
        code = reader.code_of(row[code_index], label)
        if code is None:
            continue
        if name_index is not None and code.startswith("GM") and row[name_index].strip():
            reader.parsed.names.setdefault(code, row[name_index].strip())
        reader.add_row(code, label, ((column, key, row[i]) for i, column, key in indexed))
    _check_found(reader)
    return reader.parsed


def _check_found(reader: _Reader) -> None:
    if reader.parsed.rows_read and not reader.has_columns():
        raise MalformedFile(
            "Geen enkele kolom hoort bij een indicator uit de catalogus "
            f"(bekende variabelen: {', '.join(sorted(reader.variables)[:12])} ...)."
        )


def detect_shape(path: Path) -> str:
    """``odata``, ``stripped`` or ``cbs-csv`` from the first characters of the file."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            head = handle.read(4096)
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{path.name} is geen UTF-8-tekst.") from exc
    stripped = head.lstrip()
    if not stripped:
        raise MalformedFile(f"{path.name} is leeg.")
    if stripped[0] in "{[":
        return "json"
    return "cbs-csv"


def read_kwb_file(
    path: Path,
    *,
    variables: Mapping[str, str],
    period: int,
    municipalities: set[str] | None = None,
) -> tuple[str, Parsed]:
    """Read a KWB file of any supported shape; ``MalformedFile`` for anything else."""
    check_file_size(path)
    shape = detect_shape(path)
    if shape == "cbs-csv":
        return shape, read_cbs_csv(
            path, variables=variables, period=period, municipalities=municipalities
        )
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedFile(f"Geen geldige JSON in {path.name}: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        return "odata", read_odata_rows(
            data, variables=variables, period=period, municipalities=municipalities
        )
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        return "stripped", read_stripped(
            data, variables=variables, period=period, municipalities=municipalities
        )
    raise MalformedFile(
        f"{path.name}: onbekende JSON-vorm (verwacht een OData-antwoord met 'value' "
        "of een object code -> kerncijfers)."
    )
