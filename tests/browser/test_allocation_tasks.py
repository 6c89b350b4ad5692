"""Tasks per priority group: the public list, a municipality entering a task on the form (and
changing it: history), and uploading a table of tasks (a wrong file, then a good one)."""

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
    page.get_by_label("Bestand met taken (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Controleren en opslaan").click()
    page.wait_for_load_state()


def enter(page, server, amount: str, source: str) -> None:
    page.goto(server + "/aandachtsgroepen/taken/nieuw/")
    page.get_by_label("Aandachtsgroep").select_option("woonwagenbewoners")
    page.get_by_label("Jaar", exact=True).fill("2025")
    page.get_by_label("Periode").select_option("0")
    page.get_by_label("Taak", exact=True).fill(amount)
    page.get_by_label("Bron", exact=True).fill(source)
    page.get_by_role("button", name="Taak vastleggen").click()
    page.wait_for_load_state()


def test_public_task_list(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/taken/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taakstellingen per aandachtsgroep")
    expect(page.get_by_role("link", name="Taak invoeren")).to_have_count(0)
    page.get_by_label("Aandachtsgroep").select_option("statushouders")
    page.get_by_label("Regio").select_option("zuidoost-drenthe")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    assert "groep=statushouders" in page.url and "regio=zuidoost-drenthe" in page.url
    rows = page.locator("#taken tbody tr")
    assert rows.count() >= 1
    screenshot("allocation-taken-lijst")
    axe()


def test_a_municipality_enters_a_task_and_changes_it(page, server, login, screenshot, axe):
    login("gemeente")
    page.goto(server + "/aandachtsgroepen/taken/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taak invoeren")
    expect(page.get_by_label("Gemeente")).to_contain_text("Borger-Odoorn")
    screenshot("allocation-taak-formulier")
    axe()

    page.get_by_label("Aandachtsgroep").select_option("woonwagenbewoners")
    page.get_by_label("Periode").select_option("1")
    page.get_by_label("Taak", exact=True).fill("4")
    page.get_by_label("Bron", exact=True).fill("Raadsbesluit standplaatsen")
    page.get_by_role("button", name="Taak vastleggen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("main")).to_contain_text("Deze groep heeft een taak per heel jaar.")
    expect(page.get_by_label("Bron", exact=True)).to_have_value("Raadsbesluit standplaatsen")
    screenshot("allocation-taak-formulier-fout")
    axe()

    enter(page, server, "4", "Raadsbesluit standplaatsen 2024")
    expect(page.get_by_role("main")).to_contain_text("De taak is vastgelegd.")
    enter(page, server, "6", "Raadsbesluit standplaatsen 2025")
    main = page.get_by_role("main")
    expect(main).to_contain_text("de vorige blijft bewaard")
    expect(main).to_contain_text("Raadsbesluit standplaatsen 2025")
    history = page.locator("#geschiedenis")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history).to_contain_text("Raadsbesluit standplaatsen 2024")
    screenshot("allocation-taak-geschiedenis")
    axe()


def test_a_municipality_uploads_tasks(page, server, login, screenshot, axe, tmp_path):
    login("gemeente")
    page.goto(server + "/aandachtsgroepen/taken/upload/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taken uploaden")
    screenshot("allocation-taken-upload")
    axe()

    workbook = load_workbook(download(page, "Sjabloon als Excel (.xlsx)", tmp_path))
    assert workbook.sheetnames == ["Taken", "Leesmij"]
    template = download(page, "Sjabloon als CSV", tmp_path)
    rows = list(csv.reader(io.StringIO(template.read_text(encoding="utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["gemeentecode", "gemeentenaam", "groep"]
    task, source = header.index("taak"), header.index("bron")
    first = next(row for row in rows[1:] if row[2] == "uitstroom-bw-mo")
    second = next(row for row in rows[1:] if row[2] == "spoedzoekers")

    first[task], first[source] = "12", "Convenant Weer Thuis"
    second[task], second[source] = "-2", ""
    wrong = [*second]
    wrong[0] = "GM0118"
    wrong[task], wrong[source] = "3", "Besluit"
    write_csv(tmp_path / "fout.csv", [header, first, second, wrong])
    upload(page, tmp_path / "fout.csv")
    errors = page.locator("#upload-fouten")
    expect(main).to_contain_text("Er is niets opgeslagen")
    expect(errors).to_contain_text("taak -2 is negatief")
    expect(errors).to_contain_text("bron ontbreekt")
    expect(errors).to_contain_text("alleen voor uw eigen gemeente")
    expect(errors.locator("tbody tr")).to_have_count(3)
    screenshot("allocation-taken-upload-fout")
    axe()

    second[task], second[source] = "2", "Regionale afspraak spoedzoekers"
    write_csv(tmp_path / "goed.csv", [header, first, second])
    upload(page, tmp_path / "goed.csv")
    report = page.locator("#upload-verslag")
    expect(main).to_contain_text("goed.csv is opgeslagen")
    expect(main).to_contain_text("2 nieuw, 0 vervangen")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report).to_contain_text("Convenant Weer Thuis")
    screenshot("allocation-taken-upload-verslag")
    axe()

    page.goto(server + "/aandachtsgroepen/taken/?gemeente=GM1681")
    expect(page.locator("#taken")).to_contain_text("Regionale afspraak spoedzoekers")
    expect(page.locator("#taken")).to_contain_text("geüpload")
