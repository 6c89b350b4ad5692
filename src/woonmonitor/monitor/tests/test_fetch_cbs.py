"""``manage.py fetch_cbs`` against answers shaped like CBS StatLine and PDOK (no network)."""

from __future__ import annotations

import io
import urllib.parse

import pytest
from django.core.management import CommandError, call_command

from woonmonitor.areas.loaders.geometry import first_position
from woonmonitor.areas.models import Area, Boundary
from woonmonitor.imports.models import ImportRun
from woonmonitor.monitor.cbs.odata import base_key
from woonmonitor.monitor.loading import kwb_variables
from woonmonitor.monitor.models import Indicator, IndicatorValue, ValueOrigin, ValueStatus

from .cbs_fake import FakeCbs, load_json

SOURCE = "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"


@pytest.fixture
def catalogue(db):
    call_command("load_indicators", stdout=io.StringIO())


@pytest.fixture(scope="module")
def figures():
    return load_json("kwb-2024-gm-wk", "stripped_filtered_data_2024.json")


def fetch(fake: FakeCbs, *args: str, **options) -> str:
    out = io.StringIO()
    call_command("fetch_cbs", *args, get_json=fake, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def value(key: str, code: str) -> IndicatorValue:
    return IndicatorValue.objects.current().get(
        indicator__key=key, area__code=code, area__vintage=2024, period=2024
    )


def typed_queries(fake: FakeCbs) -> list[dict[str, str]]:
    return [
        dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        for url in fake.calls
        if "/TypedDataSet" in url
    ]


def test_a_fetch_stores_values_with_their_status_and_boundaries(catalogue, figures):
    fake = FakeCbs(extra={("WK168103", "GemiddeldeWOZWaardeVanWoningen_39"): -99997})
    output = fetch(
        fake, "--year", "2024", "--gemeenten", "GM1681,GM0307", "--levels", "gemeente,wijk"
    )
    # real figures, stored as imported, definitive values of the run of the table
    inhabitants = value("inwoners", "GM1681")
    assert inhabitants.value == 26014 == figures["GM1681"]["AantalInwoners_5"]
    assert inhabitants.status == ValueStatus.DEFINITIVE
    assert inhabitants.origin == ValueOrigin.IMPORTED
    run = inhabitants.import_run
    assert (run.command, run.source, run.vintage, run.status) == (
        "fetch_cbs",
        SOURCE,
        2024,
        ImportRun.Status.SUCCEEDED,
    )
    assert run.file_name == "https://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet"
    assert value("woningvoorraad", "WK168100").value == figures["WK168100"]["Woningvoorraad_35"]
    # CBS "." (JSON null) is missing, -99997 is secret: never numbers
    missing = value("woningvoorraad", "WK030732")
    assert (missing.value, missing.status) == (None, ValueStatus.MISSING)
    secret = value("woz-gemiddeld", "WK168103")
    assert (secret.value, secret.status) == (None, ValueStatus.SUPPRESSED)
    assert "geheim" in secret.note
    # areas with the names CBS gives them; the wijken hang under their gemeente
    wijk = Area.objects.get(code="WK168100", vintage=2024)
    assert wijk.name == "Valthe" and wijk.parent.code == "GM1681"
    assert Area.objects.get(code="GM0307", vintage=2024).name == "Amersfoort"
    assert Area.objects.filter(vintage=2024, code__startswith="WK1681").count() == 25
    # boundaries from the wijk- en buurtkaart, reprojected from RD to WGS84
    boundary = Boundary.objects.get(area=wijk)
    lon, lat = first_position(boundary.geometry)
    assert 6.7 < lon < 7.1 and 52.8 < lat < 53.0
    assert boundary.source == "CBS en Kadaster (PDOK), Wijk- en buurtkaart 2024"
    assert boundary.import_run.data_source.key == "cbs-pdok-grenzen"
    assert Boundary.objects.filter(area__vintage=2024, area__level="wijk").count() == 25
    assert Boundary.objects.filter(area__code="GM1681", area__vintage=2024).exists()
    assert not Boundary.objects.filter(area__code="GM0307").exists()  # not in the test kaart
    # progress per page and a summary
    assert "CBS 85984NED pagina 1:" in output
    assert "PDOK wijkgrenzen 2024 pagina 1: 25 features" in output
    assert "2 gemeente, 58 wijk" in output  # Amersfoort has 32 wijken, Borger-Odoorn 25
    assert "fetch_cbs 85984NED: 60 rijen gelezen, 60 geaccepteerd, 0 afgewezen" in output
    assert "telt op: 60 gelezen = 60 geaccepteerd + 0 afgewezen + 0 overgeslagen" in output
    values_run = ImportRun.objects.get(command="fetch_cbs")
    assert values_run.file_name.endswith("85984NED/TypedDataSet")
    # the table's OData Modified is its publication date
    assert values_run.data_source.table_id == "85984NED"
    assert values_run.data_source.published_on.isoformat() == "2025-03-27"
    runs = ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED)
    assert sorted(runs.values_list("command", flat=True)) == [
        "fetch_cbs",
        "load_boundaries",
        "load_boundaries",
    ]


def test_only_the_catalogue_variables_are_selected(catalogue):
    fake = FakeCbs()
    output = fetch(fake, "--year", "2024", "--gemeenten", "GM1681", "--no-boundaries", "--dry-run")
    properties = load_json("kwb-2024-gm-wk", "DataProperties.json")
    keys = {p["Key"] for p in properties if p["Type"] == "Topic"}
    wanted = set(kwb_variables())
    expected = {key for key in keys if base_key(key) in wanted or key in wanted}
    (query,) = typed_queries(fake)
    selected = set(query["$select"].split(","))
    region = {"WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3"}
    assert selected - region == expected
    assert "IndelingswijzigingGemeenteWijkBuurt_4" not in selected
    assert "AantalInwoners_5" in selected and "Woningvoorraad_35" in selected
    # variables of another table (81955NED) are not asked for
    stock = Indicator.objects.get(key="nieuwbouw").source_variable
    assert stock and not any(base_key(key) == stock for key in selected)
    assert f"Variabelen ({len(expected)})" in output


def test_filtering_by_municipality_and_level(catalogue):
    fake = FakeCbs()
    output = fetch(
        fake,
        "--year",
        "2024",
        "--gemeenten",
        "GM1681",
        "--levels",
        "buurt",
        "--no-boundaries",
        "--dry-run",
    )
    (query,) = typed_queries(fake)
    assert query["$filter"] == "startswith(WijkenEnBuurten,'BU1681')"
    assert "58 buurt" in output


def test_the_whole_country_is_fetched_in_pages(catalogue):
    fake = FakeCbs()
    output = fetch(
        fake,
        "--year",
        "2024",
        "--levels",
        "gemeente,wijk",
        "--no-boundaries",
        "--dry-run",
        page_size=1000,
    )
    queries = typed_queries(fake)
    assert [q["$skip"] for q in queries] == ["0", "1000", "2000", "3000"]
    assert queries[0]["$filter"] == (
        "startswith(WijkenEnBuurten,'GM') or startswith(WijkenEnBuurten,'WK')"
    )
    assert "pagina 4: 735 rijen (totaal 3.735)" in output
    titles = [url for url in fake.calls if "/WijkenEnBuurten?" in url]
    assert len(titles) == 4  # the area names are paged the same way
    assert "342 gemeente, 3.393 wijk" in output


def test_a_dry_run_writes_nothing(catalogue):
    output = fetch(FakeCbs(), "--year", "2024", "--gemeenten", "GM1681", "--dry-run")
    assert "niets opgeslagen" in output
    assert "Grenzen wijk: 25 gebieden." in output
    assert not IndicatorValue.objects.exists()
    assert not Area.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("offline", [True, {"service.pdok.nl"}])
def test_no_internet_is_a_clear_dutch_error_and_nothing_is_written(catalogue, offline):
    with pytest.raises(CommandError) as caught:
        fetch(FakeCbs(offline=offline), "--year", "2024", "--gemeenten", "GM1681")
    message = str(caught.value)
    assert message.startswith("Ophalen mislukt, niets opgeslagen.")
    assert "Geen verbinding met" in message and "internetverbinding" in message
    assert not IndicatorValue.objects.exists()
    assert not Area.objects.exists()
    assert not ImportRun.objects.exists()


def test_fetching_again_changes_nothing(catalogue):
    fake = FakeCbs()
    fetch(fake, "--year", "2024", "--gemeenten", "GM1681", "--no-boundaries")
    count = IndicatorValue.objects.count()
    output = fetch(fake, "--year", "2024", "--gemeenten", "GM1681", "--no-boundaries")
    assert IndicatorValue.objects.count() == count
    assert " 0 nieuw, 0 vervangen" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2016"], "Geen CBS-tabel"),
        (["--year", "2024", "--gemeenten", "1681x"], "Ongeldige --gemeenten"),
        (["--year", "2024", "--levels", "provincie"], "Ongeldige --levels"),
    ],
)
def test_wrong_options(catalogue, args, message):
    with pytest.raises(CommandError, match=message):
        fetch(FakeCbs(), *args)


def test_an_empty_catalogue_is_refused(db):
    with pytest.raises(CommandError, match="load_indicators"):
        fetch(FakeCbs(), "--year", "2024")
