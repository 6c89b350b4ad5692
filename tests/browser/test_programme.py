"""The province's programme in the browser: the published Uitvoeringsprogramma Wonen, its
actions per instrument, and a province editor who sets the status of one action."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_agreements import open_agreement

PROGRAMME = re.compile(r"Uitvoeringsprogramma Wonen")


def test_anyone_reads_the_programme_and_its_actions(page, server, screenshot, axe):
    page.goto(server + "/prestatieafspraken/")
    province = page.locator("section", has=page.get_by_role("heading", name="Provincie Drenthe"))
    expect(province).to_contain_text("Provinciaal programma")
    open_agreement(page, server, PROGRAMME)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Provinciaal programma · Provincie Drenthe")
    expect(page.get_by_role("heading", name="Acties per instrument")).to_be_visible()
    for instrument in ("1. Samenwerking", "3. Impulsteam", "7. Onderzoek en monitoring"):
        expect(page.get_by_role("heading", name=instrument)).to_be_visible()
    actions = page.get_by_role("table", name="Afspraken: Impulsteam")
    expect(actions).to_contain_text("Aanstellen kwartiermaker")
    expect(actions.get_by_role("row")).to_have_count(7)  # header and 6 actions
    screenshot("programma-provincie")
    axe()
    page.get_by_role("link", name=re.compile(r"^3\.2$")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actie 3.2")
    expect(page.get_by_role("main")).to_contain_text("Aanstellen kwartiermaker")
    expect(page.get_by_role("button", name="Melding opslaan")).to_have_count(0)
    screenshot("programma-actie")
    axe()


def test_a_province_editor_sets_the_status_of_an_action(page, server, login, screenshot, axe):
    login("gemeente")
    open_agreement(page, server, PROGRAMME)
    page.get_by_role("link", name=re.compile(r"^6\.6$")).click()
    expect(page.get_by_role("button", name="Melding opslaan")).to_have_count(0)
    page.context.clear_cookies()  # log out
    login("provincie")
    open_agreement(page, server, PROGRAMME)
    page.get_by_role("link", name=re.compile(r"^6\.6$")).click()
    page.get_by_label("Status").select_option(label="op schema")
    report = "Bidbook middenhuur in voorbereiding (browsertest)."
    page.get_by_label("Toelichting").fill(report)
    page.get_by_role("button", name="Melding opslaan").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(report)
    expect(main).to_contain_text("op schema")
    screenshot("programma-actie-melding-provincie")
    axe()
