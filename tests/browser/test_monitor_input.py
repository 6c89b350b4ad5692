"""A municipality enters its own figures: template, a wrong upload, a good upload."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from playwright.sync_api import expect


def download(page, link_name: str, folder):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def write_csv(path, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def upload(page, path) -> None:
    page.get_by_label("Bestand met waarden (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Controleren en opslaan").click()
    page.wait_for_load_state()


def test_a_municipality_enters_its_own_figures(page, server, login, screenshot, axe, tmp_path):
    login("gemeente")
    page.goto(server + "/monitor/invoer/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eigen cijfers invoeren")
    expect(main).to_contain_text("Gemeente Borger-Odoorn")
    expect(main).to_contain_text("Deze organisatie heeft nog geen cijfers ingevoerd.")
    screenshot("monitor-invoer")
    axe()

    workbook = load_workbook(download(page, "Sjabloon als Excel (.xlsx)", tmp_path))
    assert workbook.sheetnames == ["Waarden", "Leesmij"]
    template = download(page, "Sjabloon als CSV", tmp_path)
    rows = list(csv.reader(io.StringIO(template.read_text(encoding="utf-8-sig")), delimiter=";"))
    header, first, second = rows[0], rows[1], rows[2]
    assert header[:3] == ["gebiedscode", "gebiedsnaam", "indicator"]
    assert first[0] == "GM1681" and second[0].startswith("WK1681")
    value = header.index("waarde")

    first[value], second[value] = "3.150", "veel"
    write_csv(tmp_path / "fout.csv", [header, first, second])
    upload(page, tmp_path / "fout.csv")
    errors = page.locator("#invoer-fouten")
    expect(main).to_contain_text("Er is niets opgeslagen")
    expect(errors).to_contain_text("'veel' is geen getal")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("3")
    expect(main).to_contain_text("Deze organisatie heeft nog geen cijfers ingevoerd.")
    screenshot("monitor-invoer-fout")
    axe()

    second[value] = "415"
    write_csv(tmp_path / "goed.csv", [header, first, second])
    upload(page, tmp_path / "goed.csv")
    report = page.locator("#invoer-verslag")
    expect(main).to_contain_text("goed.csv is opgeslagen")
    expect(main).to_contain_text("2 nieuw, 0 vervangen")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report).to_contain_text("3.150")
    expect(report).to_contain_text("415")
    entered = page.locator("#invoer-waarden")
    expect(entered.locator("tbody tr")).to_have_count(2)
    expect(entered).to_contain_text("gemeente")
    screenshot("monitor-invoer-verslag")
    axe()
