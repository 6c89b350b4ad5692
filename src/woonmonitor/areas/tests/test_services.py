"""Tests of the area write services: parents across vintages, names, figures, regions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from tests.factories import AreaFactory

from woonmonitor.areas import services
from woonmonitor.areas.loaders.regions import RegionSpec
from woonmonitor.areas.models import Area, KeyFigure, Level, Region

pytestmark = pytest.mark.django_db


def wijk(code: str, vintage: int, name: str = "Valthe") -> Area:
    return AreaFactory(code=code, vintage=vintage, level=Level.DISTRICT, name=name)


def buurt(code: str, vintage: int) -> Area:
    return AreaFactory(code=code, vintage=vintage, level=Level.NEIGHBOURHOOD, name=code)


def test_parent_in_same_vintage_first():
    own, _ = wijk("WK168100", 2023), wijk("WK168100", 2024)
    child = buurt("BU16810001", 2023)
    services.link_to_parents(areas=[child])
    assert child.parent == own


def test_parent_in_nearest_vintage_later_one_on_a_tie():
    wijk("WK168100", 2022)
    later = wijk("WK168100", 2024)
    wijk("WK168100", 2019)
    child = buurt("BU16810001", 2023)
    services.link_to_parents(areas=[child])
    child.refresh_from_db()
    assert child.parent == later


def test_nearest_earlier_vintage_when_no_later_one():
    earlier = wijk("WK168100", 2022)
    child = buurt("BU16810001", 2025)
    services.link_to_parents(areas=[child])
    assert child.parent == earlier


def test_relink_children_moves_to_a_nearer_parent_loaded_later():
    wijk("WK168100", 2022)
    child = buurt("BU16810001", 2023)
    services.link_to_parents(areas=[child])
    own = wijk("WK168100", 2023)
    assert services.relink_children(parents=[own]) == 1
    child.refresh_from_db()
    assert child.parent == own


def test_no_parent_without_candidate():
    child = buurt("BU16810001", 2023)
    assert services.link_to_parents(areas=[child]) == 0
    assert child.parent is None


def test_name_from_nearest_vintage_and_fallback_to_code():
    wijk("WK168100", 2022, name="Valthe")
    area, created = services.save_area(code="WK168100", vintage=2024)
    assert created
    assert (area.name, area.name_vintage) == ("Valthe", 2022)
    area, _ = services.save_area(code="WK168100", vintage=2024, name="Valthe (nieuw)")
    assert (area.name, area.name_vintage) == ("Valthe (nieuw)", None)
    unknown, _ = services.save_area(code="WK999900", vintage=2024)
    assert unknown.name == "WK999900"


def test_existing_name_of_same_vintage_is_kept_when_file_has_none():
    services.save_area(code="GM1681", vintage=2024, name="Borger-Odoorn")
    area, created = services.save_area(code="GM1681", vintage=2024, name="")
    assert not created
    assert area.name == "Borger-Odoorn"


def test_province_gets_the_country_of_its_vintage():
    province = services.save_province(code="PV22", vintage=2024, name="Drenthe")
    assert (province.parent.code, province.parent.vintage, province.parent.level) == (
        "NL01",
        2024,
        Level.COUNTRY,
    )
    assert services.province_by_name(name=" drenthe ", vintage=2024) == province
    assert services.province_by_name(name="Drenthe", vintage=2022) is None


def test_key_figures_are_created_then_updated_in_place():
    area, _ = services.save_area(code="GM1681", vintage=2024, name="Borger-Odoorn")
    kwargs = {"reference_date": date(2024, 1, 1), "source": "CBS test"}
    assert services.save_key_figures(figures=[(area, "inhabitants", Decimal(26014))], **kwargs) == (
        1,
        0,
    )
    assert services.save_key_figures(figures=[(area, "inhabitants", Decimal(26014))], **kwargs) == (
        0,
        0,
    )
    assert services.save_key_figures(figures=[(area, "inhabitants", Decimal(26015))], **kwargs) == (
        0,
        1,
    )
    assert KeyFigure.objects.get(area=area).value == 26015


def test_region_members_are_replaced():
    spec = RegionSpec("boce", "BOCE", "", "seed 000", ("GM0109", "GM0114", "GM1681"))
    services.save_region(spec=spec)
    services.save_region(spec=RegionSpec("boce", "BOCE", "", "seed 000", ("GM0114", "GM1680")))
    region = Region.objects.get(slug="boce")
    assert sorted(region.members.values_list("municipality_code", flat=True)) == [
        "GM0114",
        "GM1680",
    ]
