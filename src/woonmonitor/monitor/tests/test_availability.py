"""Which indicators have values per level and year, and the pickers that list only those."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from tests.factories import (
    AreaFactory,
    ImportRunFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

from woonmonitor.areas.models import Level
from woonmonitor.monitor.availability import (
    Availability,
    availability,
    how_to_load,
    load_command,
    split_indicators,
)
from woonmonitor.monitor.models import (
    Computation,
    IndicatorValue,
    SourceKind,
    ValueStatus,
)

from .maps_world import borger_odoorn_fixture  # noqa: F401


@pytest.fixture
def small(db):
    """Two indicators with values in different levels and years, one without any."""
    gemeente = AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    wijk = AreaFactory(code="WK168100", name="Valthe", level=Level.DISTRICT, parent=gemeente)
    old = AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2022)
    people = IndicatorFactory(key="t-inwoners", name="Inwoners")
    rent = IndicatorFactory(key="t-huur", name="Huurwoningen")
    empty = IndicatorFactory(key="t-leeg", name="Leeg")
    IndicatorValueFactory(indicator=people, area=gemeente, period=2024, value=25000)
    IndicatorValueFactory(indicator=people, area=wijk, period=2024, value=1200)
    IndicatorValueFactory(indicator=rent, area=old, period=2022, value=3000)
    # rows without a value (secret, missing) or no longer current do not count
    IndicatorValueFactory(
        indicator=rent, area=wijk, period=2024, value=None, status=ValueStatus.SUPPRESSED
    )
    IndicatorValueFactory(
        indicator=empty, area=gemeente, period=2024, value=None, status=ValueStatus.MISSING
    )
    IndicatorValueFactory(indicator=empty, area=gemeente, period=2023, value=5, is_current=False)
    return {"people": people, "rent": rent, "empty": empty}


def test_available_is_one_query_over_every_indicator(small, django_assert_num_queries):
    people, rent = small["people"], small["rent"]
    with django_assert_num_queries(1):
        found = IndicatorValue.objects.current().available()
    assert found == {
        (people.pk, 2024, Level.MUNICIPALITY),
        (people.pk, 2024, Level.DISTRICT),
        (rent.pk, 2022, Level.MUNICIPALITY),
    }


def test_availability_per_level_and_year(small):
    people, rent, empty = small["people"], small["rent"], small["empty"]
    found = availability()
    assert found.has(people.pk, period=2024, level=Level.DISTRICT)
    assert not found.has(rent.pk, period=2024, level=Level.MUNICIPALITY)
    assert found.has(rent.pk, period=2022, level=Level.MUNICIPALITY)
    assert not found.has(rent.pk, level=Level.DISTRICT)  # only a secret row there
    assert not found.has(empty.pk)
    assert found.periods(rent.pk) == [2022]
    assert found.levels(people.pk, 2024) == [Level.MUNICIPALITY, Level.DISTRICT]
    assert found.years() == [2022, 2024]
    assert found.years(Level.DISTRICT) == [2024]


def test_availability_is_kept_until_the_data_changes(small, django_assert_num_queries):
    first = availability()
    # a second call reads only the fingerprint of the data (three small queries)
    with django_assert_num_queries(3):
        assert availability() == first
    # a new import gives a new answer at once
    run = ImportRunFactory()
    wijk = AreaFactory(code="WK168100", vintage=2024, level=Level.DISTRICT)
    IndicatorValueFactory(indicator=small["rent"], area=wijk, period=2023, value=7, import_run=run)
    assert availability().has(small["rent"].pk, period=2023, level=Level.DISTRICT)


def test_split_lists_the_rest_apart_with_where_they_have_values(small):
    people, rent, empty = small["people"], small["rent"], small["empty"]
    split = split_indicators(
        [people, rent, empty], availability(), period=2024, level=Level.MUNICIPALITY
    )
    assert split.available == [people]
    rest = {item.indicator.key: item for item in split.unavailable}
    assert rest["t-huur"].elsewhere == "wel in 2022" and rest["t-huur"].selectable
    assert rest["t-leeg"].elsewhere == "" and not rest["t-leeg"].selectable
    assert [item.indicator for item in split.never_loaded] == [empty]
    assert split.label == "Nog geen gegevens per gemeente in 2024"
    assert rest["t-leeg"].about_url == reverse("monitor:about") + "#indicator-t-leeg"
    # at a level without any of its values: where it does have them
    by_level = split_indicators([rent], availability(), level=Level.DISTRICT)
    assert by_level.unavailable[0].elsewhere == "wel per gemeente"


def test_split_is_pure_over_what_exists():
    people = IndicatorFactory.build(pk=1, key="a", name="A")
    other = IndicatorFactory.build(pk=2, key="b", name="B")
    found = Availability(frozenset({(1, 2019, "gemeente"), (1, 2020, "gemeente")}))
    split = split_indicators([people, other], found, period=2024, level="gemeente")
    assert split.available == []
    assert split.unavailable[0].elsewhere == "wel in 2019–2020"
    assert split.unavailable[1].elsewhere == ""


def test_how_to_load_names_the_source_and_the_commands_that_load_it():
    # found through the sources table (imports/data/sources.toml) and the commands that name
    # the source's key, so a new importer is found without a list here
    kwb = IndicatorFactory.build(
        key="huurwoningen", source_table="85984NED", source_variable="HuurwoningenTotaal"
    )
    assert "fetch_cbs" in load_command(kwb).split(" / ")
    text = how_to_load(kwb)
    assert text.startswith(
        "CBS, Kerncijfers wijken en buurten 2024 (85984NED) (variabele HuurwoningenTotaal): "
        "Laden met manage.py fetch_cbs"
    )
    stock = IndicatorFactory.build(key="sloop", source_table="81955NED")
    assert load_command(stock) == "import_stock_changes"
    prognosis = IndicatorFactory.build(
        key="prognose",
        source_kind=SourceKind.PBL_CBS,
        source_table="Regionale bevolkings- en huishoudensprognose",
    )
    assert load_command(prognosis) == "import_prognosis"
    party = IndicatorFactory.build(key="p", source_kind=SourceKind.PARTY, source_table="")
    assert how_to_load(party) == (
        "Ingevoerd door partijen: Een gemeente of woningcorporatie voert deze cijfers in op de "
        "invoerpagina."
    )
    ratio = IndicatorFactory.build(
        key="r", computation=Computation.RATIO, numerator="sloop", denominator="voorraad"
    )
    assert how_to_load(ratio, {"sloop": "Sloop"}).startswith(
        "Berekend uit andere indicatoren (Sloop gedeeld door voorraad): Verschijnt zodra"
    )
    unknown = IndicatorFactory.build(key="u", source_table="99999XXX")
    assert load_command(unknown) == ""
    assert how_to_load(unknown) == (
        "CBS 99999XXX: Hoe deze bron geladen wordt staat op de pagina Over de cijfers."
    )


# ----------------------------------------------------------------------------- pickers


def options(html: str, select_id: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Per optgroup label the (value, text, disabled) of its options."""
    select = html[html.index(f'id="{select_id}"') :]
    select = select[: select.index("</select>")]
    groups: dict[str, list[tuple[str, str, bool]]] = {}
    for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S):
        groups[label] = [
            (value, text, bool(disabled))
            for value, disabled, text in re.findall(
                r'<option value="([^"]*)"[^>]*?( disabled)?[^>]*>([^<]*)</option>', body
            )
        ]
    return groups


def test_map_picker_lists_only_indicators_with_values_for_level_and_year(borger_odoorn, client):
    response = client.get(
        reverse("monitor:map"), {"indicator": "inwoners", "jaar": 2024, "niveau": "wijk"}
    )
    html = response.content.decode()
    groups = options(html, "id_indicator")
    shown = [
        value for label, items in groups.items() if "Nog geen" not in label for value, *_ in items
    ]
    assert sorted(shown) == ["inwoners", "woningvoorraad"]
    elsewhere = {value: text for value, text, _d in groups["Nog geen gegevens per wijk in 2024"]}
    assert elsewhere["woz-gemiddeld"] == "Gemiddelde WOZ-waarde (wel in 2022)"
    assert elsewhere["woningbezetting"].endswith("(wel in 2022)")
    never = groups["Nog geen gegevens geladen"]
    assert ("huurwoningen", "Huurwoningen", True) in never  # cannot be chosen
    assert all(disabled for _v, _t, disabled in never)
    # every indicator of the catalogue is listed once
    listed = [value for items in groups.values() for value, *_ in items]
    assert len(listed) == len(set(listed)) == len(response.context["split"].unavailable) + 2
    # the rest, with where their values come from and how to load them
    assert "Nog geen gegevens: " in html
    assert "Laden met manage.py fetch_cbs" in html
    assert reverse("monitor:about") + "#bronnen" in html
    assert "2 van de " in html and "hebben cijfers per wijk in 2024" in html


def test_map_picker_follows_the_year(borger_odoorn, client):
    response = client.get(
        reverse("monitor:map"), {"indicator": "woz-gemiddeld", "jaar": 2022, "niveau": "wijk"}
    )
    groups = options(response.content.decode(), "id_indicator")
    assert ("woz-gemiddeld", "Gemiddelde WOZ-waarde", False) in groups["Wonen"]
    # every indicator with wijk values has them in 2022: only the never loaded are apart
    assert "Nog geen gegevens per wijk in 2022" not in groups
    assert ("huurwoningen", "Huurwoningen", True) in groups["Nog geen gegevens geladen"]


def test_choosing_an_indicator_of_another_year_shows_that_year(borger_odoorn, client):
    response = client.get(
        reverse("monitor:map"), {"indicator": "woz-gemiddeld", "jaar": 2024, "niveau": "wijk"}
    )
    assert response.context["choice"].period == 2022
    assert "de kaart toont 2022" in response.content.decode()


def test_compare_picker_follows_the_level_of_the_areas(borger_odoorn, client):
    response = client.get(
        reverse("monitor:compare"), {"gebied": ["WK168100", "WK168101"], "jaar": 2024}
    )
    groups = options(response.content.decode(), "id_indicator")
    shown = [
        value for label, items in groups.items() if "Nog geen" not in label for value, *_ in items
    ]
    assert sorted(shown) == ["inwoners", "woningvoorraad"]
    assert "Nog geen gegevens per wijk in 2024" in groups


def test_start_page_picker_lists_the_indicators_with_wijk_values(borger_odoorn, client):
    html = client.get(reverse("monitor:index")).content.decode()
    groups = options(html, "start_indicator")
    shown = {
        value for label, items in groups.items() if "Nog geen" not in label for value, *_ in items
    }
    assert shown == {
        "inwoners",
        "woningvoorraad",
        "woz-gemiddeld",
        "koopwoningen",
        "woningbezetting",
    }
    assert ("huurwoningen", "Huurwoningen", True) in groups["Nog geen gegevens geladen"]
    assert "Nog geen gegevens: " in html
