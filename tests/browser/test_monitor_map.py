"""A visitor finds, for Borger-Odoorn, inhabitants and homes per wijk on a map (2022 and 2024),
the average WOZ value and the owner-occupied share per wijk (2022), and downloads them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from playwright.sync_api import expect

MAP = "/monitor/kaart/"


def wijk_map(indicator: str, year: int) -> str:
    return f"{MAP}?indicator={indicator}&jaar={year}&niveau=wijk&gemeente=GM1681"


def test_from_the_start_page_to_the_map_of_homes_per_wijk(page, server, screenshot, axe):
    page.goto(server + "/monitor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijk- en Dorpenmonitor")
    catalogue = page.get_by_role("table", name=re.compile(r"^Wonen: \d+ indicatoren"))
    expect(catalogue.get_by_role("link", name="Gemiddelde WOZ-waarde", exact=True)).to_be_visible()
    screenshot("monitor-start")
    axe()
    form = page.locator("form.wm-filter")
    form.get_by_label("Indicator").select_option("woningvoorraad")
    form.get_by_label("Jaar").select_option("2024")
    form.get_by_label("Niveau").select_option("wijk")
    form.get_by_label("Gemeente").select_option(label="Borger-Odoorn")
    form.get_by_role("button", name="Toon kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningvoorraad per wijk, 2024")
    table = page.get_by_role("table", name="Woningvoorraad per wijk, 2024: 25 gebieden")
    expect(table.get_by_role("row")).to_have_count(26)
    borger = table.get_by_role("row").filter(
        has=page.get_by_role("link", name="Borger", exact=True)
    )
    expect(borger).to_contain_text("2.398")  # KWB 2024, in Dutch notation
    figure = page.locator("figure[data-monitor-map]")
    expect(figure).to_have_attribute("data-enhanced", "leaflet")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(25)
    expect(figure.locator("figcaption")).to_contain_text("grenzen uit de indeling 2022 getekend")
    legend = page.locator(".wm-legend")
    expect(legend.locator(".wm-legend__item")).to_have_count(5)
    expect(legend).to_contain_text("800 tot en met 2.400")  # the largest wijk: Borger, 2.398
    expect(page.locator(".wm-sources")).to_contain_text(
        re.compile(r"Kerncijfers wijken en buurten 2024.*peildatum 1 januari 2024")
    )
    screenshot("monitor-kaart-woningvoorraad-2024")
    axe()


def test_the_picker_lists_only_indicators_with_values_for_level_and_year(
    page, server, screenshot, axe
):
    page.goto(server + wijk_map("woningvoorraad", 2024))
    select = page.locator("form.wm-filter select[name=indicator]")
    themes = select.locator("optgroup:not([label^='Nog geen']) option")
    expect(themes.filter(has_text=re.compile("^Woningvoorraad$"))).to_have_count(1)
    # apart: what has values in another year or level (can be chosen), saying where ...
    elsewhere = select.locator("optgroup[label='Nog geen gegevens per wijk in 2024'] option")
    assert elsewhere.count() > 0
    for text in elsewhere.all_inner_texts():
        assert re.search(r"\(wel (in|per) [^)]+\)$", text), text
    # ... and what has no values at all (cannot be chosen), with how to load it below
    never = select.locator("optgroup[label='Nog geen gegevens geladen'] option")
    assert never.count() > 0
    names = never.all_inner_texts()
    for index in range(never.count()):
        expect(never.nth(index)).to_be_disabled()
    # nothing is listed twice, and the numbers add up
    listed = themes.count() + elsewhere.count() + never.count()
    summary = page.get_by_text(re.compile(r"indicatoren hebben cijfers per wijk in 2024"))
    expect(summary).to_contain_text(f"{themes.count()} van de {listed} indicatoren")
    details = page.locator("details.wm-no-data")
    expect(details.locator("summary")).to_have_text(
        f"Nog geen gegevens: {never.count()} indicatoren"
    )
    details.locator("summary").click()
    for name in names:
        expect(details.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(details).to_contain_text("manage.py")
    expect(details.get_by_role("link", name=re.compile("Over de cijfers"))).to_be_visible()
    screenshot("monitor-kaart-keuzelijst")
    axe()
    # choosing an indicator of another year shows that year, where it is in the list
    option = elsewhere.filter(has_text=re.compile(r"\(wel in ")).first
    name, years = re.match(r"(.*) \(wel in (.*)\)$", option.inner_text()).groups()
    latest = re.findall(r"\d{4}", years)[-1]
    select.select_option(label=option.inner_text())
    page.locator("form.wm-filter").get_by_role("button", name="Toon kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name} per wijk, {latest}")
    chosen = page.locator("form.wm-filter select[name=indicator] option:checked")
    expect(chosen).to_have_text(name)


def test_inhabitants_per_wijk_in_2022_with_a_tooltip(page, server, screenshot, axe):
    page.goto(server + wijk_map("inwoners", 2022))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inwoners per wijk, 2022")
    table = page.get_by_role("table", name="Inwoners per wijk, 2022: 25 gebieden")
    valthe = table.get_by_role("row").filter(
        has=page.get_by_role("link", name="Valthe", exact=True)
    )
    expect(valthe).to_contain_text("1.230")
    page.wait_for_selector("figure[data-enhanced=leaflet]")
    page.locator(".leaflet-overlay-pane path").nth(3).hover(force=True)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(re.compile(r"\(WK1681\d\d\): [\d.]+"))
    screenshot("monitor-kaart-inwoners-2022")
    axe()


def test_a_secret_value_is_hatched_and_explained(page, server, screenshot, axe):
    """Ellertshaar has 12 homes: CBS gives no persons per home below 20 homes."""
    page.goto(server + wijk_map("woningbezetting", 2022))
    table = page.get_by_role("table", name=re.compile("Woningbezetting per wijk, 2022"))
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Ellertshaar"))
    expect(row).to_contain_text("geheim")
    expect(row).to_contain_text("minder dan 20 woningen")
    expect(page.locator(".wm-legend")).to_contain_text("geheim (niet openbaar")
    secret = page.locator(".leaflet-overlay-pane path.wm-pattern-secret")
    expect(secret).to_have_count(1)
    secret.hover(force=True)
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Ellertshaar (WK168193): geheim")
    expect(page.get_by_text("2,92")).to_have_count(0)  # 35 inhabitants / 12 homes
    screenshot("monitor-kaart-woningbezetting-geheim")
    axe()


def test_woz_value_and_owner_occupied_share_per_wijk_in_2022(page, server, screenshot, axe):
    page.goto(server + wijk_map("woz-gemiddeld", 2022))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gemiddelde WOZ-waarde per wijk, 2022"
    )
    table = page.get_by_role("table", name=re.compile("Gemiddelde WOZ-waarde per wijk, 2022"))
    valthe = table.get_by_role("row").filter(
        has=page.get_by_role("link", name="Valthe", exact=True)
    )
    expect(valthe).to_contain_text("€ 282.000")
    expect(page.locator(".wm-legend")).to_contain_text(re.compile(r"€ [\d.]+ tot € [\d.]+"))
    screenshot("monitor-kaart-woz-2022")
    axe()
    page.goto(server + wijk_map("koopwoningen", 2022))
    table = page.get_by_role("table", name=re.compile("Koopwoningen per wijk, 2022"))
    valthe = table.get_by_role("row").filter(
        has=page.get_by_role("link", name="Valthe", exact=True)
    )
    expect(valthe).to_contain_text("80 %")
    axe()


def test_downloads_hold_the_rows_of_the_table(page, server):
    page.goto(server + wijk_map("woningvoorraad", 2024))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 25
    borger = next(line for line in lines if line["code"] == "WK168182")
    assert borger["waarde"] == "2398" and borger["jaargang"] == "2024"
    assert "85984NED" in borger["bron"]
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als JSON").click()
    payload = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(payload["rows"]) == 25 and payload["period"] == 2024


def test_the_map_works_without_javascript(browser, server, screenshot):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(server + "/monitor/kaart/")
    form = page.locator("form.wm-filter")
    form.get_by_label("Indicator").select_option("koopwoningen")
    form.get_by_label("Niveau").select_option("wijk")
    form.get_by_label("Gemeente").select_option(label="Borger-Odoorn")
    form.get_by_role("button", name="Toon kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koopwoningen per wijk, 2022")
    links = page.locator("svg.wm-choropleth__svg a")
    expect(links).to_have_count(25)
    expect(
        page.locator("svg.wm-choropleth__svg a[aria-label^='Valthe (WK168100): 80 %']")
    ).to_have_count(1)
    page.locator("svg.wm-choropleth__svg a[aria-label^='Valthe (WK168100)']").click()
    expect(page).to_have_url(re.compile(r"/monitor/gebied/WK168100/"))
    context.close()


def test_buurten_without_values_say_so(page, server, screenshot, axe):
    # KWB 2024 per buurt has inhabitants, age and origin, no housing stock
    page.goto(server + MAP + "?indicator=woningvoorraad&jaar=2024&niveau=buurt&gemeente=GM1681")
    expect(
        page.get_by_text(
            re.compile("Er zijn geen buurtcijfers geladen voor Woningvoorraad in 2024")
        )
    ).to_be_visible()
    page.get_by_role("link", name="de kaart per wijk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningvoorraad per wijk, 2024")
    axe()


def test_the_indicator_page_defines_the_indicator(page, server, screenshot, axe):
    page.goto(server + "/monitor/indicatoren/woningbezetting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningbezetting")
    definition = page.locator("dl.wm-definition")
    expect(definition).to_contain_text("Inwoners gedeeld door Woningvoorraad")
    expect(definition).to_contain_text("Niet getoond (geheim) bij minder dan 20 woningen.")
    page.get_by_role("link", name="ja, kaart per wijk 2022").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Woningbezetting per wijk, 2022")
    page.go_back()
    screenshot("monitor-indicator-woningbezetting")
    axe()
