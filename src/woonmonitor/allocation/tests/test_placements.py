"""Recording placements: who may, where, corrections with history, and the demo figures."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from tests.factories import GroupFactory, MembershipFactory, OrganisationFactory, UserFactory

from woonmonitor.accounts.models import OrganisationKind, Role
from woonmonitor.allocation import placements
from woonmonitor.allocation.models import Placement


@pytest.fixture
def group(db):
    return GroupFactory(key="statushouders", name="Statushouders")


def record(user, organisation, group, **kwargs):
    values = {"municipality_code": "GM1681", "year": 2023, "month": 3, "count": 4}
    values.update(kwargs)
    return placements.record_placement(user=user, organisation=organisation, group=group, **values)


def test_a_municipality_records_for_itself(cast, organisations, group):
    placement = record(cast["municipality_editor"], organisations["municipality"], group)
    assert placement.author == cast["municipality_editor"] and placement.corrects is None
    assert not placement.is_demo


def test_a_municipality_may_not_record_elsewhere(cast, organisations, group):
    with pytest.raises(placements.PlacementError, match="eigen gemeente"):
        record(
            cast["municipality_editor"],
            organisations["municipality"],
            group,
            municipality_code="GM0114",
        )


def test_an_association_records_only_where_it_works(cast, organisations, group):
    lefier = organisations["association"]  # works in GM1681 (the cast)
    record(cast["association_editor"], lefier, group)
    with pytest.raises(placements.PlacementError, match="werkt niet in GM0114"):
        record(cast["association_editor"], lefier, group, municipality_code="GM0114", month=4)
    lefier.working_area_codes = []
    lefier.save()
    with pytest.raises(placements.PlacementError, match="werkgebied van Lefier is nog niet"):
        record(cast["association_editor"], lefier, group, month=5)


@pytest.mark.parametrize(
    ("name", "org"),
    [
        ("tenants_member", "tenants"),
        ("province_reader", "province"),
        ("outsider", "municipality"),
        ("anonymous", "municipality"),
        ("association_editor", "municipality"),
        ("province_reader", "municipality"),
    ],
)
def test_others_may_not_record(cast, organisations, group, name, org):
    with pytest.raises(PermissionDenied):
        record(cast[name], organisations[org], group)
    assert not Placement.objects.exists()


def test_a_reader_of_a_municipality_may_not_record(organisations, group):
    reader = UserFactory()
    MembershipFactory(user=reader, organisation=organisations["municipality"], role=Role.READER)
    with pytest.raises(PermissionDenied):
        record(reader, organisations["municipality"], group)


def test_a_province_admin_is_refused(db, group):
    province = OrganisationFactory(kind=OrganisationKind.PROVINCE, area_code="PV22")
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=province, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        record(admin, province, group)


def test_a_correction_is_a_new_record(cast, organisations, group):
    user, org = cast["municipality_editor"], organisations["municipality"]
    first = record(user, org, group, count=4)
    same = record(user, org, group, count=4)
    assert same == first  # nothing changed, nothing recorded
    second = record(user, org, group, count=6, note="telfout")
    assert second.corrects == first
    third = record(user, org, group, count=5)
    assert third.corrects == second
    assert Placement.objects.count() == 3
    assert list(Placement.objects.current()) == [third]
    found = placements.placements_by_month(group=group, codes=["GM1681"])
    assert found == {("GM1681", 2023, 3): [third]}
    assert len(placements.history(group=group, code="GM1681")) == 3


def test_a_wijk_is_a_separate_figure_and_must_lie_in_the_municipality(cast, organisations, group):
    user, org = cast["municipality_editor"], organisations["municipality"]
    record(user, org, group)
    in_wijk = record(user, org, group, area_code="wk168100")
    assert in_wijk.corrects is None and in_wijk.area_code == "WK168100"
    with pytest.raises(placements.PlacementError, match="ligt niet in"):
        record(user, org, group, area_code="WK011400")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"month": 13}, "tussen 1 en 12"),
        ({"year": 2999}, "nog moet beginnen"),
        ({"count": -1}, "negatief"),
    ],
)
def test_impossible_figures(cast, organisations, group, changes, message):
    with pytest.raises(placements.PlacementError, match=message):
        record(cast["municipality_editor"], organisations["municipality"], group, **changes)


def test_demo_placements_are_marked_and_idempotent(organisations, group):
    text = placements.load_demo_placements()
    demo = Placement.objects.filter(municipality_code="GM1681")
    assert demo.count() == 12 and all(p.is_demo for p in demo)
    assert {(p.year, p.month) for p in demo} == set(placements.DEMO_PATTERN)
    assert "12 demonstratieplaatsingen nieuw" in text and "GM0114" in text  # no organisation
    placements.load_demo_placements()
    assert Placement.objects.count() == 12


def test_demo_never_corrects_a_real_figure(cast, organisations, group):
    real = record(
        cast["municipality_editor"], organisations["municipality"], group, year=2022, month=7
    )
    placements.load_demo_placements()
    real.refresh_from_db()
    assert not hasattr(real, "correction") or real.correction is None
    assert Placement.objects.current().filter(year=2022, month=7).get() == real


def test_may_enter(cast):
    assert placements.may_enter(cast["municipality_editor"])
    assert placements.may_enter(cast["association_editor"])
    for name in ("tenants_member", "province_reader", "outsider", "anonymous"):
        assert not placements.may_enter(cast[name])
