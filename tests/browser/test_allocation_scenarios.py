"""Fair share: the list of scenarios, one scenario with every step, two side by side, and a
new scenario made by the Borger-Odoorn municipality (demo login)."""

from __future__ import annotations

from playwright.sync_api import expect


def test_list_detail_and_compare(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/scenarios/?regio=zuidoost-drenthe")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verdeelscenario's (fair share)")
    expect(main).to_contain_text("Uitstroom BW/MO 2025: naar inwoners")
    expect(main).to_contain_text("demonstratiecijfer")
    screenshot("allocation-scenarios-lijst")
    axe()

    page.get_by_role("link", name="Uitstroom BW/MO 2025: naar inwoners").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("Demonstratiecijfers.")
    expect(main).to_contain_text("De berekening stap voor stap")
    expect(main).to_contain_text("afronden volgens de grootste rest")
    expect(main).to_contain_text("Corporatiebezit volgens CBS, niet hetzelfde als sociale huur")
    expect(page.locator("#result-heading + table tbody tr")).to_have_count(3)
    screenshot("allocation-scenario-detail")
    axe()

    page.goto(server + "/aandachtsgroepen/scenarios/?regio=zuidoost-drenthe")
    page.get_by_role("link", name="Deze scenario's naast elkaar").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verdeelscenario's naast elkaar")
    expect(main).to_contain_text("Uitkomst en verschil")
    expect(main).to_contain_text("concentratie van de groep")
    screenshot("allocation-scenarios-vergelijk")
    axe()


def test_municipality_makes_a_scenario(page, server, login, screenshot, axe):
    login("gemeente")
    page.goto(server + "/aandachtsgroepen/scenarios/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw verdeelscenario")
    page.get_by_label("Naam van het scenario").fill("Proef: inwoners en vrijgekomen")
    page.get_by_label("Regionaal totaal").fill("43")
    page.get_by_label("Vrijgekomen sociale huurwoningen").fill("50")
    page.get_by_label("Plafond per gemeente (%)").fill("10")
    page.get_by_role("button", name="Voorbeeld berekenen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("main")).to_contain_text("Voorbeeld (nog niet opgeslagen)")
    expect(page.get_by_label("Naam van het scenario")).to_have_value(
        "Proef: inwoners en vrijgekomen"
    )
    screenshot("allocation-scenario-nieuw")
    axe()
    page.get_by_role("button", name="Berekenen en opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proef: inwoners en vrijgekomen")
    expect(page.get_by_role("status").first).to_contain_text("berekend en opgeslagen")
    screenshot("allocation-scenario-opgeslagen")
    axe()
