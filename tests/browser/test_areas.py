"""A new visitor finds Drenthe's municipalities and their wijken."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_home_shows_the_municipalities_on_a_map_and_in_a_list(page, server, screenshot, axe):
    page.goto(server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonmonitor Drenthe")
    table = page.get_by_role("table", name=re.compile("13 gemeenten"))
    expect(table.get_by_role("link", name="Borger-Odoorn")).to_be_visible()
    # The map draws every municipality even though the tiles cannot load here.
    expect(page.locator("figure[data-map]")).to_have_attribute("data-enhanced", "leaflet")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(13)
    screenshot("home")
    axe()


def test_click_borger_odoorn_on_the_map_and_see_its_25_wijken(page, server, screenshot, axe):
    page.goto(server + "/")
    page.locator(".leaflet-tooltip-pane")  # the map is interactive
    page.get_by_role("link", name="Borger-Odoorn").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Borger-Odoorn")
    expect(page.get_by_role("table", name=re.compile("25 gebieden"))).to_be_visible()
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(26)  # 25 wijken + outline
    figure = page.get_by_role("definition").filter(has_text="26.014")
    expect(figure).to_be_visible()  # inhabitants 2024, in Dutch number format
    screenshot("gemeente-borger-odoorn")
    axe()


def test_area_click_on_the_map_itself(page, server):
    page.goto(server + "/")
    page.wait_for_selector("figure[data-enhanced=leaflet]")
    path = page.locator(".leaflet-overlay-pane path").nth(0)
    path.click(force=True)
    expect(page).to_have_url(re.compile(r"/gebieden/GM\d{4}/"))


def test_breadcrumb_down_to_a_buurt(page, server, screenshot, axe):
    page.goto(server + "/gebieden/BU16810001/")
    crumbs = page.get_by_role("navigation", name="Kruimelpad")
    for name in ("Drenthe", "Borger-Odoorn", "Valthe"):
        expect(crumbs.get_by_role("link", name=re.compile(name)).first).to_be_visible()
    # KWB 2024 brings every buurt of the country: the newest classification is shown
    expect(page.get_by_text("CBS-indeling 2024")).to_be_visible()
    screenshot("buurt-valthe")
    axe()


def test_wijk_page_says_where_its_boundary_comes_from(page, server, screenshot, axe):
    page.goto(server + "/gebieden/WK168100/?jaar=2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Valthe")
    caption = page.locator("figure[data-map] figcaption")
    expect(caption).to_contain_text("grens uit de indeling 2022")
    expect(page.get_by_text(re.compile("deze naam komt uit de indeling 2022"))).to_be_visible()
    screenshot("wijk-2024-grens-2022")
    axe()


def test_pages_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    links = page.locator("svg.wm-map__svg a")
    expect(links).to_have_count(13)
    page.locator("svg.wm-map__svg a[aria-label*='Borger-Odoorn']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Borger-Odoorn")
    context.close()


def test_region_and_province_pages(page, server, screenshot, axe):
    page.goto(server + "/regios/")
    page.get_by_role("link", name=re.compile("Zuidoost-Drenthe")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuidoost-Drenthe")
    expect(page.get_by_role("table", name=re.compile("3 gemeenten"))).to_be_visible()
    screenshot("regio-zuidoost")
    axe()
    page.goto(server + "/gebieden/PV22/")
    expect(page.get_by_role("table", name=re.compile("12 gebieden"))).to_be_visible()
    screenshot("provincie-drenthe")
    axe()


def test_english_is_selectable(page, server):
    page.goto(server + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
