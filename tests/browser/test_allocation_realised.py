"""Realised against fair share per region (table, map, CSV; demo figures marked) and the spread
of placements over the wijken of a municipality (disclosure control, CSV)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect


def test_realised_against_the_fair_share_scenario(page, server, screenshot, axe):
    page.goto(
        server
        + "/aandachtsgroepen/realisatie/?regio=zuidoost-drenthe&groep=uitstroom-bw-mo&periode=2025"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gerealiseerd tegenover eerlijk aandeel"
    )
    expect(page.get_by_role("note").first).to_contain_text("demonstratiecijfer")
    table = page.get_by_role("table", name=re.compile("gehuisvest tegenover aandeel en plafond"))
    borger = table.get_by_role("row", name=re.compile("^Borger-Odoorn"))
    expect(borger).to_contain_text("demonstratiecijfer")
    expect(borger).to_contain_text("boven het plafond")
    expect(table.get_by_role("row", name=re.compile("Lefier"))).to_be_visible()
    expect(page.get_by_text(re.compile("Aandeel uit het verdeelscenario"))).to_be_visible()
    sources = page.get_by_role("region", name="Bronnen", exact=True)
    expect(sources).to_contain_text("Verdeelscenario")
    expect(sources).to_contain_text("Plaatsingen: opgegeven door")
    map_figure = page.locator("figure[data-monitor-map]")
    expect(map_figure).to_be_visible()
    expect(page.locator(".wm-legend")).to_contain_text("boven het plafond")
    screenshot("allocation-realised-zuidoost-uitstroom")
    axe()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("gemeentecode;gemeente;corporatie;aandeel;gehuisvest")
    assert "GM1681;Borger-Odoorn;;" in text
    assert "Bronnen:" in text


def test_realised_statushouders_against_the_task(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/realisatie/")
    page.get_by_label("Regio", exact=True).select_option(label="Zuidwest-Drenthe")
    page.get_by_label("Periode", exact=True).select_option("2023-1")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"regio=zuidwest-drenthe"))
    expect(page.get_by_text(re.compile("het aandeel is de taakstelling"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("gehuisvest tegenover aandeel en plafond"))
    expect(table.get_by_role("row", name=re.compile("^Hoogeveen"))).to_contain_text(
        "demonstratiecijfer"
    )
    screenshot("allocation-realised-zuidwest-statushouders")
    axe()


def test_spread_over_the_wijken(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/spreiding/GM0118/?groep=statushouders&periode=2023")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreiding over de wijken: Hoogeveen")
    expect(page.get_by_role("note").first).to_contain_text("demonstratiecijfer")
    expect(page.get_by_text(re.compile("geen aantal onder de 8"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("in Hoogeveen per wijk"))
    expect(table.get_by_text("geheim").first).to_be_visible()
    expect(table).to_contain_text("concentratie")
    expect(page.get_by_text(re.compile("Concentratie-index"))).to_be_visible()
    screenshot("allocation-spread-hoogeveen")
    axe()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("wijkcode;wijk;plaatsingen;status")
    assert "demonstratiecijfer" in text
