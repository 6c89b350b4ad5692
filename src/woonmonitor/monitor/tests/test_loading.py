"""Writing parsed values, ratios, province and country totals, continuity judgements."""

import pytest
from tests.factories import AreaFactory, IndicatorFactory

from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed, ParsedValue
from woonmonitor.monitor.loading.continuity import Statement, read_statements
from woonmonitor.monitor.loading.values import read_province_statements
from woonmonitor.monitor.models import (
    Aggregation,
    Computation,
    IndicatorValue,
    ValueOrigin,
    ValueStatus,
)

pytestmark = pytest.mark.django_db

DEF, SECRET, MISSING = ValueStatus.DEFINITIVE, ValueStatus.SUPPRESSED, ValueStatus.MISSING


def parsed_of(*values, names=None, provinces=None):
    parsed = Parsed(values=[ParsedValue(*v) for v in values], names=names or {})
    parsed.provinces = provinces or {}
    parsed.rows_read = parsed.rows_accepted = len(values)
    return parsed


def load(parsed, vintage=2024):
    with recording_import(command="test", source="test") as recorder:
        result = loading.load_parsed(parsed, vintage=vintage, recorder=recorder)
    return result, recorder


def current(key, code, period=2024, vintage=None):
    qs = IndicatorValue.objects.current().filter(indicator__key=key, area__code=code, period=period)
    if vintage is not None:
        qs = qs.filter(area__vintage=vintage)
    return qs.get()


@pytest.fixture
def inwoners():
    return IndicatorFactory(key="inwoners", aggregation=Aggregation.SUM)


def test_load_parsed_creates_areas_and_values_and_reports(inwoners):
    parsed = parsed_of(
        ("GM1681", 2024, "inwoners", 26014.0, DEF, ""),
        ("WK168100", 2024, "inwoners", None, SECRET, "CBS: geheim (-99997)"),
        ("GM1681", 2024, "onbekend", 1.0, DEF, ""),
        names={"GM1681": "Borger-Odoorn"},
    )
    parsed.reject("regel 9 (XX)", "ongeldige code")
    result, recorder = load(parsed)
    assert (result.values, result.store.created) == (2, 2)
    assert result.not_in_catalogue == {"onbekend": 1}
    gemeente = Area.objects.get(code="GM1681", vintage=2024)
    assert gemeente.name == "Borger-Odoorn"
    assert Area.objects.get(code="WK168100", vintage=2024).parent == gemeente
    secret = current("inwoners", "WK168100")
    assert (secret.value, secret.status, secret.origin) == (None, SECRET, ValueOrigin.IMPORTED)
    run = ImportRun.objects.get(pk=recorder.run.pk)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.rows_read, run.rows_accepted, run.rows_rejected) == (3, 3, 1)
    assert any("onbekend" in w["message"] for w in run.warnings)
    assert current("inwoners", "GM1681").import_run == run


def test_a_second_load_changes_nothing_and_a_changed_value_keeps_the_old(inwoners):
    load(parsed_of(("GM1681", 2024, "inwoners", 26014.0, DEF, "")))
    again, _ = load(parsed_of(("GM1681", 2024, "inwoners", 26014.0, DEF, "")))
    assert (again.store.created, again.store.replaced, again.store.unchanged) == (0, 0, 1)
    changed, _ = load(parsed_of(("GM1681", 2024, "inwoners", 26020.0, DEF, "")))
    assert changed.store.replaced == 1
    old, new = IndicatorValue.objects.order_by("pk")
    assert (old.value, old.is_current) == (26014.0, False)
    assert (new.value, new.is_current, new.supersedes) == (26020.0, True, old)


def test_vintage_none_puts_each_value_in_the_area_of_its_year(inwoners):
    load(
        parsed_of(
            ("GM1681", 2012, "inwoners", 1.0, DEF, ""),
            ("GM1681", 2013, "inwoners", 2.0, DEF, ""),
        ),
        vintage=None,
    )
    assert sorted(Area.objects.filter(code="GM1681").values_list("vintage", flat=True)) == [
        2012,
        2013,
    ]
    assert current("inwoners", "GM1681", 2013).area.vintage == 2013


def test_provinces_named_in_the_file_are_linked(inwoners):
    AreaFactory(code="PV21", level=Level.PROVINCE, vintage=2022, name="Fryslân")
    parsed = parsed_of(
        ("GM0080", 2022, "inwoners", 1.0, DEF, ""),
        ("GM9999", 2022, "inwoners", 1.0, DEF, ""),
        provinces={"GM0080": "Fryslan", "GM9999": "Atlantis"},
    )
    _, recorder = load(parsed, vintage=2022)
    assert Area.objects.get(code="GM0080", vintage=2022).parent.code == "PV21"
    assert any("Atlantis" in w["message"] for w in recorder.warnings)


def test_country_rows_become_nl01(inwoners):
    load(parsed_of(("NL01", 2024, "inwoners", 17942942.0, DEF, "")))
    country = Area.objects.get(code="NL01", vintage=2024)
    assert country.level == Level.COUNTRY and country.name == "Nederland"


# --- ratios ------------------------------------------------------------------------------------


@pytest.fixture
def share(inwoners):
    IndicatorFactory(key="inwoners-65-plus", aggregation=Aggregation.SUM)
    return IndicatorFactory(
        key="aandeel-65-plus",
        computation=Computation.RATIO,
        numerator="inwoners-65-plus",
        denominator="inwoners",
        factor=100,
        aggregation=Aggregation.WEIGHTED_MEAN,
        weight="inwoners",
    )


def test_ratios_are_computed_where_both_parts_exist_and_not_over_sourced_values(share):
    load(
        parsed_of(
            ("GM1681", 2019, "inwoners", 25372.0, DEF, ""),
            ("GM1681", 2019, "inwoners-65-plus", 6180.0, DEF, ""),
            ("GM0106", 2019, "inwoners", 0.0, DEF, ""),
            ("GM0106", 2019, "inwoners-65-plus", 0.0, DEF, ""),
            ("GM0109", 2019, "inwoners", 100.0, DEF, ""),
            ("GM0109", 2019, "inwoners-65-plus", None, SECRET, "CBS: geheim"),
            ("GM0114", 2019, "inwoners", 100.0, DEF, ""),
            ("GM0114", 2019, "inwoners-65-plus", 20.0, DEF, ""),
            ("GM0114", 2019, "aandeel-65-plus", 21.0, DEF, ""),
        ),
        vintage=2019,
    )
    result = loading.compute_ratios()
    assert result.created == 2
    computed = current("aandeel-65-plus", "GM1681", 2019)
    assert computed.value == pytest.approx(6180 / 25372 * 100)
    assert (
        computed.origin == ValueOrigin.COMPUTED and "inwoners-65-plus / inwoners" in computed.note
    )
    assert current("aandeel-65-plus", "GM0106", 2019).status == MISSING  # base 0
    assert current("aandeel-65-plus", "GM0114", 2019).value == 21.0  # imported stands
    assert not IndicatorValue.objects.filter(area__code="GM0109", indicator=share).exists()
    assert loading.compute_ratios().unchanged == 2


# --- province and country totals ------------------------------------------------------------


def two_provinces(vintage=2022):
    country = AreaFactory(code="NL01", level=Level.COUNTRY, vintage=vintage, name="Nederland")
    drenthe = AreaFactory(code="PV22", level=Level.PROVINCE, vintage=vintage, parent=country)
    overijssel = AreaFactory(code="PV23", level=Level.PROVINCE, vintage=vintage, parent=country)
    for code, province in (("GM1681", drenthe), ("GM0106", drenthe), ("GM0160", overijssel)):
        AreaFactory(code=code, vintage=vintage, parent=province)
    return drenthe, overijssel


def test_totals_per_province_and_country_by_each_rule(share):
    two_provinces()
    woz = IndicatorFactory(
        key="woz", aggregation=Aggregation.WEIGHTED_MEAN, weight="inwoners", unit="x1000-euro"
    )
    load(
        parsed_of(
            ("GM1681", 2022, "inwoners", 100.0, DEF, ""),
            ("GM0106", 2022, "inwoners", 300.0, DEF, ""),
            ("GM0160", 2022, "inwoners", 600.0, DEF, ""),
            ("GM1681", 2022, "woz", 200.0, DEF, ""),
            ("GM0106", 2022, "woz", 400.0, DEF, ""),
            ("GM0160", 2022, "woz", None, SECRET, "CBS: geheim"),
        ),
        vintage=2022,
    )
    with recording_import(command="test", source="afgeleid") as recorder:
        loading.aggregate_upwards(recorder=recorder, vintages=[2022])
    drenthe = current("inwoners", "PV22", 2022)
    assert drenthe.value == 400 and drenthe.origin == ValueOrigin.AGGREGATED
    assert drenthe.note == "som van 2 gemeenten (indeling 2022)"
    assert current("inwoners", "NL01", 2022).value == 1000
    weighted = current("woz", "PV22", 2022)
    assert weighted.value == pytest.approx((100 * 200 + 300 * 400) / 400)
    assert "gewogen met inwoners" in weighted.note
    # One gemeente's WOZ is secret: no Overijssel and no country total, and a warning says so.
    assert not IndicatorValue.objects.filter(indicator=woz, area__code__in=["PV23", "NL01"])
    assert any(w["row"].startswith("woz 2022") for w in recorder.warnings)
    again = loading.aggregate_upwards(vintages=[2022])
    assert (again.created, again.replaced) == (0, 0)


def test_no_province_totals_when_a_province_is_unknown_and_none_for_a_selection(inwoners):
    _, overijssel = two_provinces()
    Area.objects.filter(code="GM0160").update(parent=None)
    load(
        parsed_of(
            ("GM1681", 2022, "inwoners", 100.0, DEF, ""),
            ("GM0106", 2022, "inwoners", 300.0, DEF, ""),
            ("GM0160", 2022, "inwoners", 600.0, DEF, ""),
        ),
        vintage=2022,
    )
    with recording_import(command="test", source="afgeleid") as recorder:
        loading.aggregate_upwards(recorder=recorder, vintages=[2022])
    assert current("inwoners", "NL01", 2022).value == 1000
    assert not IndicatorValue.objects.filter(area__level=Level.PROVINCE).exists()
    # No vintage knows every province, so not even Drenthe's complete list can be proven.
    said = {w["row"]: w["message"] for w in recorder.warnings}
    assert "provincie onbekend (GM0160)" in said["jaargang 2022"]
    assert "geen jaargang kent de provincie van elke gemeente" in said["PV22 jaargang 2022"]
    # By default three gemeenten are a selection, not the country: no totals at all.
    IndicatorValue.objects.filter(area__level=Level.COUNTRY).delete()
    with recording_import(command="test", source="afgeleid") as recorder:
        loading.aggregate_upwards(recorder=recorder)
    assert not IndicatorValue.objects.filter(area__level=Level.COUNTRY).exists()
    assert any("slechts 3 gemeenten" in w["message"] for w in recorder.warnings)


def test_a_published_country_figure_is_not_replaced_by_a_sum(inwoners):
    two_provinces()
    load(
        parsed_of(
            ("NL01", 2022, "inwoners", 999.0, DEF, ""),
            ("GM1681", 2022, "inwoners", 100.0, DEF, ""),
            ("GM0106", 2022, "inwoners", 300.0, DEF, ""),
            ("GM0160", 2022, "inwoners", 600.0, DEF, ""),
        ),
        vintage=2022,
    )
    loading.aggregate_upwards(vintages=[2022])
    country = current("inwoners", "NL01", 2022)
    assert (country.value, country.origin) == (999.0, ValueOrigin.IMPORTED)
    assert current("inwoners", "PV22", 2022).value == 400


def test_post_process_twice_changes_nothing_the_second_time(share):
    two_provinces()
    load(
        parsed_of(
            *[
                (code, 2022, key, value, DEF, "")
                for code, values in (
                    ("GM1681", (100.0, 30.0)),
                    ("GM0106", (300.0, 60.0)),
                    ("GM0160", (600.0, 90.0)),
                )
                for key, value in zip(("inwoners", "inwoners-65-plus"), values, strict=True)
            ]
        ),
        vintage=2022,
    )
    first = loading.post_process(vintages=[2022])
    assert first.changed > 0
    assert current("aandeel-65-plus", "PV22", 2022).value == pytest.approx(90 / 400 * 100)
    second = loading.post_process(vintages=[2022])
    assert second.changed == 0


# --- continuity --------------------------------------------------------------------------------


def test_the_real_statement_files_are_well_formed():
    statements = read_statements()
    codes = {s.code for s in statements}
    assert codes == {
        "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680", "GM1681",
        "GM1690", "GM1699", "GM1701", "GM1730", "GM1731", "GM0160",
    }  # fmt: skip
    assert all(s.same and s.source and len(s.evidence) <= 300 for s in statements)
    provinces = read_province_statements()
    assert {p.province for p in provinces} == {"PV20", "PV27", "PV30"}


def test_malformed_statement_files_are_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("code,from_vintage\nGM1681,2018\n", encoding="utf-8")
    with pytest.raises(MalformedFile, match="kolommen"):
        read_statements(path)
    path.write_text(
        "code,from_vintage,to_vintage,same,evidence,source\nGM1681,2022,2018,1,x,y\n",
        encoding="utf-8",
    )
    with pytest.raises(MalformedFile):
        read_statements(path)


def test_continuity_from_surfaces_stock_and_statements(inwoners):
    IndicatorFactory(key="oppervlakte-totaal")
    IndicatorFactory(key="voorraad-begin")
    IndicatorFactory(key="voorraad-eind")
    load(
        parsed_of(
            ("GM1681", 2022, "oppervlakte-totaal", 27786.0, DEF, ""),
            ("WK168100", 2022, "oppervlakte-totaal", 1082.0, DEF, ""),
        ),
        vintage=2022,
    )
    load(
        parsed_of(
            ("GM1681", 2024, "oppervlakte-totaal", 27789.0, DEF, ""),
            ("WK168100", 2024, "oppervlakte-totaal", 2000.0, DEF, ""),
        ),
        vintage=2024,
    )
    load(
        parsed_of(
            ("GM1681", 2019, "voorraad-eind", 11374.0, DEF, ""),
            ("GM1681", 2020, "voorraad-begin", 11374.0, DEF, ""),
            ("GM0160", 2019, "voorraad-eind", 100.0, DEF, ""),
            ("GM0160", 2020, "voorraad-begin", 150.0, DEF, ""),
        ),
        vintage=None,
    )
    statement = Statement("GM1681", 2018, 2022, True, "geen herindeling", "CBS")
    result = loading.judge_continuity(statements=[statement])
    assert result.by_kind == {"oppervlakte": 2, "woningvoorraad": 2, "bronverklaring": 1}

    def judged(code, earlier, later):
        return Continuity.objects.get(
            earlier__code=code, earlier__vintage=earlier, later__vintage=later
        )

    assert judged("GM1681", 2022, 2024).same
    assert "27.786 ha → 27.789 ha" in judged("GM1681", 2022, 2024).evidence
    assert not judged("WK168100", 2022, 2024).same
    assert judged("GM1681", 2019, 2020).same
    assert not judged("GM0160", 2019, 2020).same
    by_statement = judged("GM1681", 2020, 2022)
    assert (by_statement.same, by_statement.evidence, by_statement.source) == (
        True,
        "geen herindeling",
        "CBS",
    )
    again = loading.judge_continuity(statements=[statement])
    assert (again.recorded, again.unchanged) == (0, 5)
    # A corrected surface changes the judgement: the pair is judged anew, not duplicated.
    load(parsed_of(("WK168100", 2024, "oppervlakte-totaal", 1085.0, DEF, "")), vintage=2024)
    corrected = loading.judge_continuity(statements=[statement])
    assert (corrected.recorded, corrected.unchanged) == (1, 4)
    assert judged("WK168100", 2022, 2024).same
    assert Continuity.objects.count() == 5


def test_sourced_provinces_of_vanished_gemeenten():
    AreaFactory(code="GM0003", vintage=2019, name="Appingedam")
    AreaFactory(code="GM0003", vintage=2023, name="Appingedam")  # outside the statement
    AreaFactory(code="PV20", level=Level.PROVINCE, vintage=2022, name="Groningen")
    assert loading.apply_province_statements() == 1
    assert Area.objects.get(code="GM0003", vintage=2019).parent.code == "PV20"
    assert Area.objects.get(code="GM0003", vintage=2023).parent is None
    assert loading.apply_province_statements() == 0


def test_a_sparse_middle_vintage_is_bridged_by_the_year_after(inwoners):
    """2023 wijken loaded from an income table (no surface) sit between 2022 and 2024: the
    surfaces prove 2022 = 2024 and CBS's indelingswijziging proves 2023 = 2024, so 2022 = 2023;
    a wijk whose surfaces differ, or whose 2023 -> 2024 link is unproven, stays unjudged."""
    IndicatorFactory(key="oppervlakte-totaal")
    surfaces = {"WK168100": (1082.0, 1083.0), "WK168101": (500.0, 900.0), "WK168102": (70.0, 70.0)}
    for vintage, index in ((2022, 0), (2024, 1)):
        load(
            parsed_of(
                *[
                    (code, vintage, "oppervlakte-totaal", pair[index], DEF, "")
                    for code, pair in surfaces.items()
                ]
            ),
            vintage=vintage,
        )
    for code in surfaces:
        AreaFactory(code=code, level=Level.DISTRICT, vintage=2023)
    later = {a.code: a for a in Area.objects.filter(vintage=2024)}
    middle = {a.code: a for a in Area.objects.filter(vintage=2023)}
    for code in ("WK168100", "WK168101"):  # WK168102: 2023 -> 2024 unknown
        Continuity.objects.create(
            earlier=middle[code], later=later[code], same=True, evidence="CBS code 1", source="CBS"
        )
    result = loading.judge_continuity(statements=[])
    assert result.by_kind["via het jaar erna"] == 1
    bridged = Continuity.objects.get(earlier__code="WK168100", earlier__vintage=2022)
    assert bridged.later.vintage == 2023 and bridged.same
    assert "2022 en 2024 gelijk" in bridged.evidence
    assert not Continuity.objects.filter(earlier__code="WK168101", earlier__vintage=2022).exists()
    assert not Continuity.objects.filter(earlier__code="WK168102", earlier__vintage=2022).exists()
    again = loading.judge_continuity(statements=[])
    assert again.recorded == 0
