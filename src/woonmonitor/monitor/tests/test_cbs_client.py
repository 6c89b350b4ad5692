"""The CBS StatLine and PDOK clients against answers shaped like the real ones (no network)."""

from __future__ import annotations

import urllib.error
import urllib.parse

import pytest

from woonmonitor.monitor.cbs import CbsResponseError, CbsUnreachable
from woonmonitor.monitor.cbs.odata import (
    MAX_ROWS_PER_REQUEST,
    StatLineClient,
    choose_variables,
    region_filter,
    table_url,
    wanted_code,
)
from woonmonitor.monitor.cbs.pdok import WijkBuurtKaart, feature_url, municipality_filter

from .cbs_fake import TABLE, FakeCbs, load_json

REAL = ("kwb-2024-gm-wk", "stripped_filtered_data_2024.json")


@pytest.fixture(scope="module")
def properties():
    return load_json("kwb-2024-gm-wk", "DataProperties.json")


@pytest.fixture(scope="module")
def figures():
    return load_json(*REAL)


def query_of(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


# ----------------------------------------------------------------------- variable selection


def test_variables_are_matched_without_their_suffix_on_the_real_metadata(properties):
    chosen = choose_variables(
        properties, ["AantalInwoners", "Woningvoorraad_35", "OppervlakteLand", "Bestaat niet"]
    )
    assert chosen.dimension == "WijkenEnBuurten"
    assert chosen.selected == {
        "AantalInwoners": "AantalInwoners_5",
        "Woningvoorraad_35": "Woningvoorraad_35",
        "OppervlakteLand": "OppervlakteLand_123",
    }
    assert chosen.region_keys == {
        "Gemeentenaam": "Gemeentenaam_1",
        "SoortRegio": "SoortRegio_2",
        "Codering": "Codering_3",
    }
    assert chosen.missing == ["Bestaat niet"]
    assert chosen.select == [
        "WijkenEnBuurten",
        "Gemeentenaam_1",
        "SoortRegio_2",
        "Codering_3",
        "AantalInwoners_5",
        "Woningvoorraad_35",
        "OppervlakteLand_123",
    ]
    assert chosen.properties["AantalInwoners_5"]["Unit"] == "aantal"


def test_a_base_name_the_table_has_twice_needs_its_suffix(properties):
    chosen = choose_variables(properties, ["Appartement", "Appartement_62", "Appartement_99"])
    assert chosen.selected == {"Appartement_62": "Appartement_62"}
    assert chosen.ambiguous == ["Appartement (Appartement_54, Appartement_62)"]
    assert chosen.missing == ["Appartement_99"]


def test_a_table_without_area_dimension_is_refused(properties):
    without = [p for p in properties if p["Type"] != "GeoDetail"]
    with pytest.raises(CbsResponseError, match="gebiedsdimensie"):
        choose_variables(without, ["AantalInwoners"])


# ------------------------------------------------------------------------------- filtering


def test_region_filter_uses_code_prefixes_per_municipality_and_level():
    assert region_filter("WijkenEnBuurten", ["GM1681"], ["gemeente", "wijk"]) == (
        "startswith(WijkenEnBuurten,'GM1681') or startswith(WijkenEnBuurten,'WK1681')"
    )
    assert region_filter("WijkenEnBuurten", [], ["buurt", "gemeente"]) == (
        "startswith(WijkenEnBuurten,'GM') or startswith(WijkenEnBuurten,'BU')"
    )
    with pytest.raises(ValueError):
        region_filter("WijkenEnBuurten", ["GM1681"], [])


def test_a_code_is_checked_by_level_and_municipality_not_by_substring():
    assert wanted_code("WK168100", ["GM1681"], ["wijk"])
    # WK016810 contains "1681" but lies in gemeente GM0168: substringof would take it
    assert not wanted_code("WK016810", ["GM1681"], ["wijk"])
    assert not wanted_code("GM1681", ["GM1681"], ["wijk"])
    assert not wanted_code("NL00", [], ["gemeente", "wijk", "buurt"])


def test_urls_are_the_odataapi_addresses_with_readable_query():
    url = table_url(TABLE, "TypedDataSet", {"$filter": "startswith(WijkenEnBuurten,'GM1681')"})
    assert url == (
        "https://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet"
        "?$filter=startswith(WijkenEnBuurten,'GM1681')"
    )


# ------------------------------------------------------------------------- rows and paging


def test_rows_of_one_municipality_come_with_the_real_figures(properties, figures):
    fake = FakeCbs()
    client = StatLineClient(TABLE, get_json=fake)
    chosen = choose_variables(properties, ["AantalInwoners", "Woningvoorraad"])
    rows = client.typed_rows(chosen, municipalities=["GM1681"], levels=["gemeente", "wijk"])
    codes = [row["WijkenEnBuurten"] for row in rows]
    assert codes[0] == "GM1681    "  # padded as CBS sends it
    assert len(rows) == 26  # the gemeente and its 25 wijken
    by_code = {row["WijkenEnBuurten"].strip(): row for row in rows}
    assert by_code["GM1681"]["AantalInwoners_5"] == 26014 == figures["GM1681"]["AantalInwoners_5"]
    assert by_code["WK168100"]["Woningvoorraad_35"] == figures["WK168100"]["Woningvoorraad_35"]
    assert by_code["GM1681"]["Gemeentenaam_1"].strip() == "Borger-Odoorn"
    assert set(rows[0]) == set(chosen.select)  # $select was honoured
    (url,) = [call for call in fake.calls if "TypedDataSet" in call]
    query = query_of(url)
    assert query["$filter"] == (
        "startswith(WijkenEnBuurten,'GM1681') or startswith(WijkenEnBuurten,'WK1681')"
    )
    assert query["$top"] == str(MAX_ROWS_PER_REQUEST) and query["$skip"] == "0"


def test_buurt_level_takes_only_buurten(properties):
    client = StatLineClient(TABLE, get_json=FakeCbs())
    chosen = choose_variables(properties, ["AantalInwoners"])
    rows = client.typed_rows(chosen, municipalities=["GM1681"], levels=["buurt"])
    assert len(rows) == 58
    assert {row["SoortRegio_2"].strip() for row in rows} == {"Buurt"}


def test_the_whole_country_is_paged_under_the_10000_row_limit(properties, figures):
    fake = FakeCbs()
    client = StatLineClient(TABLE, get_json=fake, page_size=1000)
    chosen = choose_variables(properties, ["AantalInwoners"])
    pages = []
    rows = client.typed_rows(chosen, levels=["gemeente", "wijk"], on_page=pages.append)
    assert len(rows) == len(figures) == 3735  # 342 gemeenten + 3,393 wijken; no NL00
    assert [len(page.rows) for page in pages] == [1000, 1000, 1000, 735]
    skips = [query_of(page.url)["$skip"] for page in pages]
    assert skips == ["0", "1000", "2000", "3000"]


def test_a_buurt_sized_national_answer_is_asked_for_in_pages_of_10000(properties):
    """The fake refuses (HTTP 500) any answer over 10,000 rows, as the ODataApi does."""
    fake = FakeCbs()
    fake.rows = fake.rows * 3  # as many rows as a national table with buurten
    client = StatLineClient(TABLE, get_json=fake)
    chosen = choose_variables(properties, ["AantalInwoners"])
    pages = []
    rows = client.typed_rows(chosen, levels=["gemeente", "wijk"], on_page=pages.append)
    assert [len(page.rows) for page in pages] == [10_000, 1205]
    assert len(rows) == 3735  # each area once
    with pytest.raises(urllib.error.HTTPError):
        fake(table_url(TABLE, "TypedDataSet", {"$filter": "startswith(WijkenEnBuurten,'WK')"}))


def test_odata_next_link_is_followed(properties, figures):
    fake = FakeCbs(feed_page=1500)
    client = StatLineClient(TABLE, get_json=fake)
    chosen = choose_variables(properties, ["Woningvoorraad"])
    pages = []
    rows = client.typed_rows(chosen, levels=["gemeente", "wijk"], on_page=pages.append)
    assert len(rows) == 3735
    assert [len(page.rows) for page in pages] == [1500, 1500, 735]
    assert pages[1].url.startswith("https://opendata.cbs.nl/ODataFeed/OData/85984NED/")
    assert query_of(pages[2].url)["$skip"] == "3000"
    by_code = {row["WijkenEnBuurten"].strip(): row for row in rows}
    assert by_code["WK168179"]["Woningvoorraad_35"] == figures["WK168179"]["Woningvoorraad_35"]


def test_many_municipalities_are_asked_in_batches_and_kept_once(properties):
    fake = FakeCbs()
    client = StatLineClient(TABLE, get_json=fake)
    chosen = choose_variables(properties, ["AantalInwoners"])
    drenthe = [
        "GM0106",
        "GM0109",
        "GM0114",
        "GM0118",
        "GM0119",
        "GM1680",
        "GM1681",
        "GM1690",
        "GM1699",
        "GM1701",
        "GM1730",
        "GM1731",
        "GM0160",
    ]
    rows = client.typed_rows(chosen, municipalities=drenthe, levels=["gemeente"])
    assert sorted(row["WijkenEnBuurten"].strip() for row in rows) == sorted(drenthe)
    assert len([call for call in fake.calls if "TypedDataSet" in call]) == 2


def test_metadata_and_area_titles(properties):
    client = StatLineClient(TABLE, get_json=FakeCbs())
    info = client.table_info()
    assert info["Identifier"] == "85984NED"
    assert info["Title"] == "Kerncijfers wijken en buurten 2024"
    chosen = client.choose(["AantalInwoners"])
    titles = client.area_titles(chosen, municipalities=["GM1681"], levels=["gemeente", "wijk"])
    assert titles["GM1681"] == "Borger-Odoorn"
    assert titles["WK168100"] == "Valthe"
    assert len(titles) == 26


# ------------------------------------------------------------------------------- failures


def test_no_network_gives_a_dutch_message():
    client = StatLineClient(TABLE, get_json=FakeCbs(offline=True))
    with pytest.raises(CbsUnreachable, match="Geen verbinding met CBS StatLine") as caught:
        client.table_info()
    assert "internetverbinding" in str(caught.value)
    assert "niets opgeslagen" in str(caught.value)


def test_an_unknown_table_is_a_response_error():
    client = StatLineClient("00000NED", get_json=FakeCbs())
    with pytest.raises(CbsResponseError, match="HTTP 404"):
        client.table_info()


def test_http_errors_and_odd_answers_become_response_errors():
    def not_found(url):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    with pytest.raises(CbsResponseError, match="HTTP 404"):
        StatLineClient(TABLE, get_json=not_found).table_info()
    with pytest.raises(CbsResponseError, match="'value'"):
        StatLineClient(TABLE, get_json=lambda url: {"odata.metadata": url}).table_info()


def test_paging_that_never_ends_is_stopped(properties):
    chosen = choose_variables(properties, ["AantalInwoners"])

    def same_link(url):
        return {"value": [{"WijkenEnBuurten": "GM1681    "}], "odata.nextLink": url}

    with pytest.raises(CbsResponseError, match="stopt niet"):
        StatLineClient(TABLE, get_json=same_link).typed_rows(chosen, levels=["gemeente"])


# ------------------------------------------------------------------------------------ PDOK


def test_wfs_url_filter_and_paging():
    url = feature_url(2024, "wijk", municipalities=["GM1681", "GM0106"], start=1000, count=1000)
    assert url.startswith("https://service.pdok.nl/cbs/wijkenbuurten/2024/wfs/v1_0?")
    query = query_of(url)
    assert query["typeNames"] == "wijkenbuurten:wijken"
    assert query["outputFormat"] == "application/json"
    assert (query["count"], query["startIndex"]) == ("1000", "1000")
    assert query["filter"] == municipality_filter(["GM1681", "GM0106"])
    assert query["filter"].startswith("<Filter><Or><PropertyIsEqualTo>")
    assert "srsName" not in query  # RD, the service's own CRS: no axis-order surprises


def test_boundaries_of_one_municipality_in_pages():
    fake = FakeCbs()
    pages = []
    kaart = WijkBuurtKaart(2024, get_json=fake, page_size=10)
    collection = kaart.features(
        "wijk", municipalities=["GM1681"], on_page=lambda n, c: pages.append(c)
    )
    assert pages == [10, 10, 5]
    codes = [feature["properties"]["wijkcode"] for feature in collection["features"]]
    assert len(codes) == 25 and all(code.startswith("WK1681") for code in codes)
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"


def test_a_land_feature_wins_over_a_water_feature_with_the_same_code():
    fake = FakeCbs()
    gemeenten = fake.features["gemeenten"]
    land = next(f for f in gemeenten if f["properties"]["gemeentecode"] == "GM1681")
    water = {**land, "properties": {**land["properties"], "water": "JA"}, "geometry": None}
    fake.features["gemeenten"] = [water, land]
    collection = WijkBuurtKaart(2024, get_json=fake).features("gemeente", municipalities=["GM1681"])
    assert collection["features"] == [land]


def test_pdok_offline_is_reported_in_dutch():
    with pytest.raises(CbsUnreachable, match="Geen verbinding met PDOK"):
        WijkBuurtKaart(2024, get_json=FakeCbs(offline=True)).features("gemeente")


def test_a_year_pdok_does_not_serve_says_what_to_do():
    def not_found(url):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    with pytest.raises(CbsResponseError, match="--no-boundaries") as caught:
        WijkBuurtKaart(2017, get_json=not_found).features("wijk", municipalities=["GM1681"])
    assert caught.value.status == 404
    assert "wijkenbuurten/2017/wfs/v1_0" in str(caught.value)
