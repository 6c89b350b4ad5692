"""Every CSV and spreadsheet read goes through ``woonmonitor.imports.tables`` (its limits).

In the style of ``tests/test_architecture.py``: the source outside that package and outside the
tests may not call ``csv.reader``, ``csv.DictReader`` or openpyxl's ``load_workbook``. Writing
(``csv.writer``, ``openpyxl.Workbook``) is free.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
READER = SRC / "imports" / "tables"
CSV_READERS = {"reader", "DictReader"}


def offences(source: str) -> list[str]:
    """What in ``source`` reads a CSV or workbook without the reader, with its line."""
    tree = ast.parse(source)
    csv_names = {"csv"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            csv_names |= {alias.asname or "csv" for alias in node.names if alias.name == "csv"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "csv" and names & CSV_READERS:
                found.append(f"{node.lineno}: from csv import {', '.join(names & CSV_READERS)}")
            if node.module.split(".")[0] == "openpyxl" and "load_workbook" in names:
                found.append(f"{node.lineno}: from {node.module} import load_workbook")
        elif isinstance(node, ast.Attribute):
            if node.attr == "load_workbook":
                found.append(f"{node.lineno}: .load_workbook")
            elif (
                node.attr in CSV_READERS
                and isinstance(node.value, ast.Name)
                and node.value.id in csv_names
            ):
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "load_workbook":
            found.append(f"{node.lineno}: load_workbook")
    return found


def source_files() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "tests" not in path.relative_to(SRC).parts
        and "migrations" not in path.parts
        and READER not in path.parents
    )


@pytest.mark.parametrize(
    "code",
    [
        "import csv\nrows = csv.reader(lines)",
        "import csv as c\nrows = c.DictReader(lines)",
        "from csv import DictReader",
        "from openpyxl import load_workbook",
        "import openpyxl\nbook = openpyxl.load_workbook(path)",
        "from openpyxl.reader.excel import load_workbook as lw",
    ],
)
def test_the_check_finds_every_way_of_reading(code):
    assert offences(code)


def test_writing_is_free():
    assert not offences("import csv\nfrom openpyxl import Workbook\ncsv.writer(out)\nWorkbook()")


def test_only_the_reader_reads_csv_and_workbooks():
    files = source_files()
    assert len(files) > 100 and not any(READER in path.parents for path in files)
    found = {
        str(path.relative_to(SRC)): offence
        for path in files
        if (offence := offences(path.read_text(encoding="utf-8")))
    }
    assert not found, f"read through woonmonitor.imports.tables instead: {found}"
