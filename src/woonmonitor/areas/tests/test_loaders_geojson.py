"""Pure tests of GeoJSON reading, property-name detection, codes and code lists (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from woonmonitor.areas.loaders.codes import (
    in_municipalities,
    level_of,
    municipality_code_of,
    normalise_code,
    parent_code_of,
    parse_code_list,
)
from woonmonitor.areas.loaders.geojson import (
    detect_crs,
    detect_shape,
    iter_records,
    read_collection,
)
from woonmonitor.areas.loaders.koppelcodes import read_municipality_provinces
from woonmonitor.areas.loaders.regions import read_regions
from woonmonitor.imports.errors import InvalidRow, MalformedFile

DATA = Path(settings.WOONMONITOR_DATA_DIR)
FIXTURES = Path(__file__).parent / "data"
PDOK_BUURTEN = FIXTURES / "pdok_wijkenbuurten_2023_buurten_GM1681.geojson"
REGIONS = Path(__file__).resolve().parents[1] / "data" / "regions.json"


def features(*properties: dict) -> list[dict]:
    return [{"type": "Feature", "properties": p, "geometry": None} for p in properties]


@pytest.mark.parametrize(
    ("level", "props", "code_key", "name_key"),
    [
        ("buurt", {"statcode": "BU16810001", "statnaam": "Valthe"}, "statcode", "statnaam"),
        (
            "gemeente",
            {"code": "GM1681", "name": "Borger-Odoorn", "province": "Drenthe"},
            "code",
            "name",
        ),
        (
            "gemeente",
            {"gemeenteCode": "GM1681", "gemeenteNaam": "Borger-Odoorn"},
            "gemeenteCode",
            "gemeenteNaam",
        ),
        (
            "provincie",
            {"provincieCode": "PV22", "provincie": "Drenthe "},
            "provincieCode",
            "provincie",
        ),
        (
            "buurt",
            {
                "buurtcode": "BU16810001",
                "buurtnaam": "Valthe",
                "wijkcode": "WK168100",
                "gemeentecode": "GM1681",
                "gemeentenaam": "Borger-Odoorn",
            },
            "buurtcode",
            "buurtnaam",
        ),
        (
            "wijk",
            {"wijkcode": "WK168100", "wijknaam": "Valthe", "gemeentecode": "GM1681"},
            "wijkcode",
            "wijknaam",
        ),
        (
            "gemeente",
            {"gemeentecode": "GM1681", "gemeentenaam": "Borger-Odoorn"},
            "gemeentecode",
            "gemeentenaam",
        ),
    ],
)
def test_property_shapes_are_detected(level, props, code_key, name_key):
    shape = detect_shape(features(props), level)
    assert (shape.code_key, shape.name_key) == (code_key, name_key)


def test_tmap_province_name_is_detected_for_gemeenten():
    shape = detect_shape(
        features({"code": "GM1681", "name": "B", "province": "Drenthe"}), "gemeente"
    )
    assert shape.province_name_key == "province"


def test_missing_code_property_is_a_file_error():
    with pytest.raises(MalformedFile, match="codekenmerk"):
        detect_shape(features({"naam": "Valthe"}), "buurt")


def test_pdok_wijkenbuurten_file_is_read_in_rd(tmp_path):
    collection = read_collection(PDOK_BUURTEN)
    assert detect_crs(collection) == "EPSG:28992"
    records = list(iter_records(collection, "buurt"))
    assert [r.code for r in records] == [
        "BU16810001",
        "BU16810009",
        "BU16810101",
        "BU16818205",
        "BU16819901",
    ]
    assert records[0].name == "Valthe"
    assert records[3].geometry is None
    assert records[4].geometry == {"type": "MultiPolygon", "coordinates": []}


def test_real_shapes_of_the_shared_files():
    pdok = read_collection(DATA / "pdok-gemeenten-2022" / "gemeenten.geojson")
    assert detect_crs(pdok) == "EPSG:4326"
    assert detect_shape(pdok["features"], "gemeente").code_key == "statcode"
    provinces = read_collection(DATA / "provincies-gemeenten-simplified" / "Prov.geojson")
    assert detect_crs(provinces) == "EPSG:4289"
    names = {r.name for r in iter_records(provinces, "provincie")}
    assert "Groningen" in names  # trailing space in the source is trimmed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Geen geldige JSON"),
        ('{"type": "Feature"}', "FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', "features"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "properties"),
    ],
)
def test_malformed_geojson_is_a_file_error(tmp_path, content, message):
    path = tmp_path / "broken.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MalformedFile, match=message):
        read_collection(path)


def test_feature_with_invalid_code_becomes_a_row_error():
    collection = {
        "type": "FeatureCollection",
        "features": features({"statcode": "BU16810001"}, {"statcode": "XX12"}),
    }
    items = list(iter_records(collection, "buurt"))
    assert isinstance(items[1], InvalidRow)
    assert "XX12" in items[1].row


def test_codes():
    assert normalise_code(" gm1681  ") == "GM1681"
    assert normalise_code("1681", "gemeente") == "GM1681"
    assert normalise_code("WK0363AA") == "WK0363AA"  # Amsterdam uses letters
    assert normalise_code("BU0363AD07") == "BU0363AD07"
    for bad in ("", "GM168", "WK16810", "XX1234", None):
        with pytest.raises(InvalidRow):
            normalise_code(bad)
    with pytest.raises(InvalidRow, match="geen wijk"):
        normalise_code("GM1681", "wijk")
    assert level_of("PV22") == "provincie"
    assert parent_code_of("BU16810001") == "WK168100"
    assert parent_code_of("WK168100") == "GM1681"
    assert parent_code_of("PV22") == "NL01"
    assert parent_code_of("GM1681") is None
    assert municipality_code_of("BU16810001") == "GM1681"
    assert parse_code_list("GM1681, gm0106,") == {"GM1681", "GM0106"}
    assert in_municipalities("WK168100", {"GM1681"})
    assert not in_municipalities("WK010600", {"GM1681"})
    assert in_municipalities("WK010600", set())


def test_koppelcodes_real_file():
    records = read_municipality_provinces(
        DATA / "provincies-gemeenten-simplified" / "KoppelCodes.csv"
    )
    by_code = {r.municipality_code: r for r in records if not isinstance(r, InvalidRow)}
    assert len(by_code) == 342
    assert (by_code["GM1681"].province_code, by_code["GM1681"].province_name) == ("PV22", "Drenthe")
    assert by_code["GM0160"].province_code == "PV23"
    assert by_code["GM0014"].municipality_name == "Groningen (gemeente)"


def test_koppelcodes_missing_columns(tmp_path):
    path = tmp_path / "KoppelCodes.csv"
    path.write_text("gemeentCode,gemeenteNaam,provincieCode\nGM1681,Borger-Odoorn,PV22\n")
    with pytest.raises(MalformedFile, match="ontbreken"):
        read_municipality_provinces(path)


def test_regions_file():
    specs = {spec.slug: spec for spec in read_regions(REGIONS)}
    assert len(specs["monitorgebied"].municipality_codes) == 13
    assert "GM0160" in specs["monitorgebied"].municipality_codes
    for code in ("GM1680", "GM1731"):  # Aa en Hunze, Midden-Drenthe
        assert sum(code in spec.municipality_codes for spec in specs.values()) >= 2
    assert "woningmarktonderzoek" in specs["zuidwest-drenthe"].description


def test_regions_file_errors(tmp_path):
    path = tmp_path / "regions.json"
    path.write_text(json.dumps({"regions": [{"slug": "x", "name": "X", "members": ["GM12"]}]}))
    with pytest.raises(MalformedFile, match="ongeldige code"):
        read_regions(path)
