"""CBS 81955NED housing stock changes per gemeente, a raw StatLine export (``;``).

Columns: ID;Gebruiksfunctie;RegioS;Perioden;BeginstandVoorraad_1;Nieuwbouw_2;
OverigeToevoeging_3;Sloop_4;OverigeOnttrekking_5;Correctie_6;SaldoVoorraad_7;
EindstandVoorraad_8. ``Perioden`` is ``2012JJ00`` for the year 2012. The table lists every
gemeente of the whole series in every year; a gemeente that did not exist in a year has a
row with all values empty. Such rows are counted and skipped, not stored as missing values.
The regional classification is that of the year itself, so the vintage of a value is its
period.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from woonmonitor.areas.loaders.kwb import base_key
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.files import csv_rows

from . import Parsed, ParsedValue, gemeente_row
from .cbs import CellError, read_cell

COLUMNS: dict[str, str] = {
    "BeginstandVoorraad": "voorraad-begin",
    "Nieuwbouw": "nieuwbouw",
    "OverigeToevoeging": "overige-toevoeging",
    "Sloop": "sloop",
    "OverigeOnttrekking": "overige-onttrekking",
    "Correctie": "correctie",
    "SaldoVoorraad": "saldo-voorraad",
    "EindstandVoorraad": "voorraad-eind",
}
#: Gebruiksfunctie "woningen" in 81955NED.
DWELLINGS = "A045364"
TABLE = "81955NED"
#: Why a row whose every figure is empty is skipped: CBS writes a row for every gemeente in
#: every year of the table, also the years in which it did not exist.
EMPTY_ROW = "alle waarden leeg: de gemeente bestond dat jaar niet"


def parse_period(raw: str) -> int:
    """``2012JJ00`` -> 2012; ``InvalidRow`` for months, quarters or anything else."""
    text = raw.strip().upper()
    if len(text) == 8 and text[:4].isdigit() and text[4:] == "JJ00":
        return int(text[:4])
    raise InvalidRow(f"periode {raw.strip()!r} is geen jaar (verwacht bijv. 2012JJ00)")


def read_stock(lines: Iterable[str] | Path, *, municipalities: set[str] | None = None) -> Parsed:
    rows = csv_rows(lines, delimiter=";")
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(rows)]
    except StopIteration:
        raise MalformedFile("Het CSV-bestand is leeg.") from None
    by_base = {base_key(column): position for position, column in enumerate(header)}
    missing = sorted({"RegioS", "Perioden", *COLUMNS} - set(by_base))
    if missing:
        raise MalformedFile(
            f"Verplichte kolommen ontbreken ({TABLE}): {', '.join(missing)} "
            "(verwacht een ';'-gescheiden StatLine-export)"
        )
    region_at, period_at = by_base["RegioS"], by_base["Perioden"]
    use_at = by_base.get("Gebruiksfunctie")
    plan = [(by_base[column], header[by_base[column]], key) for column, key in COLUMNS.items()]
    municipalities = set(municipalities or ())
    parsed = Parsed()
    width = len(header)
    for line_number, row in enumerate(rows, start=2):
        if not row:
            continue
        found = gemeente_row(
            parsed,
            row,
            code_at=region_at,
            width=width,
            line_number=line_number,
            municipalities=municipalities,
        )
        if found is None:
            continue
        code, label = found
        if use_at is not None and row[use_at].strip() != DWELLINGS:
            parsed.reject(label, f"gebruiksfunctie {row[use_at].strip()} is niet woningen")
            continue
        try:
            period = parse_period(row[period_at])
        except InvalidRow as exc:
            parsed.reject(label, str(exc))
            continue
        if all(not row[position].strip() for position, _, _ in plan):
            parsed.skip(f"{label} {period}", EMPTY_ROW)
            continue
        label = f"{label} {period}"
        for position, column, key in plan:
            try:
                value, status, note = read_cell(row[position])
            except CellError as exc:
                parsed.drop_value(f"{label} kolom {column}", str(exc))
                continue
            parsed.values.append(ParsedValue(code, period, key, value, status, note))
        parsed.rows_accepted += 1
    return parsed


def read_stock_file(path: Path, *, municipalities: set[str] | None = None) -> Parsed:
    return read_stock(path, municipalities=municipalities)
