"""Beside each figure a source a person can read, with its peildatum; the route on the sources
page only (issue 10)."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_profile_cites_the_cbs_table_with_peildatum_and_no_route(page, server, screenshot, axe):
    page.goto(server + "/monitor/gebied/WK168100/?jaar=2022")
    housing = page.get_by_role("table", name=re.compile("Wonen: Valthe in 2022"))
    woz = housing.get_by_role("row", name=re.compile("Gemiddelde WOZ-waarde"))
    source = woz.locator("td.wm-source")
    expect(source).to_contain_text(re.compile(r"CBS, Kerncijfers wijken en buurten 2022.*85318NED"))
    expect(source).to_contain_text("peildatum 1 januari 2021")  # WOZ: valued a year earlier
    for word in ("tmap", "geladen", ".csv", "github"):
        expect(source).not_to_contain_text(word)
    sources = page.locator("section.wm-area-sources")
    expect(sources.get_by_role("heading", name="Bronnen en geheimhouding")).to_be_visible()
    expect(sources).to_contain_text("peildatum 1 januari 2022")
    expect(sources).not_to_contain_text("tmap")
    footer = page.locator("footer")
    expect(footer).to_contain_text("CBS, Kerncijfers wijken en buurten 2024 (85984NED)")
    expect(footer).not_to_contain_text("geladen op")
    screenshot("monitor-profiel-bronnen-valthe-2022")
    axe()

    sources.get_by_role("link", name="bronnenpagina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bronnen en peildata")
    kwb = page.locator("section.wm-source-entry").filter(
        has=page.get_by_role("heading", name="CBS, Kerncijfers wijken en buurten 2024 (85984NED)")
    )
    expect(kwb).to_contain_text("Peildatum 1 januari van het jaar")
    expect(kwb).to_contain_text("27 maart 2025")  # published by CBS
    expect(kwb).to_contain_text("Hoe het bestand bij ons kwam")  # the route: here, not beside
    expect(kwb).to_contain_text("Geladen op")
    screenshot("bronnenpagina")
    axe()
