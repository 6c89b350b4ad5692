"""Each role logs in with its demo account and sees what it may see."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

ROLES = [
    ("gemeente", "Gemeente Borger-Odoorn"),
    ("lezer", "Gemeente Hoogeveen"),
    ("corporatie", "Lefier"),
    ("huurders", "Huurdertje"),
    ("provincie", "Provincie Drenthe"),
]


@pytest.mark.parametrize(("username", "organisation"), ROLES)
def test_each_role_logs_in_and_sees_its_organisation(
    page, server, login, screenshot, axe, username, organisation
):
    login(username)
    expect(page).to_have_url(re.compile("/mijn-account/"))
    expect(page.get_by_role("main")).to_contain_text(organisation)
    screenshot(f"mijn-account-{username}")
    axe()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def test_login_page_is_accessible_and_rejects_a_wrong_password(page, server, screenshot, axe):
    page.goto(server + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("gemeente")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("(klopt|correct|onjuist)", re.I))
    screenshot("inloggen-fout")
    axe()


def test_import_history_is_for_members_only(page, server, login, screenshot, axe):
    response = page.goto(server + "/importhistorie/")
    assert response.status == 404
    login("provincie")
    page.goto(server + "/importhistorie/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Kerncijfers")
    screenshot("importhistorie")
    axe()


def test_organisations_are_public_but_members_are_not(page, server, login, screenshot, axe):
    page.goto(server + "/organisaties/")
    expect(page.get_by_role("link", name="Woonservice")).to_be_visible()
    screenshot("organisaties")
    axe()
    assert page.goto(server + "/organisaties/lefier/leden/").status == 404
    login("corporatie")
    assert page.goto(server + "/organisaties/lefier/leden/").status == 200
    screenshot("organisatie-leden-lefier")
    axe()
