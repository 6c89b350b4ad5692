"""Housing with care: the need for homes for older people per municipality, and the woonzorg
profile of Borger-Odoorn and of Zuidoost-Drenthe (page, CSV, Excel and PDF)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect


def test_need_for_all_drenthe_and_a_region(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/wonen-zorg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningen voor ouderen: Drenthe")
    expect(page.get_by_role("note").first).to_contain_text("Voorbeeld.")
    ratios = page.get_by_role("table", name=re.compile("Verhoudingen: woningen per 1.000"))
    expect(ratios.get_by_role("row", name=re.compile("Nultredenwoning"))).to_contain_text("156,20")
    need = page.get_by_role("table", name=re.compile("Woningen nodig in 2030"))
    borger = need.get_by_role("row", name=re.compile("^Borger-Odoorn"))
    for text in ("1.613", "1.883", "294", "138", "69", "501"):
        expect(borger).to_contain_text(text)
    expect(page.get_by_text(re.compile("Bron inwoners van 80 jaar en ouder"))).to_contain_text(
        "70072NED"
    )
    expect(need.get_by_role("row", name=re.compile("^Totaal"))).to_contain_text("9.978")
    split = page.get_by_role("table", name=re.compile("Verdeling van 9.978 woningen"))
    expect(split.get_by_role("row", name=re.compile("^Totaal"))).to_contain_text("9.978")
    screenshot("allocation-care-need-drenthe")
    axe()

    page.get_by_label("Gebied", exact=True).select_option(label="Zuidoost-Drenthe (BOCE)")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"regio=zuidoost-drenthe"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuidoost-Drenthe")
    need = page.get_by_role("table", name=re.compile("Woningen nodig in 2030"))
    expect(need.get_by_role("row")).to_have_count(5)  # header, 3 municipalities, total
    screenshot("allocation-care-need-zuidoost-drenthe")
    axe()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tabel als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "GM1681;Borger-Odoorn;nultredenwoning;inwoners-80-plus;2025;1613;" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Tabel als Excel").click()
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"


def test_woonzorg_profile_of_borger_odoorn(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/woonzorgprofiel/GM1681/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonzorgprofiel Borger-Odoorn")
    expect(
        page.get_by_role("heading", name="Taak en realisatie per aandachtsgroep")
    ).to_be_visible()
    expect(page.get_by_text("geen taak vastgelegd").first).to_be_visible()
    steps = page.get_by_role("heading", name="De berekening, stap voor stap")
    expect(steps).to_be_visible()
    expect(page.get_by_text(re.compile(r"1\.613 × 1,1674 = 1\.883,0"))).to_be_visible()
    expect(page.get_by_text("501 woningen")).to_be_visible()
    content = page.locator("main").inner_text()
    if "demonstratiecijfer" in content:  # demo placements: marked on the page
        expect(page.get_by_role("note").first).to_contain_text("Demonstratiecijfers")
    screenshot("allocation-woonzorgprofiel-borger-odoorn")
    axe()

    with page.expect_download() as info:
        page.get_by_role("link", name="Profiel als PDF").click()
    assert info.value.suggested_filename.startswith("woonzorgprofiel-gm1681-")
    assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
    with page.expect_download() as info:
        page.get_by_role("link", name="Cijfers als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "behoefte ouderen;Borger-Odoorn;nultredenwoning;2030;294;woningen" in text


def test_woonzorg_profile_of_a_region(page, server, screenshot, axe):
    page.goto(server + "/aandachtsgroepen/woonzorgprofiel/regio/zuidoost-drenthe/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Woonzorgprofiel Zuidoost-Drenthe")
    need = page.get_by_role("table", name=re.compile("Woningen nodig in 2030"))
    for name in ("Borger-Odoorn", "Coevorden", "Emmen"):
        expect(need.get_by_role("row", name=re.compile(f"^{name}"))).to_be_visible()
    split = page.get_by_role("table", name=re.compile("Verdeling van 9.978 woningen"))
    expect(split.get_by_role("row", name=re.compile("^Samen"))).to_be_visible()
    screenshot("allocation-woonzorgprofiel-zuidoost-drenthe")
    axe()
    need.get_by_role("link", name="Emmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Woonzorgprofiel Emmen")
