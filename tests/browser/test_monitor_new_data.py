"""The new real data in the monitor (issue 10): the housing trend 2020-2024 of a Drenthe gemeente
from the KWB gemeente files, and the inhabitants per buurt in 2024 as a table (and on the map
where a 2023 boundary may be used)."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def row(page, caption: str, year: str):
    return page.get_by_role("table", name=re.compile(caption)).get_by_role(
        "row", name=re.compile(f"^{year}")
    )


def test_owner_occupied_trend_2020_2024_borger_odoorn(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/trend/koopwoningen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koopwoningen in Borger-Odoorn")
    for year in ("2020", "2021", "2022", "2023", "2024"):
        expect(row(page, "per jaar", year)).to_contain_text("74")
    # 2020-2024 is one line: every pair of years is proven the same gemeente
    expect(page.get_by_text("Niet vastgesteld dat GM1681")).to_have_count(0)
    screenshot("monitor-trend-koopwoningen-2020-2024-borger-odoorn")
    axe()


def test_woz_corporation_and_vacancy_trend_borger_odoorn(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/trend/woz-gemiddeld/")
    expect(row(page, "per jaar", "2020")).to_contain_text("209")  # 209000 euro in the file
    expect(row(page, "per jaar", "2024")).to_contain_text("304")
    screenshot("monitor-trend-woz-2020-2024-borger-odoorn")
    axe()
    page.goto(server + "/monitor/gebied/GM1681/trend/huurwoningen-corporatie/")
    expect(row(page, "per jaar", "2020")).to_contain_text("20")
    expect(row(page, "per jaar", "2024")).to_contain_text("19")
    page.goto(server + "/monitor/gebied/GM1681/trend/onbewoonde-woningen/")
    expect(row(page, "per jaar", "2020")).to_contain_text("5")
    axe()


def test_buurt_table_2024_for_a_drenthe_gemeente(page, server, screenshot, axe):
    page.goto(server + "/monitor/kaart/?indicator=inwoners&jaar=2024&niveau=buurt&gemeente=GM1680")
    table = page.get_by_role("table").filter(has_text="Annen")
    expect(table.get_by_role("row", name=re.compile("Annen")).first).to_contain_text("3.455")
    screenshot("monitor-kaart-buurten-2024-aa-en-hunze")
    axe()


def test_buurt_map_2024_borger_odoorn_uses_unchanged_2023_boundaries(page, server, screenshot):
    page.goto(server + "/monitor/kaart/?indicator=inwoners&jaar=2024&niveau=buurt&gemeente=GM1681")
    expect(page.get_by_text(re.compile("grens 2023 gebruikt voor 2024")).first).to_be_visible()
    expect(page.get_by_text(re.compile("Noordesch")).first).to_be_visible()  # no shape: table
    screenshot("monitor-kaart-buurten-2024-borger-odoorn")
