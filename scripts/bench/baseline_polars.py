"""The reference import: a bare ``polars.read_csv`` of the KWB-shaped file plus a bulk insert.

Run as its own process so its wall time and peak memory compare with the importer's:

    python baseline_polars.py FILE.csv DATABASE.sqlite3 wide|long PERIOD

``wide`` inserts the file as it is (one row per area, the file's columns) into a plain table;
``long`` unpivots it first and inserts one row per (area, variable) with the period and a
status, the shape of our value table, so the database receives as many rows as ours does.
No indexes, no constraints, one transaction, ``executemany``.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import polars as pl

FIRST_VALUE_COLUMN = 5  # ID, WijkenEnBuurten, Gemeentenaam_1, SoortRegio_2, Codering_3


def main(csv_path: Path, database: Path, shape: str, period: int) -> int:
    frame = pl.read_csv(csv_path, separator=";", infer_schema_length=None)
    database.unlink(missing_ok=True)
    connection = sqlite3.connect(database)
    if shape == "wide":
        columns = ", ".join(f'"{name}"' for name in frame.columns)
        connection.execute(f"CREATE TABLE kwb ({columns})")
        placeholders = ", ".join("?" * len(frame.columns))
        connection.executemany(f"INSERT INTO kwb VALUES ({placeholders})", frame.iter_rows())
        count = frame.height
    else:
        code = frame.columns[4]
        long = frame.select([code, *frame.columns[FIRST_VALUE_COLUMN:]]).unpivot(
            index=code, variable_name="variable", value_name="value"
        )
        connection.execute(
            "CREATE TABLE kwb_value (area_code TEXT, variable TEXT, period INTEGER, "
            "value REAL, status TEXT)"
        )
        connection.executemany(
            "INSERT INTO kwb_value VALUES (?, ?, ?, ?, ?)",
            (
                (area, variable, period, value, "ontbreekt" if value is None else "definitief")
                for area, variable, value in long.iter_rows()
            ),
        )
        count = long.height
    connection.commit()
    connection.close()
    print(f"{shape}: {count} rijen ingevoegd")
    return count


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
