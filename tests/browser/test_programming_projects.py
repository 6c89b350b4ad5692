"""Woningbouwprojecten in the browser: the plan map and the project list for a visitor, and a
municipality adding a plan by clicking on the map, drawing it as a vlak, then moving it a
phase. Every page through axe-core; screenshots at 1366 and 390 pixels wide."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

WIDTHS = (1366, 390)


def shots(page, screenshot, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def hard_homes(page, server) -> int:
    """The hard homes in Borger-Odoorn's plan-capacity check (on the projects basis)."""
    page.goto(server + "/woningbouw/gemeente/GM1681/?basis=projecten")
    check = page.locator("tr", has_text="plancapaciteit tegen het woondealdoel").first
    match = re.search(r"Daarvan hard: ([\d.]+) woningen", check.inner_text())
    assert match, check.inner_text()
    return int(match.group(1).replace(".", ""))


def geometry(page) -> dict:
    return json.loads(page.get_by_label("Locatie (GeoJSON)").input_value())


def test_plan_map_and_list_for_a_visitor(page, server, screenshot, axe):
    page.goto(server + "/woningbouw/kaart/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaart van woningbouwplannen")
    expect(page.locator("figure[data-plan-map]")).to_have_attribute("data-enhanced", "leaflet")
    # the shapes are not in the tab order: the list beside the map is the keyboard path
    assert page.locator(".leaflet-interactive[tabindex]").count() == 0
    assert page.locator(".wm-map__canvas[tabindex]").count() == 0
    page.get_by_label("Hard of zacht").select_option("hard")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    assert "zekerheid=hard" in page.url
    expect(page.get_by_label("Hard of zacht")).to_have_value("hard")
    shots(page, screenshot, "programming-kaart")
    axe()

    page.goto(server + "/woningbouw/projecten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningbouwprojecten")
    expect(page.get_by_role("link", name="Download als CSV")).to_be_visible()
    expect(page.get_by_role("link", name="Plan toevoegen")).to_have_count(0)
    shots(page, screenshot, "programming-projecten")
    axe()


def test_a_municipality_adds_a_plan_on_the_map_and_moves_it_a_phase(
    page, server, login, screenshot, axe
):
    login("gemeente")
    page.goto(server + "/woningbouw/projecten/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan toevoegen")
    draw = page.locator("[data-plan-draw]")
    expect(draw).to_have_attribute("data-enhanced", "leaflet")
    canvas = draw.locator(".wm-map__canvas")
    shots(page, screenshot, "programming-plan-formulier")
    axe()

    # a click sets a point
    canvas.click(position={"x": 300, "y": 150})
    point = geometry(page)
    assert point["type"] == "Point"
    expect(draw.get_by_role("status")).to_have_text("Punt gezet.")
    # "Vlak tekenen": three clicks, then close the polygon
    page.get_by_role("button", name="Vlak tekenen").click()
    pressed = page.get_by_role("button", name="Vlak tekenen")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    for x, y in ((260, 120), (340, 120), (340, 190)):
        canvas.click(position={"x": x, "y": y})
    page.get_by_role("button", name="Vlak sluiten").click()
    polygon = geometry(page)
    assert polygon["type"] == "Polygon"
    assert len(polygon["coordinates"][0]) == 4
    assert polygon["coordinates"][0][0] == polygon["coordinates"][0][-1]
    # "Wissen" clears, a new click sets a point again; then draw the vlak for real
    page.get_by_role("button", name="Wissen").click()
    assert page.get_by_label("Locatie (GeoJSON)").input_value() == ""
    page.get_by_role("button", name="Vlak tekenen").click()
    for x, y in ((260, 120), (340, 120), (340, 190), (260, 190)):
        canvas.click(position={"x": x, "y": y})
    page.get_by_role("button", name="Vlak sluiten").click()

    page.get_by_label("Naam van het plan").fill("Exloo, Hofstede (browsertest)")
    page.get_by_label("Fase", exact=True).select_option(label="Principebesluit (zacht)")
    page.get_by_label("Openbaarheid").select_option("project")
    page.get_by_label("Woningen netto").fill("18")
    page.get_by_label("sociale huur", exact=True).fill("12")
    page.get_by_label("middenhuur", exact=True).fill("0")
    page.get_by_label("2028", exact=True).fill("30")  # more than netto: refused, input kept
    page.get_by_role("button", name="Plan opslaan").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("De oplevering per jaar telt op tot 30 woningen")
    expect(page.get_by_label("Naam van het plan")).to_have_value("Exloo, Hofstede (browsertest)")
    assert geometry(page)["type"] == "Polygon"
    shots(page, screenshot, "programming-plan-formulier-fout")
    axe()

    page.get_by_label("2028", exact=True).fill("18")
    page.get_by_role("button", name="Plan opslaan").click()
    page.wait_for_load_state()
    main = page.get_by_role("main")
    expect(main).to_contain_text("is opgeslagen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exloo, Hofstede (browsertest)")
    expect(page.locator("figure[data-plan-map]")).to_have_attribute("data-enhanced", "leaflet")
    expect(page.locator(".wm-ladder__rung--current")).to_contain_text("Principebesluit")
    expect(main).to_contain_text("Het plan is een getekend vlak.")

    project_url = page.url
    hard_before = hard_homes(page, server)
    page.goto(project_url)

    page.get_by_label("Nieuwe fase").select_option(label="Vastgesteld omgevingsplan (hard)")
    page.get_by_label("Reden (niet verplicht)").fill("Raadsbesluit")
    page.get_by_role("button", name="Fase opslaan").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("Het plan staat nu in de fase Vastgesteld omgevingsplan")
    expect(page.locator(".wm-ladder__rung--current")).to_contain_text("Vastgesteld omgevingsplan")
    history = page.locator(".wm-history__item").first
    expect(history).to_contain_text("Versie 2")
    expect(history).to_contain_text("Raadsbesluit")
    expect(history).to_contain_text("Principebesluit")
    expect(history.locator("ins").first).to_have_text("Vastgesteld omgevingsplan")
    shots(page, screenshot, "programming-project")
    axe()

    # the municipality's checks see the move: 18 more hard homes in its plan capacity
    assert hard_homes(page, server) == hard_before + 18
    page.goto(project_url)

    # the plan is on the map now, public, as a hard plan
    page.goto(server + "/woningbouw/kaart/?zekerheid=hard")
    expect(page.locator(".wm-plan-list")).to_contain_text("Exloo, Hofstede (browsertest)")
