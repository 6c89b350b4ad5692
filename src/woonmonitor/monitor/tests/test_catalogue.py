"""The indicator catalogue: the real file, its checks, and loading it into the database."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

from woonmonitor.monitor.catalogue import CatalogueError, read_catalogue
from woonmonitor.monitor.catalogue_services import load_catalogue
from woonmonitor.monitor.models import Indicator, Theme

#: The keys the real data files fill (the importers depend on them).
REAL_DATA_KEYS = {
    "inwoners", "mannen", "vrouwen", "woningvoorraad", "bevolkingsdichtheid", "oppervlakte-totaal",
    "oppervlakte-land", "oppervlakte-water", "aandeel-0-14", "aandeel-15-24", "aandeel-25-44",
    "aandeel-45-64", "aandeel-65-plus", "woz-gemiddeld", "koopwoningen", "nettoarbeidsparticipatie",
    "inkomen-laagste-40", "inkomen-hoogste-20", "opleiding-hbo-wo", "stedelijkheid",
    "inwoners-0-14", "inwoners-15-24", "inwoners-25-44", "inwoners-45-64", "inwoners-65-plus",
    "ongehuwd", "gehuwd", "gescheiden", "verweduwd", "voorraad-begin", "nieuwbouw",
    "overige-toevoeging", "sloop", "overige-onttrekking", "correctie", "saldo-voorraad",
    "voorraad-eind", "bevolkingsprognose", "woningbezetting",
}  # fmt: skip
STOCK_CHANGE_KEYS = {
    "voorraad-begin", "nieuwbouw", "overige-toevoeging", "sloop", "overige-onttrekking",
    "correctie", "saldo-voorraad", "voorraad-eind",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue()


@pytest.fixture(scope="module")
def cbs_variables():
    """Variable keys of table 85984NED without their sequence number, from the real metadata."""
    path = settings.WOONMONITOR_DATA_DIR / "kwb-2024-gm-wk" / "DataProperties.json"
    properties = json.loads(path.read_text(encoding="utf-8"))
    return {
        re.sub(r"_\d+$", "", item["Key"]): item["Title"].strip()
        for item in properties
        if item.get("Type") == "Topic"
    }


def write(tmp_path, body: str, version: str = '"test"'):
    path = tmp_path / "indicators.toml"
    path.write_text(f"version = {version}\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def entry(key: str, **fields) -> str:
    """One [[indicator]] table, a valid count unless ``fields`` say otherwise."""
    values = {
        "key": key,
        "name": f"Naam {key}",
        "description": "Omschrijving.",
        "theme": "demografie",
        "unit": "aantal",
        "decimals": 0,
        "source_kind": "cbs",
        "source_table": "85984NED",
        "computation": "direct",
        "aggregation": "som",
        "polarity": "neutraal",
        "disclosure": {"kind": "aantal-personen"},
        **fields,
    }
    lines = ["[[indicator]]"]
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, dict):
            inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{name} = {{ {inner} }}")
        else:
            lines.append(f"{name} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def errors_of(tmp_path, body: str, **kwargs) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(write(tmp_path, body, **kwargs))
    return caught.value.errors


# --- the real catalogue ------------------------------------------------------------------------


def test_real_catalogue_covers_all_five_themes(catalogue):
    per_theme = catalogue.per_theme()
    assert set(per_theme) == set(Theme.values)
    assert all(len(specs) >= 4 for specs in per_theme.values()), per_theme
    assert len(catalogue.indicators) >= 55
    assert re.fullmatch(r"\d{4}\.\d+", catalogue.version)


def test_real_catalogue_holds_every_key_the_real_data_fills(catalogue):
    keys = set(catalogue.by_key())
    assert keys >= REAL_DATA_KEYS, REAL_DATA_KEYS - keys


def test_units_and_rules_of_the_real_data_keys(catalogue):
    specs = catalogue.by_key()
    percent = [key for key in REAL_DATA_KEYS if key.startswith("aandeel-")] + [
        "koopwoningen",
        "nettoarbeidsparticipatie",
        "inkomen-laagste-40",
        "inkomen-hoogste-20",
        "opleiding-hbo-wo",
    ]
    assert {specs[key].unit for key in percent} == {"procent"}
    assert specs["woz-gemiddeld"].unit == "x1000-euro"
    assert (specs["stedelijkheid"].unit, specs["stedelijkheid"].aggregation) == ("klasse", "geen")
    assert specs["bevolkingsprognose"].source_kind == "pbl-cbs"
    assert {specs[key].source_table for key in STOCK_CHANGE_KEYS} == {"81955NED"}
    occupancy = specs["woningbezetting"]
    assert (occupancy.computation, occupancy.numerator, occupancy.denominator) == (
        "verhouding",
        "inwoners",
        "woningvoorraad",
    )
    assert occupancy.decimals == 2
    for age in ("0-14", "15-24", "25-44", "45-64", "65-plus"):
        share = specs[f"aandeel-{age}"]
        assert (share.computation, share.numerator, share.denominator, share.factor) == (
            "verhouding",
            f"inwoners-{age}",
            "inwoners",
            100.0,
        )


def test_every_cbs_variable_exists_in_the_real_2024_metadata(catalogue, cbs_variables):
    kwb = [spec for spec in catalogue.indicators if spec.source_table == "85984NED"]
    assert len(kwb) >= 40
    for spec in kwb:
        if spec.source_variable:
            assert spec.source_variable in cbs_variables, spec.key


def test_shares_and_averages_are_weighted_and_protected(catalogue):
    for spec in catalogue.indicators:
        if spec.unit in ("procent", "x1000-euro", "km", "kwh", "m3", "per-1000", "personen"):
            assert spec.aggregation in ("gewogen-gemiddelde", "geen"), spec.key
            assert spec.disclosure in ("aandeel", "gemiddelde"), spec.key
            assert spec.disclosure_minimum and spec.disclosure_base, spec.key


def test_cbs_minimums_from_the_variable_definitions(catalogue, cbs_variables):
    """A few minimums checked against the words CBS uses in the real 2024 metadata."""
    specs = catalogue.by_key()
    path = settings.WOONMONITOR_DATA_DIR / "kwb-2024-gm-wk" / "DataProperties.json"
    texts = {
        re.sub(r"_\d+$", "", item["Key"]): item.get("Description") or ""
        for item in json.loads(path.read_text(encoding="utf-8"))
    }
    assert "kleiner is dan 20 woningen" in texts["GemiddeldeWOZWaardeVanWoningen"]
    assert specs["woz-gemiddeld"].disclosure_minimum == 20
    assert "minimaal 20 woningen" in texts["PercentageEengezinswoning"]
    assert specs["eengezinswoningen"].disclosure_minimum == 20
    assert "10 of meer inwoners" in texts["Bevolkingsdichtheid"]
    assert specs["bevolkingsdichtheid"].disclosure_minimum == 10
    assert "minimaal 100 particuliere huishoudens" in texts["HuishoudensMetEenLaagInkomen"]
    assert specs["huishoudens-laag-inkomen"].disclosure_minimum == 100
    assert "minimaal 50 huishoudens" in texts["PersonenautoSPerHuishouden"]
    assert specs["personenautos-per-huishouden"].disclosure_minimum == 50
    assert "minimaal 2.500 personen" in texts["GemiddeldInkomenPerInwoner"]
    assert specs["inkomen-per-inwoner"].disclosure_minimum == 2500


# --- checks on broken catalogues -------------------------------------------------------------


def test_a_small_valid_catalogue_reads(tmp_path):
    body = entry("inwoners") + entry(
        "aandeel",
        unit="procent",
        computation="verhouding",
        numerator="inwoners",
        denominator="inwoners",
        factor=100,
        aggregation="gewogen-gemiddelde",
        weight="inwoners",
        disclosure={"kind": "aandeel", "base": "inwoners", "minimum": 10},
    )
    catalogue = read_catalogue(write(tmp_path, body))
    assert [spec.key for spec in catalogue.indicators] == ["inwoners", "aandeel"]
    assert [spec.order for spec in catalogue.indicators] == [1, 2]
    assert catalogue.indicators[1].factor == 100.0


def test_duplicate_keys_are_named(tmp_path):
    assert "indicator 'inwoners': sleutel komt 2 keer voor" in errors_of(
        tmp_path, entry("inwoners") + entry("inwoners")
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("theme", "wonen-en-zorg", "indicator 'x': veld 'theme': onbekende waarde 'wonen-en-zorg'"),
        ("unit", "liter", "indicator 'x': veld 'unit': onbekende waarde 'liter'"),
        ("aggregation", "max", "indicator 'x': veld 'aggregation': onbekende waarde 'max'"),
        ("polarity", "beter", "indicator 'x': veld 'polarity': onbekende waarde 'beter'"),
        ("source_kind", "rivm", "indicator 'x': veld 'source_kind': onbekende waarde 'rivm'"),
        ("disclosure", {"kind": "privé"}, "veld 'disclosure.kind': onbekende waarde 'privé'"),
        ("decimals", 9, "indicator 'x': veld 'decimals' moet tussen 0 en 3 liggen"),
        ("source_variable", "AantalInwoners_5", "'AantalInwoners_5' zonder volgnummer"),
        ("reference_offset", 1, "veld 'reference_offset' moet tussen -5 en 0 liggen"),
        ("reference_offset", "vorig jaar", "veld 'reference_offset' moet een geheel getal zijn"),
    ],
)
def test_unknown_values_name_the_indicator_and_field(tmp_path, field, value, message):
    errors = errors_of(tmp_path, entry("x", **{field: value}))
    assert any(message in error for error in errors), errors


def test_keys_are_slugs(tmp_path):
    errors = errors_of(tmp_path, entry("Hoofd Letters"))
    assert any("veld 'key': 'Hoofd Letters' is geen geldige sleutel" in error for error in errors)


def test_missing_and_unknown_fields_are_named(tmp_path):
    errors = errors_of(tmp_path, entry("x", theme=None, colour="blauw"))
    assert "indicator 'x': veld 'theme' ontbreekt" in errors
    assert "indicator 'x': onbekend veld 'colour'" in errors


def test_ratio_needs_existing_numerator_and_denominator(tmp_path):
    errors = errors_of(
        tmp_path,
        entry("x", computation="verhouding", numerator="teller", denominator=None),
    )
    assert "indicator 'x': veld 'denominator' is nodig bij een verhouding" in errors
    assert "indicator 'x': veld 'numerator': indicator 'teller' bestaat niet" in errors


def test_weighted_mean_needs_an_existing_summable_weight(tmp_path):
    assert "indicator 'x': veld 'weight' is nodig bij een gewogen gemiddelde" in errors_of(
        tmp_path, entry("x", aggregation="gewogen-gemiddelde")
    )
    errors = errors_of(tmp_path, entry("x", aggregation="gewogen-gemiddelde", weight="gewicht"))
    assert "indicator 'x': veld 'weight': indicator 'gewicht' bestaat niet" in errors
    body = entry("klasse", aggregation="geen") + entry(
        "x", aggregation="gewogen-gemiddelde", weight="klasse"
    )
    assert any("'klasse' is geen optelbaar aantal" in error for error in errors_of(tmp_path, body))


def test_disclosure_base_must_exist_and_be_a_known_base(tmp_path):
    share = {"kind": "aandeel", "base": "inwoners", "minimum": 10}
    errors = errors_of(tmp_path, entry("x", unit="procent", disclosure=share))
    assert "indicator 'x': veld 'disclosure.base': indicator 'inwoners' bestaat niet" in errors
    errors = errors_of(tmp_path, entry("x", disclosure={"kind": "aandeel"}))
    assert any("bij 'aandeel' horen 'base' en 'minimum'" in error for error in errors)
    bad_base = {"kind": "aandeel", "base": "auto", "minimum": 10}
    errors = errors_of(tmp_path, entry("auto") + entry("x", disclosure=bad_base))
    assert any("'auto' is geen basis voor geheimhouding" in error for error in errors)
    errors = errors_of(tmp_path, entry("x", disclosure={"kind": "geen", "minimum": 5}))
    assert "indicator 'x': veld 'disclosure': 'geen' heeft geen 'base' of 'minimum'" in errors


def test_source_rules(tmp_path):
    assert "indicator 'x': veld 'source_table' is nodig bij bron 'cbs'" in errors_of(
        tmp_path, entry("x", source_table=None)
    )
    assert "indicator 'x': een indicator die partijen invoeren heeft geen brontabel" in errors_of(
        tmp_path, entry("x", source_kind="partij")
    )


def test_every_problem_is_reported_at_once(tmp_path):
    errors = errors_of(tmp_path, entry("a", theme="x") + entry("b", unit="y"), version='""')
    assert any("'version' ontbreekt" in error for error in errors)
    assert any(error.startswith("indicator 'a'") for error in errors)
    assert any(error.startswith("indicator 'b'") for error in errors)


def test_broken_toml_and_missing_file(tmp_path):
    path = tmp_path / "kapot.toml"
    path.write_text("version = \n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="geen geldige TOML"):
        read_catalogue(path)
    with pytest.raises(CatalogueError, match="bestaat niet"):
        read_catalogue(tmp_path / "weg.toml")


# --- loading into the database -----------------------------------------------------------------


@pytest.mark.django_db
def test_load_creates_then_leaves_unchanged(catalogue):
    first = load_catalogue(catalogue=catalogue)
    assert len(first.created) == len(catalogue.indicators)
    woz = Indicator.objects.get(key="woz-gemiddeld")
    assert (woz.disclosure, woz.disclosure_base, woz.disclosure_minimum) == (
        "gemiddelde",
        "woningvoorraad",
        20,
    )
    assert woz.catalogue_version == catalogue.version
    second = load_catalogue(catalogue=catalogue)
    assert second.created == second.updated == []
    assert len(second.unchanged) == len(catalogue.indicators)


@pytest.mark.django_db
def test_load_updates_a_changed_indicator(catalogue):
    load_catalogue(catalogue=catalogue)
    Indicator.objects.filter(key="koopwoningen").update(name="Oud", disclosure_minimum=5)
    summary = load_catalogue(catalogue=catalogue)
    assert summary.updated == ["koopwoningen"]
    assert Indicator.objects.get(key="koopwoningen").disclosure_minimum == 20


@pytest.mark.django_db
def test_load_keeps_indicators_with_values_and_deletes_the_rest(catalogue):
    IndicatorFactory(key="oud-zonder-waarden")
    with_values = IndicatorValueFactory(indicator=IndicatorFactory(key="oud-met-waarden"))
    summary = load_catalogue(catalogue=catalogue)
    assert summary.deleted == ["oud-zonder-waarden"]
    assert summary.kept == ["oud-met-waarden"]
    assert "niet meer in catalogus" in str(summary)
    assert Indicator.objects.filter(key="oud-met-waarden").exists()
    assert not Indicator.objects.filter(key="oud-zonder-waarden").exists()
    with_values.refresh_from_db()


@pytest.mark.django_db
def test_load_indicators_command_reports_progress(capsys, catalogue):
    call_command("load_indicators")
    out = capsys.readouterr().out
    assert f"Versie {catalogue.version}: {len(catalogue.indicators)} indicatoren" in out
    assert f"demografie {len(catalogue.per_theme()['demografie'])}" in out
    assert f"{len(catalogue.indicators)} nieuw" in out
    assert Indicator.objects.count() == len(catalogue.indicators)


@pytest.mark.django_db
def test_load_indicators_command_refuses_a_broken_file(tmp_path):
    path = write(tmp_path, entry("x", theme="wonen-en-zorg"))
    AreaFactory()
    with pytest.raises(CommandError, match="veld 'theme': onbekende waarde"):
        call_command("load_indicators", str(path))
    assert not Indicator.objects.exists()


# --- admin ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_edits_indicators_and_only_reads_values(admin_client, catalogue):
    load_catalogue(catalogue=catalogue)
    woz = Indicator.objects.get(key="woz-gemiddeld")
    changelist = reverse("admin:monitor_indicator_changelist")
    response = admin_client.get(changelist, {"theme__exact": "wonen", "source_kind__exact": "cbs"})
    assert response.status_code == 200
    assert "Gemiddelde WOZ-waarde" in response.content.decode()
    change = admin_client.get(reverse("admin:monitor_indicator_change", args=[woz.pk]))
    assert 'name="disclosure_minimum"' in change.content.decode()

    value = IndicatorValueFactory(indicator=woz, area=AreaFactory(code="WK168100", level="wijk"))
    values = admin_client.get(reverse("admin:monitor_indicatorvalue_changelist"), {"q": "WK168100"})
    assert values.status_code == 200 and "WK168100" in values.content.decode()
    detail = admin_client.get(reverse("admin:monitor_indicatorvalue_change", args=[value.pk]))
    assert detail.status_code == 200
    assert 'name="value"' not in detail.content.decode()  # read-only
    assert admin_client.get(reverse("admin:monitor_indicatorvalue_add")).status_code == 403
    assert admin_client.get(reverse("admin:monitor_areagroup_add")).status_code == 200
