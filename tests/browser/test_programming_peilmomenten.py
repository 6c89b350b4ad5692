"""Peilmomenten in the browser: the list and the comparison of the two demo peilmomenten for a
visitor (with the region filter), and the province taking a peilmoment. Every page through
axe-core; screenshots at 1366 and 390 pixels wide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

COMPARE = "/woningbouw/peilmomenten/vergelijk/?van=2026-06-30&tot=2026-09-30"


@pytest.mark.parametrize("width", [1366, 390])
def test_visitor_lists_and_compares(page, server, screenshot, axe, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "/woningbouw/peilmomenten/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilmomenten")
    expect(main).to_contain_text("30 september 2026")
    expect(page.get_by_role("button", name="Peilmoment vastleggen")).to_have_count(0)
    screenshot(f"programming-peilmomenten-lijst-{width}")
    axe()

    page.goto(server + COMPARE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilmomenten vergelijken")
    expect(main).to_contain_text("Van 30 juni 2026 tot 30 september 2026")
    expect(main.get_by_role("note")).to_contain_text("Demonstratie.")
    expect(page.get_by_role("heading", name="Totalen per gemeente")).to_be_visible()
    expect(page.get_by_role("heading", name="Andere fase")).to_be_visible()
    expect(page.get_by_role("heading", name="Verwachte oplevering verschoven")).to_be_visible()
    expect(main.get_by_text("demonstratie", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Wijzigingen als CSV")).to_be_visible()
    screenshot(f"programming-peilmomenten-vergelijk-{width}")
    axe()

    page.get_by_label("Regio", exact=True).select_option("woondeal-zuidwest-drenthe")
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("Woondeal Zuidwest-Drenthe")
    totals = page.locator("#totals-heading ~ div table")
    expect(totals.locator("tbody tr").first).to_contain_text("Hoogeveen")
    expect(totals).not_to_contain_text("Borger-Odoorn")
    axe()


def test_list_links_to_the_comparison(page, server):
    page.goto(server + "/woningbouw/peilmomenten/")
    page.get_by_role("link", name="met 30 juni 2026").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Van peilmoment")).to_have_value("2026-06-30")
    expect(page.get_by_label("Tot peilmoment")).to_have_value("2026-09-30")


def test_province_takes_a_peilmoment(page, server, login, screenshot, axe):
    login("provincie")
    page.goto(server + "/woningbouw/peilmomenten/")
    page.get_by_role("button", name="Peilmoment vastleggen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("projecten gekopieerd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilmomenten")
    screenshot("programming-peilmoment-vastgelegd")
    axe()
