"""Trends of the monitor: Borger-Odoorn's housing stock 2012-2020 and its prognosis to 2030."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect


def row(page, caption: str, year: str):
    return page.get_by_role("table", name=re.compile(caption)).get_by_role(
        "row", name=re.compile(f"^{year}")
    )


def test_housing_stock_2012_2020_from_the_profile(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/?jaar=2020")
    page.get_by_role("link", name="Woningvoorraad eind van het jaar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Woningvoorraad eind van het jaar in Borger-Odoorn"
    )
    chart = page.get_by_role("img", name=re.compile("Woningvoorraad eind van het jaar in Borger"))
    expect(chart).to_be_visible()
    expect(row(page, "per jaar", "2012")).to_contain_text("11.619")
    expect(row(page, "per jaar", "2020")).to_contain_text("11.224")  # SOURCE.txt check value
    # the stock counts join up year by year, so 2012-2020 is one line for the gemeente
    expect(page.get_by_text("Niet vastgesteld dat GM1681")).to_have_count(0)
    expect(page.get_by_text(re.compile("81955NED")).first).to_be_visible()
    screenshot("monitor-trend-voorraad-borger-odoorn")
    axe()


def test_new_build_and_demolition(page, server, axe):
    page.goto(server + "/monitor/gebied/GM1681/trend/nieuwbouw/")
    expect(row(page, "per jaar", "2019")).to_contain_text("65")
    page.goto(server + "/monitor/gebied/GM1681/trend/sloop/")
    expect(row(page, "per jaar", "2016")).to_contain_text("160")
    axe()


def test_population_prognosis_to_2030(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/GM1681/trend/bevolkingsprognose/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevolkingsprognose in Borger-Odoorn")
    expect(row(page, "per jaar", "2021")).to_contain_text("25.200")  # 25.2 x 1000 in the source
    expect(row(page, "per jaar", "2030")).to_contain_text("24.800")
    expect(page.get_by_text(re.compile("PBL en CBS, Regionale bevolkings")).first).to_be_visible()
    screenshot("monitor-trend-prognose-borger-odoorn")
    axe()


def test_wijk_trend_beside_gemeente_and_province(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/WK168100/trend/inwoners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inwoners in Valthe")
    table = page.get_by_role("table", name=re.compile("per jaar"))
    expect(table.get_by_role("columnheader", name=re.compile("Valthe"))).to_have_count(1)
    expect(table.get_by_role("columnheader", name=re.compile("Borger-Odoorn"))).to_be_visible()
    expect(row(page, "per jaar", "2022")).to_contain_text("1.230")
    expect(row(page, "per jaar", "2024")).to_contain_text("1.215")
    expect(page.locator("svg.wm-chart[role=img]")).not_to_have_count(0)
    screenshot("monitor-trend-inwoners-valthe")
    axe()


def test_trend_downloads(page, server):
    page.goto(server + "/monitor/gebied/GM1681/trend/voorraad-eind/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tabel als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["area"] == "GM1681"]
    assert [r["period"] for r in rows] == [str(year) for year in range(2012, 2021)]
    assert rows[-1]["value"] == "11224"
    assert "81955NED" in rows[0]["source"]
    data = page.request.get(server + "/monitor/gebied/GM1681/trend/bevolkingsprognose.json").json()
    values = {r["period"]: r["value"] for r in data["rows"] if r["area"] == "GM1681"}
    assert values[2030] == 24800
