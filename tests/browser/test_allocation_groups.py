"""The start page of Aandachtsgroepen: groups with unit and definition, the national half-year
numbers with their source, and the page of one group."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_start_page_and_a_group(page, server, screenshot, axe):
    page.goto(server + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Aandachtsgroepen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aandachtsgroepen")
    groups = page.get_by_role("table", name=re.compile("Aandachtsgroepen, met de eenheid"))
    expect(groups.get_by_role("row")).to_have_count(7)  # header and six groups
    expect(groups.get_by_role("row", name=re.compile("^Woonwagenbewoners"))).to_contain_text(
        "standplaatsen"
    )
    national = page.get_by_role("table", name=re.compile("Landelijk aantal per halfjaar"))
    expect(national.get_by_role("row", name=re.compile("^2023-I "))).to_contain_text("21.200")
    expect(national.get_by_role("row", name=re.compile("^2023-II"))).to_contain_text(
        "geen exact aantal"
    )
    screenshot("allocation-start")
    axe()

    groups.get_by_role("link", name=re.compile("Statushouders")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statushouders (vergunninghouders)")
    tasks = page.get_by_role("table", name="Periodes waarvoor een taak is vastgelegd")
    expect(tasks.get_by_role("row", name=re.compile("^2023-I "))).to_be_visible()
    screenshot("allocation-group-statushouders")
    axe()

    page.get_by_role("link", name="Aandachtsgroepen").last.click()
    page.get_by_role("link", name=re.compile("^Statushouders: de wettelijke taak")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("statushouders")
