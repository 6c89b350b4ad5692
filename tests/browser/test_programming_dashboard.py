"""Woningbouwprogrammering: the index of Drenthe's woondeal regions and the dashboard of
Zuidoost-Drenthe (need, plans, checks, signals, realisation), each checked with axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_index_of_the_woondeal_regions(page, server, screenshot, axe):
    page.goto(server + "/woningbouw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningbouw in Drenthe")
    regions = page.get_by_role("table", name=re.compile("Woondealregio's"))
    expect(regions.get_by_role("row", name=re.compile("^Noord-Drenthe"))).to_contain_text("3.790")
    expect(regions.get_by_role("row", name=re.compile("^Zuidoost-Drenthe"))).to_contain_text(
        "4.177"
    )
    expect(regions.get_by_role("row", name=re.compile("^Zuidwest-Drenthe"))).to_contain_text(
        "5.033"
    )
    expect(regions.get_by_role("row", name=re.compile("^Drenthe"))).to_contain_text("13.000")
    # the real plan capacity of 2021 per region, and its check against 130% of the target
    noord = regions.get_by_role("row", name=re.compile("^Noord-Drenthe"))
    expect(noord).to_contain_text("6.670")
    expect(noord).to_contain_text("voldaan")
    zuidoost = regions.get_by_role("row", name=re.compile("^Zuidoost-Drenthe"))
    expect(zuidoost).to_contain_text("2.819")
    expect(zuidoost).to_contain_text("niet voldaan")
    expect(regions.get_by_role("row", name=re.compile("^Zuidwest-Drenthe"))).to_contain_text(
        "5.360"
    )
    expect(page.get_by_text(re.compile("minstens 13.631 woningen tot 2030"))).to_be_visible()
    screenshot("programming-index")
    axe()


def test_dashboard_of_a_region(page, server, screenshot, axe):
    page.goto(server + "/woningbouw/")
    page.get_by_role("link", name="Zuidoost-Drenthe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Woondeal Zuidoost-Drenthe")
    expect(page.get_by_text(re.compile("lidmaatschap niet bevestigd")).first).to_be_visible()
    need = page.get_by_role("table", name=re.compile("Behoefte per gemeente"))
    expect(need.get_by_role("row", name=re.compile("woondealdoel"))).to_contain_text("4.177")
    checks = page.get_by_role("table", name="Toetsen van de regio en haar gemeenten")
    expect(checks).to_contain_text("woondealdoel 2030")
    expect(page.get_by_role("heading", name="Realisatie")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle cijfers als CSV").click()
    assert download.value.suggested_filename == "woningbouw-woondeal-zuidoost-drenthe-2030.csv"
    screenshot("programming-region-zuidoost-drenthe")
    axe()

    page.get_by_label("Plancijfers uit").select_option(value="projecten")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"basis=projecten"))
    expect(page.get_by_role("table", name=re.compile("Naar fase"))).to_be_visible()
    axe()
