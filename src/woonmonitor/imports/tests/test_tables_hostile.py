"""Hostile files, built here, read under a memory limit: each is refused with a Dutch message.

Every read runs in its own process (``bounded_read.py``) whose address space is limited to its
own baseline (Django and openpyxl loaded) plus 256 MB, with a timeout; the test asserts the
refusal and a clean exit. ``test_the_memory_limit_has_teeth`` shows that the limit holds and
that openpyxl alone, as the readers used it before, does not survive the first file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .hostile import (
    MAIN,
    SHEET,
    SHEET_HEAD,
    STRINGS,
    XML,
    bomb_xlsx,
    many_members,
    sheet_xml,
    xlsx,
)

HELPER = Path(__file__).with_name("bounded_read.py")
SRC = Path(__file__).resolve().parents[3]
SST = f'<sst xmlns="{MAIN}">'.encode()
#: 1 KB: a declared sheet of 2**20 rows x 2**14 columns, with a cell in its first and last row
DIMENSION_BOMB = xlsx(
    sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        "A1:XFD1048576",
    )
)


def bounded(tmp_path: Path, data: bytes, reader: str = "xlsx", **spec) -> dict:
    """Read ``data`` in a process limited to its baseline plus 256 MB; what it printed."""
    path = tmp_path / ("hostile.xlsx" if reader != "csv" else "hostile.csv")
    path.write_bytes(data)
    spec = {"reader": reader, "path": str(path), "as_bytes": True, **spec}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "woonmonitor.settings"),
        "WOONMONITOR_DEVELOPMENT": "1",
    }
    done = subprocess.run(
        [sys.executable, str(HELPER), json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        cwd=SRC.parent,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_refused(result: dict, message: str, kind: str = "TableTooLarge") -> None:
    assert result.get("refused") == kind, result
    assert message in result["message"], result["message"]


# ---------------------------------------------------------------------------------- xlsx


def test_the_memory_limit_has_teeth(tmp_path):
    assert bounded(tmp_path, b"", reader="allocate") == {"memory": True}
    assert bounded(tmp_path, DIMENSION_BOMB, reader="openpyxl") == {"memory": True}


def test_a_huge_declared_dimension(tmp_path):
    assert_refused(
        bounded(tmp_path, DIMENSION_BOMB),
        "De werkmap geeft een blad op van A1:XFD1048576; dat is te groot (maximaal 50.000 rijen "
        "en 256 kolommen).",
    )


def test_cells_in_column_xfd(tmp_path):
    cells = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    assert_refused(
        bounded(tmp_path, xlsx(sheet_xml(cells))),
        "Het bestand heeft te veel kolommen: ten minste 16.384 (maximaal 256).",
    )


def test_a_sheet_that_expands_to_millions_of_rows(tmp_path):
    bomb = bomb_xlsx(
        SHEET,
        SHEET_HEAD + b"<sheetData>",
        b"<row><c><v>1</v></c></row>",
        40_000_000,
        b"</sheetData></worksheet>",
    )
    assert len(bomb) < 5 * 1024 * 1024
    assert_refused(bounded(tmp_path, bomb), "te veel rijen: ten minste 50.001 (maximaal 50.000)")
    assert_refused(
        bounded(tmp_path, bomb, limits="ADMIN_LIMITS"),
        "te veel rijen: ten minste 500.001 (maximaal 500.000)",
    )


def test_a_huge_shared_strings_part(tmp_path):
    text = b"<si><t>" + b"x" * 30_000 + b"</t></si>"
    bomb = bomb_xlsx(STRINGS, XML + SST, text, 100_000, b"</sst>")  # 3 GB of text
    assert_refused(bounded(tmp_path, bomb), "De werkmap is uitgepakt te groot: meer dan 50 MB.")
    many = bomb_xlsx(STRINGS, XML + SST, b"<si><t>x</t></si>", 100_000_000, b"</sst>")
    assert_refused(
        bounded(tmp_path, many),
        "Het bestand heeft te veel cellen: ten minste 1.000.001 (maximaal 1.000.000).",
    )


def test_a_zip_bomb_in_a_part_that_is_not_xml(tmp_path):
    bomb = bomb_xlsx("xl/media/image1.png", b"\x89PNG", b"\x00" * 1024, 2_000_000, b"")
    assert_refused(bounded(tmp_path, bomb), "De werkmap is uitgepakt te groot: meer dan 50 MB.")


def test_a_part_that_lies_about_its_size(tmp_path):
    # the directory says 1.000 bytes, the data expands to 600 MB: zipfile stops at 1.000 and
    # the checksum does not match
    head, tail = SHEET_HEAD + b"<sheetData>", b"</sheetData></worksheet>"
    bomb = bomb_xlsx(SHEET, head, b"<row/>", 100_000_000, tail, declared=1000)
    assert_refused(bounded(tmp_path, bomb), "geen leesbare Excel-werkmap", kind="TableUnreadable")


def test_too_many_zip_members(tmp_path):
    assert_refused(
        bounded(tmp_path, many_members(600)),
        "De werkmap bestaat uit te veel onderdelen: 605 (maximaal 500).",
    )
    # the end record claims 60.000 members: refused before zipfile reads the directory
    small = bytearray(many_members(0))
    small[-14:-10] = (60_000).to_bytes(2, "little") * 2  # members on this disk, in all
    assert_refused(bounded(tmp_path, bytes(small)), "te veel onderdelen: 60.000 (maximaal 500)")


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04" + os.urandom(4096)])
def test_not_a_zip(tmp_path, data):
    assert_refused(bounded(tmp_path, data), "geen leesbare Excel-werkmap", kind="TableUnreadable")


def test_a_workbook_that_takes_too_long(tmp_path):
    rows = "".join(
        f'<row r="{n}"><c><v>{n}</v></c><c><v>1</v></c></row>' for n in range(1, 200_001)
    )
    result = bounded(
        tmp_path, xlsx(sheet_xml(rows)), limits="ADMIN_LIMITS", set={"max_seconds": 0.2}
    )
    assert_refused(result, "Het lezen van het bestand duurt te lang (maximaal 0,2 seconden).")


# ----------------------------------------------------------------------------------- CSV


def test_a_csv_with_millions_of_rows(tmp_path):
    assert_refused(
        bounded(
            tmp_path, b"1;2\n" * 3_000_000, reader="csv", limits="ADMIN_LIMITS", as_bytes=False
        ),
        "te veel rijen: ten minste 500.001 (maximaal 500.000)",
    )
    assert_refused(
        bounded(tmp_path, b"\n" * 4_000_000, reader="csv"),
        "te veel rijen: ten minste 50.001 (maximaal 50.000)",
    )


def test_a_csv_with_very_many_columns(tmp_path):
    assert_refused(bounded(tmp_path, b";" * 4_000_000, reader="csv"), "Regel 1 is te lang")
    assert_refused(
        bounded(tmp_path, b";" * 4_000_000, reader="csv", set={"max_line_chars": 8_000_000}),
        "te veel kolommen: ten minste 4.000.001 (maximaal 256)",
    )
    assert_refused(
        bounded(tmp_path, b"a;" * 300 + b"\n", reader="csv"),
        "te veel kolommen: ten minste 301 (maximaal 256)",
    )


def test_a_csv_with_one_enormous_field(tmp_path):
    quoted = b'code;naam\nGM1681;"' + b"x" * 4_500_000
    assert_refused(bounded(tmp_path, quoted, reader="csv"), "Regel 2 is te lang")
    assert_refused(
        bounded(tmp_path, b"x" * 500_000 + b"\n", reader="csv", limits="ADMIN_LIMITS"),
        "Een cel is te lang: ten minste 131.072 tekens (maximaal 100.000).",
    )
    assert_refused(
        bounded(tmp_path, b"x" * 40_000 + b"\n", reader="csv"),
        "Een cel is te lang: ten minste 40.000 tekens (maximaal 32.767).",
    )


def test_a_csv_that_takes_too_long(tmp_path):
    result = bounded(
        tmp_path,
        b"GM1681;2024;12,5\n" * 1_000_000,
        reader="csv",
        limits="ADMIN_LIMITS",
        as_bytes=False,
        set={"max_seconds": 0.2},
    )
    assert_refused(result, "Het lezen van het bestand duurt te lang (maximaal 0,2 seconden).")


def test_a_file_too_large_to_read(tmp_path):
    assert_refused(
        bounded(tmp_path, b"a;b\n" * (1_600_000), reader="csv"),
        "Het bestand is te groot: 6,1 MB (maximaal 5 MB).",
    )
