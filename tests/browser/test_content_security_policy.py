"""The main pages work under the site's Content-Security-Policy: not one violation, and the
Leaflet maps still draw. The API documentation works under its own, relaxed policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

#: Records every CSP violation the page reports (an init script: the CSP does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def violations(page):
    """Call it after a page has loaded: the CSP violations in the console and from the events."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def found() -> list[str]:
        page.wait_for_load_state("networkidle")
        return console + page.evaluate("window.__cspViolations")

    return found


def policy_of(page, server, path: str) -> str:
    response = page.request.get(server + path)
    return response.headers["content-security-policy"]


def test_home_and_an_area_page_draw_their_maps_without_violations(
    page, server, violations, screenshot
):
    assert "script-src 'self';" in policy_of(page, server, "/")
    page.goto(server + "/")
    expect(page.locator("figure[data-map]")).to_have_attribute("data-enhanced", "leaflet")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(13)
    page.goto(server + "/gebieden/GM1681/")
    expect(page.locator("figure[data-map]")).to_have_attribute("data-enhanced", "leaflet")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(26)
    # the site's CSS is served (WhiteNoise, DEBUG off): the header has its colours
    header = page.locator("header.wm-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    screenshot("csp-gebiedspagina")
    assert violations() == []


def test_the_monitor_map_draws_its_classes_without_violations(page, server, violations, screenshot):
    page.goto(
        server + "/monitor/kaart/?indicator=woningvoorraad&jaar=2024&niveau=wijk&gemeente=GM1681"
    )
    figure = page.locator("figure[data-monitor-map]")
    expect(figure).to_have_attribute("data-enhanced", "leaflet")
    paths = page.locator(".leaflet-overlay-pane path")
    expect(paths.first).to_be_visible()
    assert paths.count() >= 25
    fills = {paths.nth(i).get_attribute("fill") for i in range(paths.count())}
    assert len(fills) >= 3  # the classes' colours, set as attributes (no inline styles)
    # the legend's swatches use fill attributes as well
    swatch = page.locator(".wm-legend__swatch rect").first
    assert swatch.get_attribute("fill").startswith("#")
    screenshot("csp-monitorkaart")
    assert violations() == []


def test_an_agreement_page_and_the_login_page_have_no_violations(
    page, server, violations, screenshot
):
    page.goto(server + "/prestatieafspraken/")
    page.get_by_role("link", name=re.compile(r"Hogeveen 2023-2027")).first.click()
    page.wait_for_load_state()
    bars = page.locator(".wm-statusbars__bar")
    expect(bars.first).to_be_attached()
    widths = {bars.nth(i).get_attribute("width") for i in range(bars.count())}
    assert widths - {"0"}, widths  # at least one status has commitments
    page.locator(".wm-statusbars").screenshot(path=str(ARTIFACTS / "csp-statusbalken.png"))
    screenshot("csp-afsprakenpagina")
    page.goto(server + "/inloggen/")
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    assert violations() == []


def test_the_404_page_is_dutch_and_styled(page, server, violations):
    response = page.goto(server + "/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert violations() == []


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/api/v1/docs/", ".swagger-ui .info"), ("/api/v1/redoc/", "[role=search], .api-content")],
)
def test_the_api_documentation_works_under_its_own_policy(page, server, violations, path, rendered):
    policy = policy_of(page, server, path)
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy
    page.goto(server + path)
    expect(page.locator(rendered).first).to_be_visible(timeout=15_000)
    # ReDoc's "API docs by Redocly" link shows a logo from Redocly's CDN: blocked on purpose
    # (nothing is loaded from elsewhere), the link keeps its text.
    assert [v for v in violations() if "cdn.redoc.ly" not in v] == []
