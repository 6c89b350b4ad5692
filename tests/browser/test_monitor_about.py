"""A visitor reads "Over de cijfers": sources, statuses and privacy rules, without logging in."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_about_page_explains_sources_statuses_and_privacy(page, server, screenshot, axe):
    page.goto(server + "/monitor/over-de-cijfers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de cijfers")
    # The real files loaded for the demo are listed with their date.
    loaded = page.get_by_role("table", name=re.compile("Geladen bestanden"))
    expect(loaded.get_by_role("cell", name=re.compile("85984NED")).first).to_be_visible()
    # The rules table is generated from the loaded catalogue.
    rules = page.get_by_role("table", name="Geheimhoudingsregels per soort cijfer")
    woz = rules.get_by_role("row").filter(has_text="Gemiddelde WOZ-waarde")
    expect(woz).to_contain_text("geheim bij minder dan 20 woningen")
    # The table of contents jumps to the section on boundary changes.
    page.get_by_role("link", name="Grenswijzigingen tussen jaren").click()
    expect(page).to_have_url(re.compile("#grenzen$"))
    expect(page.get_by_text(re.compile(r"hoogstens 2 % verschil"))).to_be_visible()
    screenshot("monitor-over-de-cijfers")
    axe()
