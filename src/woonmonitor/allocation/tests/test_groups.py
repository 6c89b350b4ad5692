"""The groups as data: loading groups.toml and national_numbers.toml, the start page and the
page per group (public, for every cast member)."""

from __future__ import annotations

import datetime

import pytest
from conftest import CAST
from tests.factories import GroupDefinitionFactory, GroupFactory, TaskFactory

from woonmonitor.allocation import loading
from woonmonitor.allocation.models import Group, GroupDefinition, NationalNumber, Unit

pytestmark = pytest.mark.django_db

GROUP_KEYS = [
    "statushouders",
    "uitstroom-bw-mo",
    "woonwagenbewoners",
    "spoedzoekers",
    "urgent-woningzoekenden",
    "ouderen-met-zorgvraag",
]


def test_the_groups_load_with_unit_definition_and_date_and_a_second_run_changes_nothing():
    assert str(loading.load_groups()).startswith("12 nieuw")
    assert list(Group.objects.values_list("key", flat=True)) == GROUP_KEYS
    units = dict(Group.objects.values_list("key", "unit"))
    assert units["woonwagenbewoners"] == Unit.PITCHES
    assert units["statushouders"] == Unit.PERSONS
    assert units["ouderen-met-zorgvraag"] == Unit.HOMES
    statushouders = Group.objects.get(key="statushouders")
    assert statushouders.statutory and statushouders.half_yearly
    assert statushouders.definition_on(datetime.date(2023, 1, 1)).source.startswith(
        "Huisvestingswet 2014"
    )
    assert statushouders.definition_on(datetime.date(2010, 1, 1)) is None
    assert str(loading.load_groups()) == "0 nieuw, 0 bijgewerkt, 12 ongewijzigd"


def test_a_definition_with_tasks_is_kept_when_the_file_changes(tmp_path):
    group = GroupFactory(key="spoedzoekers", name="Spoedzoekers", unit=Unit.HOUSEHOLDS)
    definition = GroupDefinitionFactory(
        group=group, valid_from=datetime.date(2022, 1, 1), text="Oud.", source="Oude bron"
    )
    TaskFactory(group=group, definition=definition, year=2024, half=0)
    path = tmp_path / "groups.toml"
    path.write_text(
        '[[group]]\nkey = "spoedzoekers"\nname = "Spoedzoekers"\nunit = "households"\n'
        '[[group.definition]]\nvalid_from = 2022-01-01\ntext = "Nieuw."\nsource = "Nieuwe bron"\n',
        encoding="utf-8",
    )
    result = loading.load_groups(path=path)
    assert result.kept and GroupDefinition.objects.get(pk=definition.pk).text == "Oud."


def test_national_numbers_keep_an_approximate_half_year_without_a_number():
    loading.load_national_numbers()
    assert NationalNumber.objects.get(year=2023, half=1).number == 21200
    assert NationalNumber.objects.get(year=2022, half=1).national_backlog == 3728
    approximate = NationalNumber.objects.get(year=2023, half=2)
    assert approximate.number is None and "bijna 23.000" in approximate.note
    assert str(loading.load_national_numbers()) == "0 nieuw, 0 bijgewerkt, 7 ongewijzigd"


@pytest.fixture
def loaded(cast):
    loading.load_groups()
    loading.load_national_numbers()


# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/aandachtsgroepen/": (200,) * 6,
    "/aandachtsgroepen/groepen/statushouders/": (200,) * 6,
    "/aandachtsgroepen/groepen/bestaat-niet/": (404,) * 6,
}


@pytest.mark.parametrize(
    ("url", "name", "expected"),
    [
        pytest.param(url, name, statuses[index], id=f"{name}-{url}")
        for url, statuses in MATRIX.items()
        for index, name in enumerate(CAST)
    ],
)
def test_permission_matrix(client_for, loaded, url, name, expected):
    assert client_for(name).get(url).status_code == expected


def test_the_start_page_lists_groups_and_national_numbers_with_their_source(client, loaded):
    content = client.get("/aandachtsgroepen/").content.decode()
    assert "Woonwagenbewoners" in content and "standplaatsen" in content
    assert "21.200" in content and "geen exact aantal" in content
    assert "Circulaire taakstelling huisvesting vergunninghouders eerste helft 2023" in content


def test_the_group_page_shows_its_definitions_through_time(client, loaded):
    group = Group.objects.get(key="statushouders")
    GroupDefinitionFactory(group=group, valid_from=datetime.date(2030, 1, 1), text="Later.")
    content = client.get("/aandachtsgroepen/groepen/statushouders/").content.decode()
    assert "Later." in content and "Huisvestingswet 2014, artikel 28-30" in content
    assert "Voor deze groep is nog geen taak vastgelegd." in content
