"""A visitor puts Borger-Odoorn, Emmen and wijken side by side, reads the chart and its table,
and downloads the comparison."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

COMPARE = "/monitor/vergelijk/"


def add(page, label: str) -> None:
    page.locator("#add-area").select_option(label=label)
    page.get_by_role("button", name="Vergelijken").click()


def test_choose_two_gemeenten_and_a_wijk_and_compare_them(page, server, screenshot, axe):
    page.goto(server + COMPARE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebieden vergelijken")
    axe()
    add(page, "Borger-Odoorn (gemeente)")
    add(page, "Emmen (gemeente)")
    add(page, "Valthe (wijk)")
    chosen = page.locator("ul.wm-chosen li")
    expect(chosen).to_have_count(3)
    expect(page.get_by_text("gebieden van verschillend niveau")).to_be_visible()
    demography = page.get_by_role("table", name="Demografie")
    inhabitants = demography.get_by_role("row").filter(
        has=page.get_by_role("link", name="Inwoners", exact=True)
    )
    # The most recent year per indicator: inhabitants from the Regionale kerncijfers 2025
    expect(inhabitants).to_contain_text("2025")
    expect(inhabitants).to_contain_text("26.049")  # Borger-Odoorn
    expect(inhabitants).to_contain_text("109.678")  # Emmen
    housing = page.get_by_role("table", name="Wonen")
    woz = housing.get_by_role("row").filter(
        has=page.get_by_role("link", name="Gemiddelde WOZ-waarde", exact=True)
    )
    expect(woz).to_contain_text("€ 304.000")  # KWB 2024 per gemeente
    chart = page.get_by_role("img", name=re.compile(r" in 20\d\d$"))
    expect(chart).to_be_visible()
    screenshot("monitor-vergelijk")
    axe()
    # One indicator: the chart shows it, with its table beside it.
    page.get_by_role("link", name="Koopwoningen").first.click()
    expect(page.get_by_role("img", name="Koopwoningen in 2024")).to_be_visible()
    beside = page.get_by_role("table", name="Koopwoningen in 2024 (%)")
    expect(beside.get_by_role("row").filter(has_text="Borger-Odoorn")).to_contain_text("74 %")
    screenshot("monitor-vergelijk-koopwoningen")
    axe()
    # Remove an area again.
    page.get_by_role("link", name="Emmen verwijderen").click()
    expect(page.locator("ul.wm-chosen li")).to_have_count(2)


def test_a_secret_value_is_named_not_drawn(page, server, screenshot, axe):
    page.goto(
        server + COMPARE + "?gebied=GM1681&gebied=WK168193&indicator=woningbezetting&jaar=2022"
    )
    beside = page.get_by_role("table", name=re.compile("Woningbezetting in 2022"))
    row = beside.get_by_role("row").filter(has_text="Ellertshaar")
    expect(row).to_contain_text("geheim: minder dan 20 woningen")
    chart = page.get_by_role("img", name="Woningbezetting in 2022")
    expect(chart.locator("rect")).to_have_count(1)
    expect(chart).to_contain_text("geheim: minder dan 20 woningen")
    expect(page.get_by_text("2,92")).to_have_count(0)
    screenshot("monitor-vergelijk-geheim")
    axe()


def test_at_most_five_areas(page, server):
    codes = ["WK168100", "WK168101", "WK168102", "WK168103", "WK168179", "WK168180"]
    page.goto(server + COMPARE + "?" + "&".join(f"gebied={code}" for code in codes))
    expect(page.get_by_role("alert").filter(has_text="hoogstens 5 gebieden")).to_be_visible()
    expect(page.locator("ul.wm-chosen li")).to_have_count(5)


def test_a_code_can_be_typed(page, server):
    page.goto(server + COMPARE + "?gebied=GM1681")
    page.get_by_label("Of een CBS-code").fill("gm0106")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator("ul.wm-chosen li")).to_have_count(2)
    expect(page.locator("ul.wm-chosen")).to_contain_text("Assen")


def test_download_the_comparison(page, server):
    page.goto(server + COMPARE + "?gebied=GM1681&gebied=GM0114")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    woz = [line for line in lines if line["indicator"] == "woz-gemiddeld"]
    assert [(line["code"], line["waarde"]) for line in woz] == [
        ("GM1681", "304"),
        ("GM0114", "250"),
    ]


def test_compare_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + COMPARE)
    add(page, "Borger-Odoorn (gemeente)")
    add(page, "Ellertshaar (wijk)")
    expect(page.locator("ul.wm-chosen li")).to_have_count(2)
    expect(page.get_by_role("table", name="Demografie")).to_be_visible()
    context.close()
