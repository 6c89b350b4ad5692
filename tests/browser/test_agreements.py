"""Prestatieafspraken in the browser: read, import-review-publish, report, comment, download."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, ROOT

SEED_002 = ROOT.parent / "shared" / "seeds" / "002_8c2198bb28f9bb11.txt"
BORGER_ODOORN = re.compile(r"PRESTATIEAFSPRAKEN 2023", re.I)
HOOGEVEEN = re.compile(r"Hogeveen 2023-2027")


def open_agreement(page, server, title) -> str:
    """The published agreement with this title (a party also sees its drafts in the list)."""
    page.goto(server + "/prestatieafspraken/")
    published = page.locator(".wm-card:not(.wm-card--draft)")
    published.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()
    return page.url


def open_commitment(page, number: str) -> None:
    page.get_by_role("link", name=re.compile(rf"^{re.escape(number)}\b")).first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_anyone_reads_a_published_agreement(page, server, screenshot, axe):
    page.goto(server + "/prestatieafspraken/")
    expect(page.get_by_role("main")).to_contain_text("Borger-Odoorn")
    expect(page.get_by_role("main")).to_contain_text("Hoogeveen")
    screenshot("afspraken-lijst")
    axe()
    open_agreement(page, server, HOOGEVEEN)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Bouwopgave")
    expect(main).to_contain_text("320 eenheden")
    expect(main).to_contain_text("6.595")  # the stock table, Dutch number format
    expect(main).to_contain_text("op koers")  # target 1 judged on the plan (+324)
    expect(page.locator("svg[role=img]").first).to_be_visible()
    screenshot("afspraken-hoogeveen")
    axe()
    open_commitment(page, "19")
    expect(page.get_by_role("main")).to_contain_text("statushouders")
    screenshot("afspraak-hoogeveen-19")
    axe()
    page.goto(server + "/organisaties/lefier/")
    page.get_by_role("link", name=re.compile("Waar zijn wij verantwoordelijk voor")).click()
    expect(page.get_by_role("main")).to_contain_text("A5a")
    screenshot("verantwoordelijk-lefier")
    axe()


def test_masked_cells_and_inferred_values_stay_visible(page, server, screenshot, axe):
    open_agreement(page, server, BORGER_ODOORN)
    main = page.get_by_role("main")
    # a masked row label is quoted as the source has it, in the flag of its confirmed inference
    # (tests/browser/test_agreement_masking.py: the cells themselves are unreadable)
    expect(main).to_contain_text("Xxxxxxxxx")
    screenshot("afspraken-borger-odoorn")
    axe()
    open_commitment(page, "A1")  # "X0" in the source: the number is inferred
    expect(page.get_by_role("main")).to_contain_text("Jaarschijf 2023")
    expect(page.get_by_role("main")).to_contain_text("X0")
    screenshot("afspraak-borger-odoorn-a1")
    axe()


def test_import_review_publish(page, server, login, screenshot, axe, tmp_path):
    login("beheerder")
    page.goto(server + "/prestatieafspraken/importeren/")
    screenshot("importeren")
    axe()
    not_an_agreement = tmp_path / "boodschappen.txt"
    not_an_agreement.write_text("Boodschappenlijst\nmelk\nbrood\n", encoding="utf-8")
    page.get_by_label("Document (platte tekst, .txt)").set_input_files(str(not_an_agreement))
    page.get_by_role("button", name="Importeren als concept").click()
    expect(page.get_by_role("main")).to_contain_text("geen prestatieafsprakendocument")
    screenshot("importeren-fout")
    axe()

    # the demo data already has this document: a warning with a link, nothing read
    page.get_by_label("Document (platte tekst, .txt)").set_input_files(str(SEED_002))
    page.get_by_role("button", name="Importeren als concept").click()
    expect(page.get_by_role("alert")).to_contain_text("is al ingelezen")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_count(1)
    screenshot("importeren-al-ingelezen")
    axe()
    page.get_by_label("Document (platte tekst, .txt)").set_input_files(str(SEED_002))
    page.get_by_label("Toch als nieuw concept inlezen, naast wat er al is").check()
    page.get_by_role("button", name="Importeren als concept").click()
    expect(page).to_have_url(re.compile(r"/beoordelen/"))
    expect(page.get_by_role("main")).to_contain_text("Hogeveen")
    screenshot("beoordelen")
    axe()

    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("main")).to_contain_text("niet bevestigd")
    confirm = page.get_by_role("button", name="Bevestigen")
    for _ in range(200):
        if confirm.count() == 0:
            break
        confirm.first.click()
        page.wait_for_load_state()
    assert confirm.count() == 0
    # reviewed, but not yet agreed by the parties
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("main")).to_contain_text("Nog geen akkoord op deze versie van")
    # the document was signed on paper: the administrator records that
    page.get_by_label("Waar en wanneer ondertekend").fill("ondertekend op 2 oktober 2023")
    page.get_by_role("button", name="Ondertekend document vastleggen").click()
    expect(page.locator("#akkoord")).to_contain_text("ondertekend brondocument")
    screenshot("beoordelen-ondertekend")
    axe()
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state()
    expect(page.get_by_role("main")).to_contain_text(re.compile("gepubliceerd", re.I))
    screenshot("gepubliceerd")
    axe()

    # The rolling document: a new edition, edited, compared with the published one.
    page.get_by_role("button", name=re.compile("Nieuwe editie voor 2024")).click()
    expect(page).to_have_url(re.compile(r"/beoordelen/"))
    review = page.url
    page.get_by_role("link", name=re.compile(r"^Bewerken afspraak 1$")).click()
    content = page.get_by_label("Inhoud")
    content.fill(content.input_value() + " Aangepast in de nieuwe editie.")
    screenshot("afspraak-bewerken")
    axe()
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(r"/beoordelen/"))
    page.get_by_role("link", name=re.compile("Getallen bewerken")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bewerken")
    screenshot("tabel-bewerken")
    axe()
    page.goto(review.replace("beoordelen/", "werkmap-importeren/"))
    page.get_by_label("Bewerkte werkmap (.xlsx)").set_input_files(
        files=[{"name": "kapot.xlsx", "mimeType": "application/octet-stream", "buffer": b"x"}]
    )
    page.get_by_role("button", name="Werkmap controleren en importeren").click()
    expect(page.get_by_role("main")).to_contain_text("Excel")
    screenshot("werkmap-importeren-fout")
    axe()
    page.goto(review.replace("beoordelen/", "vergelijken/"))
    expect(page.get_by_role("main")).to_contain_text("Aangepast in de nieuwe editie.")
    screenshot("edities-vergelijken")
    axe()


def test_each_party_signs_off_and_the_municipality_publishes(page, server, login, screenshot, axe):
    """A new Borger-Odoorn edition: each party agrees for itself; the municipality publishes."""
    login("gemeente")
    open_agreement(page, server, BORGER_ODOORN)
    page.get_by_role("button", name=re.compile("Nieuwe editie voor")).click()
    expect(page).to_have_url(re.compile(r"/beoordelen/"))
    review = page.url
    akkoord = page.locator("#akkoord")
    expect(akkoord).to_contain_text("nog geen besluit")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(akkoord.locator("tr", has_text="(BO)")).to_contain_text("akkoord")
    screenshot("akkoord-gemeente")
    axe()

    page.context.clear_cookies()  # log out
    login("huurders")
    page.goto(review)
    page.get_by_label("Besluit").select_option("reservation")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("main")).to_contain_text("Licht uw voorbehoud of bezwaar toe")
    page.get_by_label("Besluit").select_option("reservation")
    page.get_by_label("Toelichting").fill("De huurverhoging blijft een punt van overleg.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(akkoord.locator("tr", has_text="(HU)")).to_contain_text("akkoord met voorbehoud")
    # a tenants' organisation cannot publish: no button, and the page says who does
    expect(page.get_by_role("button", name="Publiceren")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Publiceren doet een bewerker van de gemeente")
    screenshot("akkoord-huurders-voorbehoud")
    axe()

    page.context.clear_cookies()
    login("gemeente")
    page.goto(review)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("main")).to_contain_text("Nog geen akkoord op deze versie van")
    screenshot("publiceren-nog-niet")


def test_association_reports_progress_and_realised_figures(page, server, login, screenshot, axe):
    login("corporatie")
    detail = open_agreement(page, server, BORGER_ODOORN)
    open_commitment(page, "A5a")  # led by Lefier
    page.get_by_label("Status").select_option(label="vertraagd")
    report = "Sloop Nieuw-Buinen schuift door naar 2024 (browsertest)."
    page.get_by_label("Toelichting").fill(report)
    page.get_by_role("button", name="Melding opslaan").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(report)
    expect(main).to_contain_text("vertraagd")
    screenshot("afspraak-melding-corporatie")
    axe()

    page.goto(detail.rstrip("/") + "/realisatie/")
    page.get_by_label("Wat is gerealiseerd").select_option(label="nieuwbouw")
    page.get_by_label("Jaar").fill("2023")
    page.get_by_label("Aantal").fill("27")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("27")
    screenshot("realisatie-corporatie")
    axe()
    # Lefier may not report for a commitment led by the municipality.
    page.goto(detail)
    open_commitment(page, "A3")
    expect(page.get_by_role("button", name="Melding opslaan")).to_have_count(0)


def test_tenants_comment_on_a_commitment(page, server, login, screenshot, axe):
    login("huurders")
    open_agreement(page, server, BORGER_ODOORN)
    open_commitment(page, "A2")
    expect(page.get_by_role("button", name="Melding opslaan")).to_have_count(0)
    page.get_by_label("Soort").select_option(label="advies")
    page.get_by_label("Advies of opmerking").fill("Huurders vragen om de huurverhoging te matigen.")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Huurders vragen om de huurverhoging te matigen."
    )
    screenshot("afspraak-advies-huurders")
    axe()


def test_progress_report_pdf_downloads_and_renders(page, server, screenshot):
    open_agreement(page, server, HOOGEVEEN)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Voortgangsrapportage (PDF)").click()
    download = download_info.value
    target = ARTIFACTS / "voortgangsrapportage-hoogeveen.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    download.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(target), str(ARTIFACTS / "voortgangsrapportage")],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("voortgangsrapportage-*.png"))
    assert len(pages) >= 2
    with page.expect_download() as excel_info:
        page.get_by_role("link", name="Voortgangsrapportage (Excel)").click()
    assert excel_info.value.suggested_filename.endswith(".xlsx")
