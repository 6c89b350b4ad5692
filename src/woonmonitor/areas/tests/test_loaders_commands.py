"""Tests of the area import commands: shapes, filters, parents, malformed files, idempotency."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from woonmonitor.areas.models import Area, Boundary, KeyFigure, Region
from woonmonitor.imports.models import ImportRun

pytestmark = pytest.mark.django_db

DATA = Path(settings.WOONMONITOR_DATA_DIR)
FIXTURES = Path(__file__).parent / "data"
PDOK_BUURTEN = FIXTURES / "pdok_wijkenbuurten_2023_buurten_GM1681.geojson"
ODATA = FIXTURES / "kwb_odata_85984NED_GM1681.json"
TMAP = DATA / "tmap-kwb2022-wijk"


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Area.objects.count(), Boundary.objects.count(), KeyFigure.objects.count()


def test_pdok_wijkenbuurten_buurten_with_null_and_empty_geometry():
    run("load_kwb", ODATA, vintage=2024)  # creates WK168100 2024 as parent
    output = run("load_boundaries", PDOK_BUURTEN, vintage=2023, level="buurt")
    assert "EPSG:28992" in output
    # 2 without geometry, 2 whose wijk (WK168182, WK168199) is in no loaded vintage
    assert (
        "5 rijen gelezen, 5 geaccepteerd, 0 afgewezen, 0 overgeslagen, 4 waarschuwingen" in output
    )
    buurten = Area.objects.filter(level="buurt", vintage=2023)
    assert buurten.count() == 5
    assert Boundary.objects.filter(area__in=buurten).count() == 3
    noordesch = Area.objects.get(code="BU16818205")
    assert noordesch.name == "Noordesch" and not hasattr(noordesch, "boundary")
    valthe = Area.objects.get(code="BU16810001", vintage=2023)
    assert (valthe.parent.code, valthe.parent.vintage) == ("WK168100", 2024)
    lon, lat = valthe.boundary.geometry["coordinates"][0][0]
    assert 6.8 < lon < 7.0 and 52.8 < lat < 52.9
    run_record = ImportRun.objects.filter(command="load_boundaries").first()
    geometry_warnings = {w["row"] for w in run_record.warnings if "geometrie" in w["message"]}
    assert geometry_warnings == {"feature 4 (BU16818205)", "feature 5 (BU16819901)"}


def test_boundaries_are_idempotent_and_source_can_be_overridden():
    run("load_boundaries", PDOK_BUURTEN, vintage=2023, level="buurt", source="PDOK test")
    before = counts()
    run("load_boundaries", PDOK_BUURTEN, vintage=2023, level="buurt", source="PDOK test")
    assert counts() == before
    assert Boundary.objects.first().source == "PDOK test"
    assert ImportRun.objects.first().source == "PDOK test"


def test_gemeente_province_by_name_and_only_filter():
    run(
        "load_boundaries",
        TMAP / "NLD_prov_2022_rd.geojson",
        vintage=2022,
        level="provincie",
        only="PV22",
    )
    assert list(Area.objects.filter(level="provincie").values_list("code", flat=True)) == ["PV22"]
    run(
        "load_boundaries",
        TMAP / "gemeente_2022_drenthe_hardenberg_wgs84.geojson",
        vintage=2022,
        level="gemeente",
        gemeenten="GM1681,GM0160",
    )
    assert Area.objects.get(code="GM1681").parent.code == "PV22"
    hardenberg = Area.objects.get(code="GM0160")
    assert hardenberg.parent is None  # Overijssel was not loaded
    warnings = ImportRun.objects.first().warnings
    assert any("Overijssel" in w["message"] for w in warnings)
    geometry = json.dumps(Area.objects.get(code="GM1681").boundary.geometry)
    assert len(geometry) < 8000


def test_boundary_rows_with_bad_codes_or_geometry_are_rejected(tmp_path):
    path = tmp_path / "wijken.geojson"
    square = [[[6.8, 52.8], [6.9, 52.8], [6.9, 52.9], [6.8, 52.8]]]
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"statcode": "WK168100", "statnaam": "Valthe"},
                        "geometry": {"type": "Polygon", "coordinates": square},
                    },
                    {
                        "type": "Feature",
                        "properties": {"statcode": "WK16", "statnaam": "Fout"},
                        "geometry": None,
                    },
                    {
                        "type": "Feature",
                        "properties": {"statcode": "WK168101", "statnaam": "Punt"},
                        "geometry": {"type": "Point", "coordinates": [6.8, 52.8]},
                    },
                ],
            }
        )
    )
    output = run("load_boundaries", path, vintage=2024, level="wijk")
    assert "3 rijen gelezen, 1 geaccepteerd, 2 afgewezen" in output
    assert list(Area.objects.values_list("code", flat=True)) == ["WK168100"]


@pytest.mark.parametrize(
    "content",
    [
        "{ broken",
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"naam": "x"}, "geometry": None}],
            }
        ),
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [],
                "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
            }
        ),
        json.dumps([1, 2, 3]),
    ],
)
def test_malformed_geojson_changes_nothing(tmp_path, content):
    run("load_boundaries", PDOK_BUURTEN, vintage=2023, level="buurt")
    before = counts()
    path = tmp_path / "broken.geojson"
    path.write_text(content)
    with pytest.raises(CommandError, match="niets gewijzigd"):
        run("load_boundaries", path, vintage=2023, level="buurt")
    assert counts() == before
    assert ImportRun.objects.first().status == ImportRun.Status.FAILED


def test_kwb_odata_shape_with_names_from_nearest_vintage():
    Area.objects.create(code="WK168100", vintage=2022, level="wijk", name="Valthe")
    output = run("load_kwb", ODATA, vintage=2024)
    assert "odata" in output
    gm = Area.objects.get(code="GM1681", vintage=2024)
    assert gm.name == "Borger-Odoorn"
    figures = {f.key: f.value for f in gm.key_figures.all()}
    assert figures == {"inhabitants": 26014, "homes": 11537, "surface_ha": 27789}
    assert gm.key_figures.first().reference_date.isoformat() == "2024-01-01"
    assert gm.key_figures.first().source == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    valthe = Area.objects.get(code="WK168100", vintage=2024)
    assert (valthe.name, valthe.name_vintage, valthe.parent) == ("Valthe", 2022, gm)
    assert Area.objects.get(code="WK168101", vintage=2024).name == "WK168101"
    assert not KeyFigure.objects.filter(area__code="WK168101", key="homes").exists()
    assert not Area.objects.filter(code="NL01").exists()
    warnings = ImportRun.objects.first().warnings
    assert {"row": "rij 4 (WK168101)", "message": "homes niet opgeslagen: geen waarde (null)"} in (
        warnings
    )


def test_kwb_cbs_special_codes_are_not_stored(tmp_path):
    path = tmp_path / "kwb.json"
    path.write_text(
        json.dumps(
            {
                "GM1681": {
                    "AantalInwoners_5": 26014,
                    "Woningvoorraad_35": -99997,
                    "OppervlakteTotaal_122": -99995,
                },
            }
        )
    )
    run("load_kwb", path, vintage=2024)
    messages = [w["message"] for w in ImportRun.objects.first().warnings]
    assert "homes niet opgeslagen: CBS-speciale waarde -99997" in messages
    assert "surface_ha niet opgeslagen: CBS-speciale waarde -99995" in messages
    assert list(KeyFigure.objects.values_list("key", "value")) == [("inhabitants", Decimal(26014))]


def test_kwb_tmap_csv_for_one_gemeente_is_idempotent():
    run("load_kwb", TMAP / "kwb2022_gm_wk_attributes_nl.csv", vintage=2022, gemeenten="GM1681")
    before = counts()
    run("load_kwb", TMAP / "kwb2022_gm_wk_attributes_nl.csv", vintage=2022, gemeenten="GM1681")
    assert counts() == before == (26, 0, 78)
    gm = Area.objects.get(code="GM1681", vintage=2022)
    figures = {f.key: f.value for f in gm.key_figures.all()}
    assert figures["inhabitants"] == 25681 and figures["homes"] == 11276
    assert figures["surface_ha"] == Decimal("27786.00")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.json", '{"GM1681": {'),
        ("tmap.csv", "code,name,area,population\nGM1681,Borger-Odoorn,277.86,25681\n"),
        ("odata.json", json.dumps({"odata.metadata": "x", "value": [{"Codering_3": "GM1681"}]})),
    ],
)
def test_malformed_kwb_changes_nothing(tmp_path, name, content):
    run("load_kwb", ODATA, vintage=2024)
    before = counts()
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(CommandError):
        run("load_kwb", path, vintage=2024)
    assert counts() == before


def test_kwb_invalid_code_row_is_rejected(tmp_path):
    path = tmp_path / "kwb.json"
    path.write_text(
        json.dumps({"GM1681": {"AantalInwoners_5": 1}, "GM99": {"AantalInwoners_5": 2}})
    )
    output = run("load_kwb", path, vintage=2024)
    assert "2 rijen gelezen, 1 geaccepteerd, 1 afgewezen" in output
    assert ImportRun.objects.first().rejections[0]["reason"] == "ongeldige code 'GM99'"


def test_municipality_provinces_and_relinking_of_wijken():
    run("load_kwb", ODATA, vintage=2024)
    run(
        "load_municipality_provinces",
        DATA / "provincies-gemeenten-simplified" / "KoppelCodes.csv",
        vintage=2024,
        gemeenten="GM1681,GM0160",
    )
    drenthe = Area.objects.get(code="PV22", vintage=2024)
    assert drenthe.name == "Drenthe" and drenthe.parent.code == "NL01"
    assert Area.objects.get(code="GM1681", vintage=2024).parent == drenthe
    assert Area.objects.get(code="GM0160", vintage=2024).parent.code == "PV23"
    assert Area.objects.get(code="GM0160", vintage=2024).name == "Hardenberg"
    assert Area.objects.filter(level="gemeente").count() == 2


def test_municipality_provinces_malformed(tmp_path):
    path = tmp_path / "KoppelCodes.csv"
    path.write_text("gemeentCode,gemeenteNaam,provincieCode,Provincie\nGM1681,B,PV22,Drenthe\n")
    with pytest.raises(CommandError, match="ontbreken"):
        run("load_municipality_provinces", path, vintage=2024)
    assert Area.objects.count() == 0


def test_gemeenten_option_is_validated():
    with pytest.raises(CommandError, match="--gemeenten"):
        run("load_kwb", ODATA, vintage=2024, gemeenten="1681x")


def test_regions_are_idempotent_and_members_follow_the_file(tmp_path):
    run("load_regions")
    run("load_regions")
    assert Region.objects.count() == 5
    assert Region.objects.get(slug="monitorgebied").members.count() == 13
    for code in ("GM1680", "GM1731"):
        assert Region.objects.filter(members__municipality_code=code).count() >= 2
    path = tmp_path / "regions.json"
    path.write_text(
        json.dumps(
            {
                "regions": [
                    {
                        "slug": "monitorgebied",
                        "name": "Monitorgebied",
                        "members": [{"code": "GM1681"}],
                    }
                ]
            }
        )
    )
    run("load_regions", path)
    assert list(
        Region.objects.get(slug="monitorgebied").members.values_list("municipality_code", flat=True)
    ) == ["GM1681"]
    path.write_text("{")
    with pytest.raises(CommandError):
        run("load_regions", path)
    assert Region.objects.count() == 5
