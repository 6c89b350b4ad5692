"""Each role logs in with its demo account and sees what it may see."""

from __future__ import annotations

import email
import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

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


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(
    page, server, screenshot, axe
):
    # An account of its own: the lockout must not touch the demo users of other tests.
    page.goto(server + "/inloggen/")
    for _ in range(6):
        page.get_by_label("Gebruikersnaam").fill("browsertest-onbekend")
        page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Te veel mislukte inlogpogingen")
    expect(alert).to_contain_text(re.compile(r"over \d+ minuten? opnieuw"))
    screenshot("inloggen-geblokkeerd")
    axe()


def _newest_mail(mailbox) -> str:
    files = sorted(mailbox.glob("*.log"), key=lambda path: path.stat().st_mtime)
    assert files, "no e-mail was written"
    message = email.message_from_bytes(files[-1].read_bytes())
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_password_reset_pages(page, server, mailbox, screenshot, axe, login):
    page.goto(server + "/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten")
    screenshot("wachtwoord-vergeten")
    axe()

    page.get_by_label("E-mailadres").fill("lezer@demo.woonmonitor.invalid")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    screenshot("wachtwoord-vergeten-verstuurd")
    axe()

    link = re.search(r"http://\S+/wachtwoord-vergeten/nieuw-wachtwoord/\S+/", _newest_mail(mailbox))
    assert link, "no reset link in the e-mail"
    page.goto(link.group(0))
    expect(page.get_by_role("main")).to_contain_text("nieuw wachtwoord voor het account lezer")
    screenshot("wachtwoord-nieuw")
    axe()
    # The same password again, so the other tests can still log in as lezer.
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_label(re.compile("bevestig", re.I)).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord gewijzigd")
    screenshot("wachtwoord-gewijzigd")
    axe()

    page.goto(link.group(0))
    expect(page.get_by_role("alert")).to_contain_text("Deze link werkt niet (meer)")
    screenshot("wachtwoord-link-verlopen")
    axe()
    login("lezer")
    expect(page).to_have_url(re.compile("/mijn-account/"))


def test_api_token_made_shown_once_used_and_revoked(page, server, login, screenshot, axe):
    login("corporatie")
    page.goto(server + "/mijn-account/")
    expect(page.get_by_role("heading", name="API-sleutels")).to_be_visible()
    page.get_by_label("Naam").fill("Koppeling woningbeheersysteem")
    page.get_by_label("Geldig").select_option("90")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe API-sleutel")
    secret = page.get_by_label(re.compile("API-sleutel")).input_value()
    assert re.fullmatch(r"wm_[0-9a-f]{8}_\S{43}", secret)
    screenshot("api-sleutel-nieuw")
    axe()

    api = f"{server}/api/v1/agreements/"
    assert page.request.get(api, headers={"Authorization": f"Token {secret}"}).status == 200

    page.get_by_role("link", name="Terug naar mijn account").click()
    table = page.get_by_role("table", name="Uw API-sleutels")
    expect(table).to_contain_text("Koppeling woningbeheersysteem")
    expect(table).to_contain_text(secret[:11])
    assert secret not in page.content()
    screenshot("mijn-account-api-sleutels")
    axe()

    row = table.get_by_role("row").filter(has_text="Koppeling woningbeheersysteem")
    row.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_role("status")).to_contain_text("is ingetrokken")
    expect(table).to_contain_text("ingetrokken op")
    response = page.request.get(api, headers={"Authorization": f"Token {secret}"})
    assert response.status == 401
    assert response.headers["www-authenticate"] == 'Token realm="api"'
