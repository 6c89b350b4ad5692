"""Statushouders: the region table, the ledger of a municipality, and entering a placement as
the Borger-Odoorn municipality (demo login)."""

from __future__ import annotations

from playwright.sync_api import expect


def test_region_table(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/statushouders/?regio=zuidoost-drenthe&periode=2023-1")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taakstelling statushouders")
    table = page.locator("table")
    expect(table.locator("tbody tr")).to_have_count(3)
    row = table.locator("tbody tr", has_text="Borger-Odoorn")
    expect(row).to_contain_text("30,95")
    expect(row).to_contain_text("demonstratiecijfer")
    expect(main).to_contain_text("21.200")
    expect(main).to_contain_text("Circulaire taakstelling huisvesting vergunninghouders")
    expect(main).to_contain_text("peildatum 1 januari 2022")
    screenshot("allocation-statushouders-regio")
    axe()

    page.goto(server + "/aandachtsgroepen/statushouders/?periode=2019-1")
    expect(main).to_contain_text("01-01-2018 zijn niet geladen")
    expect(page.locator("table")).to_have_count(0)
    axe()


def test_ledger(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/statushouders/GM1681/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borger-Odoorn")
    expect(main).to_contain_text("demonstratiecijfer")
    expect(main).to_contain_text("Naar boven afgerond (art. 28)")
    expect(page.locator("#periode-2023-1")).to_be_visible()
    screenshot("allocation-statushouders-grootboek")
    axe()


def test_municipality_enters_a_placement(page, server, login, screenshot, axe):
    login("gemeente")
    page.goto(server + "/aandachtsgroepen/plaatsingen/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsing opgeven")
    municipality = page.get_by_label("Gemeente", exact=True)
    expect(municipality.locator("option")).to_have_count(1)
    page.get_by_label("Jaar").fill("2023")
    page.get_by_label("Maand").select_option("3")
    page.get_by_label("Aantal gehuisvest").fill("12")
    screenshot("allocation-plaatsing-nieuw")
    axe()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    expect(page).to_have_url(server + "/aandachtsgroepen/statushouders/GM1681/#periode-2023-1")
    alert = page.get_by_role("status").first
    expect(alert).to_contain_text("Opgeslagen: 12 in maart 2023 in GM1681")
    expect(alert).to_contain_text("Saldo 2023-I nu:")
    screenshot("allocation-plaatsing-opgeslagen")
    axe()
