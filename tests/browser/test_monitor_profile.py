"""The area profile of the monitor: Borger-Odoorn and its wijken beside the larger areas."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect


def choose_year(page, year: str) -> None:
    page.get_by_label("Jaar").select_option(year)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()


def test_borger_odoorn_wijken_in_2022_and_2024(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebiedsprofiel Borger-Odoorn")
    choose_year(page, "2022")
    expect(page).to_have_url(re.compile(r"jaar=2022"))
    wijken = page.get_by_role("table", name=re.compile("25 gebieden in 2022"))
    valthe = wijken.get_by_role("row", name=re.compile("^Valthe WK168100"))
    # inhabitants, homes, average WOZ and owner-occupied share of one wijk, KWB 2022
    for text in ("1.230", "541", "€ 282.000", "80 %"):
        expect(valthe).to_contain_text(text)
    housing = page.get_by_role("table", name=re.compile("Wonen: Borger-Odoorn in 2022"))
    woz = housing.get_by_role("row", name=re.compile("Gemiddelde WOZ-waarde"))
    expect(woz).to_contain_text("€ 253.000")
    expect(woz).to_contain_text("Kerncijfers wijken en buurten 2022")
    screenshot("monitor-profiel-borger-odoorn-2022")
    axe()

    choose_year(page, "2024")
    wijken = page.get_by_role("table", name=re.compile("25 gebieden in 2024"))
    valthe = wijken.get_by_role("row", name=re.compile("^Valthe WK168100"))
    expect(valthe).to_contain_text("1.215")  # KWB 2024, rounded to 5 by CBS
    expect(valthe).to_contain_text("542")
    expect(page.get_by_text(re.compile("Kerncijfers wijken en buurten 2024")).first).to_be_visible()
    axe()


def test_wijk_profile_beside_gemeente_province_and_country(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/?jaar=2022")
    page.get_by_role("table", name=re.compile("25 gebieden")).get_by_role(
        "link", name="Valthe", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebiedsprofiel Valthe")
    housing = page.get_by_role("table", name=re.compile("Wonen: Valthe in 2022"))
    for column in ("Borger-Odoorn", "Drenthe", "Nederland"):
        expect(housing.get_by_role("columnheader", name=re.compile(column))).to_be_visible()
    owned = housing.get_by_role("row", name=re.compile("Koopwoningen"))
    expect(owned).to_contain_text("80 %")
    expect(owned).to_contain_text("74 %")
    expect(
        page.get_by_role("heading", name=re.compile("Nog geen gegevens voor dit gebied"))
    ).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Kruimelpad")
    expect(crumbs.get_by_role("link", name="Borger-Odoorn")).to_be_visible()
    screenshot("monitor-profiel-valthe-2022")
    axe()


def test_a_2024_profile_of_a_drenthe_gemeente_has_no_empty_boxes(page, server, screenshot, axe):
    """Borger-Odoorn in 2024: KWB 2024 gives only some figures; the others show their latest
    year, labelled, and the indicators never loaded are named once at the end."""
    page.goto(server + "/monitor/gebied/GM1681/?jaar=2024")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebiedsprofiel Borger-Odoorn")
    # no grey box of missing indicators inside a theme; one summary after the themes
    expect(page.locator("section.wm-theme .wm-missing")).to_have_count(0)
    summary = page.locator("section.wm-missing")
    expect(summary).to_have_count(1)
    expect(summary.get_by_role("heading")).to_contain_text(
        re.compile(r"Nog geen gegevens voor dit gebied: \d+ indicatoren")
    )
    expect(summary.get_by_role("link", name=re.compile("Over de cijfers"))).to_be_visible()
    housing = page.get_by_role("table", name=re.compile("Wonen: Borger-Odoorn in 2024"))
    homes = housing.get_by_role("row", name=re.compile(r"^Woningvoorraad \d"))
    expect(homes).not_to_contain_text("cijfer van")  # KWB 2024 has it
    # the lines of another year say which: never 2024, and the value is there
    notes = page.locator("table.wm-profile-table .wm-period-note")
    assert notes.count() >= 3
    for text in notes.all_inner_texts():
        assert re.fullmatch(r"cijfer van (20\d\d)", text.strip()), text
        assert int(text.strip()[-4:]) != 2024
    stock = housing.get_by_role("row", name=re.compile("^Woningvoorraad eind van het jaar"))
    expect(stock.locator(".wm-period-note")).to_have_count(1)
    expect(stock.locator("td.wm-own")).to_contain_text(re.compile(r"\d"))
    # every value cell of the area holds a number or the reason there is none
    own = page.locator("table.wm-profile-table td.wm-own")
    assert own.count() > 10
    for text in own.all_inner_texts():
        assert text.strip(), "an empty cell in the profile"
    expect(page.get_by_text(re.compile(r"daar staat het meest recente cijfer"))).to_be_visible()
    screenshot("monitor-profiel-borger-odoorn-2024")
    axe()


def test_profile_downloads_csv_json_and_pdf(page, server):
    page.goto(server + "/monitor/gebied/WK168100/?jaar=2022")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tabel als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["woz-gemiddeld"]["value"] == "282"
    assert rows["woz-gemiddeld"]["municipality_value"] == "253"
    woz = rows["woz-gemiddeld"]
    assert "Kerncijfers wijken en buurten 2022" in woz["source"]
    assert woz["reference_date"] == "2021-01-01"  # the WOZ peildatum (a year earlier)
    with page.expect_download() as info:
        page.get_by_role("link", name="Factsheet als PDF").click()
    assert info.value.suggested_filename == "factsheet-WK168100-2022.pdf"
    assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
    response = page.request.get(server + "/monitor/gebied/WK168100/profiel.json?jaar=2022")
    data = response.json()
    assert data["area"]["code"] == "WK168100"
    assert any(row["key"] == "koopwoningen" and row["value"] == 80 for row in data["rows"])


def test_region_group_page(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/")
    page.get_by_role("link", name=re.compile("Zuidoost-Drenthe")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuidoost-Drenthe")
    demography = page.get_by_role("table", name=re.compile("Demografie"))
    inhabitants = demography.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Inwoners", exact=True)
    )
    expect(inhabitants).to_contain_text("3 van 3")
    screenshot("monitor-groep-zuidoost-drenthe")
    axe()


def test_profile_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/monitor/gebied/GM1681/")
    page.get_by_label("Jaar").select_option("2022")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("table", name=re.compile("25 gebieden in 2022"))).to_be_visible()
    context.close()
