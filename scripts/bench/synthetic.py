"""The buurt-level benchmark data set: real 2024 wijk rows replicated into synthetic buurten.

CBS publishes no buurt figures that could be copied onto this machine, so the benchmark makes a
buurt-sized set from the real KWB 2024 wijk rows: every real wijk gets four or five buurten
(codes ``BU`` + the wijk's six digits + two digits) that carry the wijk's own real values. A
column that the real file does not have takes the wijk's real values in turn. Nothing here is
random, so two runs build the same files. Pure functions, except ``write_*`` which write a file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_SUFFIX = re.compile(r"_\d+$")


def base_key(key: str) -> str:
    """``AantalInwoners_5`` -> ``AantalInwoners`` (CBS keys carry a position suffix)."""
    return _SUFFIX.sub("", key)


@dataclass(frozen=True)
class Buurt:
    code: str
    wijk: str


def read_wijk_rows(path: Path) -> dict[str, dict[str, float | int | None]]:
    """The wijk rows (``WK`` codes) of the stripped KWB 2024 JSON, by code, in code order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {code: data[code] for code in sorted(data) if code.startswith("WK")}


def spread_buurten(wijk_codes: Sequence[str], total: int) -> list[Buurt]:
    """``total`` buurten spread as evenly as possible over the wijken, in code order.

    The first ``total % len(wijken)`` wijken get one buurt more than the others.
    """
    wijken = sorted(wijk_codes)
    if not wijken:
        raise ValueError("no wijken to put buurten in")
    each, extra = divmod(total, len(wijken))
    if each + 1 > 100:
        raise ValueError("at most 100 buurten per wijk fit in a two-digit suffix")
    buurten = []
    for index, wijk in enumerate(wijken):
        count = each + (1 if index < extra else 0)
        buurten.extend(
            Buurt(code=f"BU{wijk[2:]}{number:02d}", wijk=wijk) for number in range(count)
        )
    return buurten


def replicate_row(
    wijk_row: dict[str, float | int | None], columns: Sequence[str]
) -> list[float | int | None]:
    """The wijk's values for ``columns``: its own value where the real file has the variable,
    otherwise its real values in turn (column ``i`` takes real variable ``i mod n``)."""
    by_base = {base_key(key): value for key, value in wijk_row.items()}
    real_values = [wijk_row[key] for key in sorted(wijk_row)]
    values = []
    for index, column in enumerate(columns):
        base = base_key(column)
        if base in by_base:
            values.append(by_base[base])
        else:
            values.append(real_values[index % len(real_values)])
    return values


def buurt_rows(
    wijk_rows: dict[str, dict[str, float | int | None]],
    buurten: Iterable[Buurt],
    columns: Sequence[str],
) -> Iterable[tuple[Buurt, list[float | int | None]]]:
    cache: dict[str, list[float | int | None]] = {}
    for buurt in buurten:
        if buurt.wijk not in cache:
            cache[buurt.wijk] = replicate_row(wijk_rows[buurt.wijk], columns)
        yield buurt, cache[buurt.wijk]


def _cell(value: object) -> str:
    """CBS CSV exports write an empty cell for a missing value."""
    return "" if value is None else str(value)


def write_csv(path: Path, rows: list[dict]) -> int:
    """Write the same rows as a CBS StatLine-shaped CSV export (``;``, CBS column keys)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow([_cell(value) for value in row.values()])
    return len(rows)


def kwb_rows(
    wijk_rows: dict[str, dict[str, float | int | None]],
    buurten: Sequence[Buurt],
    columns: Sequence[str],
) -> list[dict]:
    """Rows with the columns and codes of CBS KWB tables (codes padded to ten characters)."""
    return [
        {
            "ID": index,
            "WijkenEnBuurten": buurt.code.ljust(10),
            "Gemeentenaam_1": "",
            "SoortRegio_2": "Buurt     ",
            "Codering_3": buurt.code.ljust(10),
            **dict(zip(columns, values, strict=True)),
        }
        for index, (buurt, values) in enumerate(buurt_rows(wijk_rows, buurten, columns))
    ]
