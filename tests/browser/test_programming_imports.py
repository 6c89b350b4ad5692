"""Plan lists and duplicates in the browser: a municipality downloads the template, uploads it
with one wrong row (nothing stored, the errors per row), then with two good rows (the report,
with the possible duplicate of a woningbouwkaart project), and decides on the duplicates page.
Every page through axe-core; screenshots at 1366 and 390 pixels wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import ROOT

WIDTHS = (1366, 390)
KAART = [
    {
        "project_id": 990001,
        "Plannaam": "Testplan Buitenvaart",
        "Planstatus": "Vastgesteld",
        "peilmoment": "2024-01-01",
        "gemeente_naam": "Borger-Odoorn",
        "provincie_naam": "Drenthe",
        "Netto Plancapaciteit": 30,
        "Bruto Plancapaciteit": 30,
        "Sociale huur hard": 10,
        "Sociale huur zacht": 0,
    }
]


def manage(server_db, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{server_db}",
            "WOONMONITOR_DEVELOPMENT": "1",
        },
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def with_kaart(server, tmp_path_factory):
    """The phase ladder and one woningbouwkaart project in the server's database."""
    found = tmp_path_factory.getbasetemp().glob("browser-db*/woonmonitor.sqlite3")
    [database] = {path.resolve() for path in found}  # pytest adds a "current" link
    manage(
        database,
        "shell",
        "-c",
        "from woonmonitor.programming.ladder import load_ladders; load_ladders()",
    )
    path = tmp_path_factory.mktemp("kaart") / "project2.json"
    path.write_text(json.dumps(KAART), encoding="utf-8")
    manage(database, "import_woningbouwkaart", str(path))
    return server


def shots(page, screenshot, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def upload(page, path) -> None:
    page.get_by_label("Planlijst (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Controleren en opslaan").click()
    page.wait_for_load_state()


def test_a_municipality_uploads_a_plan_list_and_reviews_duplicates(
    page, with_kaart, login, screenshot, axe, tmp_path
):
    server = with_kaart
    login("gemeente")
    page.goto(server + "/woningbouw/plannen/upload/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Planlijst uploaden")
    expect(page.locator("#fasen")).to_contain_text("vastgesteld")
    shots(page, screenshot, "programming-planlijst-upload")
    axe()

    with page.expect_download() as info:
        page.get_by_role("link", name="Sjabloon als Excel (.xlsx)").click()
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Plannen", "Leesmij"]
    sheet = workbook["Plannen"]
    header = [cell.value for cell in sheet[1]]

    def put(row: int, **cells) -> None:
        for column, value in cells.items():
            sheet.cell(row=row, column=header.index(column) + 1, value=value)

    put(
        2,
        projectnaam="Testplan Buitenvaart",
        gemeentecode="GM1681",
        woningen_netto=30,
        sociale_huur=10,
        fase="vastgesteld",
        oplevering_jaar=2027,
    )
    put(
        3,
        projectnaam="Testplan Hunzedal",
        gemeentecode="GM1681",
        woningen_bruto=14,
        sloop=2,
        fase="initiatief",
        oplevering_jaar=2029,
    )
    put(4, projectnaam="Testplan Assen", gemeentecode="GM0106", woningen_netto=5, fase="initiatief")
    workbook.save(tmp_path / "fout.xlsx")
    upload(page, tmp_path / "fout.xlsx")
    errors = page.locator("#upload-fouten")
    expect(main).to_contain_text("Er is niets opgeslagen")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors).to_contain_text("u mag geen plannen invoeren voor gemeente GM0106")
    shots(page, screenshot, "programming-planlijst-fout")
    axe()

    sheet.delete_rows(4)
    workbook.save(tmp_path / "plannen.xlsx")
    upload(page, tmp_path / "plannen.xlsx")
    expect(main).to_contain_text("plannen.xlsx is opgeslagen")
    expect(page.locator("#verslag-telling")).to_contain_text("2 nieuw, 0 gewijzigd")
    expect(page.locator("#upload-verslag tbody tr")).to_have_count(2)
    duplicates = page.locator("#verslag-dubbelingen")
    expect(duplicates.locator("tbody tr")).to_have_count(1)
    expect(duplicates).to_contain_text("landelijke woningbouwkaart")
    shots(page, screenshot, "programming-planlijst-verslag")
    axe()

    page.get_by_role("link", name="Naar de dubbelingen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mogelijke dubbelingen")
    table = page.locator("#dubbelingen-GM1681")
    expect(table).to_contain_text("Testplan Buitenvaart")
    shots(page, screenshot, "programming-dubbelingen")
    axe()

    row = table.locator("tbody tr", has_text="Testplan Buitenvaart")
    row.get_by_role("button", name="Zelfde plan").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("telt niet meer mee")
    expect(
        page.locator("#dubbelingen-GM1681 tbody tr", has_text="Testplan Buitenvaart")
    ).to_have_count(0)
    screenshot("programming-dubbelingen-besloten")
    axe()


def test_the_province_sees_duplicates_but_does_not_decide(page, with_kaart, login, axe):
    login("provincie")
    page.goto(with_kaart + "/woningbouw/dubbelingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mogelijke dubbelingen")
    expect(page.get_by_role("button", name="Zelfde plan")).to_have_count(0)
    axe()
