"""Possible duplicates across sources: which pairs are open, who sees the review page, and
what "zelfde plan" and "twee plannen" do (the later one counts nowhere; the pair goes away)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from woonmonitor.programming.duplicates_review import decide, open_pairs, pairs_among
from woonmonitor.programming.models import DuplicateDecision, Project, Publicity

URL = "/woningbouw/dubbelingen/"


@pytest.fixture
def pair(make_project):
    first = make_project(name="Plan De Es", source="planlijst", source_id="1:GM1681:plan de es")
    second = make_project(
        name="plan de-es", source="woningbouwkaart", source_id="900001", publicity="partijen"
    )
    make_project(name="Plan Elders")  # no pair
    return first, second


def test_pairs_are_found_across_sources_and_demo_stays_apart(pair, make_project):
    first, second = pair
    make_project(name="Plan De Es", is_demo=True, source="demo")
    (found,) = open_pairs(["GM1681"])
    assert (found.first, found.second) == (first, second)
    assert found.reasons == ("zelfde naam en gemeente",)
    assert pairs_among(Project.objects.filter(is_demo=True)) == []
    assert open_pairs(["GM0106"]) == []


def test_three_of_a_kind_give_three_pairs(pair, make_project):
    make_project(name="PLAN DE ES", source="formulier")
    assert len(open_pairs(["GM1681"])) == 3


def test_same_plan_marks_the_later_one_and_it_counts_nowhere(pair, cast):
    first, second = pair
    decide(user=cast["municipality_editor"], first=second, second=first, same=True)
    second.refresh_from_db()
    assert second.duplicate_of == first
    assert second not in Project.objects.real() and first in Project.objects.real()
    version = second.versions.order_by("-number").first()
    assert version.number == 2 and version.data["duplicate_of"] == first.pk
    assert "zelfde plan als 'Plan De Es'" in version.reason
    decision = DuplicateDecision.objects.get()
    assert decision.same and decision.organisation.area_code == "GM1681"
    assert open_pairs(["GM1681"]) == []


def test_two_plans_is_recorded_and_not_shown_again(pair, cast):
    first, second = pair
    decide(user=cast["municipality_editor"], first=first, second=second, same=False)
    assert open_pairs(["GM1681"]) == []
    first.refresh_from_db(), second.refresh_from_db()
    assert first.duplicate_of is None and second.duplicate_of is None


@pytest.mark.parametrize("who", ["association_editor", "province_reader", "tenants_member"])
def test_only_the_municipality_decides(pair, cast, who):
    with pytest.raises(PermissionDenied):
        decide(user=cast[who], first=pair[0], second=pair[1], same=True)
    assert not DuplicateDecision.objects.exists()


EXPECTED = {
    "municipality_editor": 200,
    "association_editor": 200,  # a party in Borger-Odoorn
    "tenants_member": 404,
    "province_reader": 200,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), EXPECTED.items())
def test_the_review_page_for_the_cast(pair, client_for, who, status):
    response = client_for(who).get(URL)
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Plan De Es" in page and "plan de-es" in page
        assert ("Zelfde plan</button>" in page) == (who == "municipality_editor")
    if status == 302:
        assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("association_editor", 403), ("province_reader", 403), ("outsider", 404)],
)
def test_others_cannot_decide_on_the_page(pair, client_for, who, status):
    data = {"first": pair[0].pk, "second": pair[1].pk, "besluit": "zelfde"}
    assert client_for(who).post(URL, data).status_code == status
    assert not DuplicateDecision.objects.exists()


def test_the_municipality_decides_on_the_page(pair, client_for):
    client = client_for("municipality_editor")
    data = {"first": pair[0].pk, "second": pair[1].pk, "besluit": "zelfde"}
    response = client.post(URL, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "telt niet meer mee" in page
    assert "Er zijn geen mogelijke dubbelingen te beoordelen." in page
    assert Project.objects.get(pk=pair[1].pk).duplicate_of_id == pair[0].pk
    # deciding again on a pair that is gone changes nothing
    client.post(URL, {**data, "besluit": "twee"})
    assert DuplicateDecision.objects.count() == 1


def test_a_project_the_user_may_not_see_is_not_shown(make_project, client_for, organisations):
    make_project(name="Plan Geheim", municipality_code="GM0106", publicity=Publicity.PARTIES)
    make_project(
        name="Plan Geheim",
        municipality_code="GM0106",
        publicity=Publicity.PARTIES,
        source="woningbouwkaart",
        source_id="9",
    )
    page = client_for("association_editor").get(URL).content.decode()
    assert "Plan Geheim" not in page
    assert "Plan Geheim" in client_for("province_reader").get(URL).content.decode()
