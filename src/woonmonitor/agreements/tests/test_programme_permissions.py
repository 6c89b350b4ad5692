"""Who may write on the province's programme, as a matrix over the fixed cast (plus a province
editor): only the province's editors set the status and progress of its actions, adopt and
publish it; municipality, association, tenants, a province reader and an outsider cannot.

The programme is built like the seed (one party: the province, lead of every action) with the
factories, so the matrix needs no seed file.
"""

from __future__ import annotations

import pytest
from conftest import CAST
from django.urls import reverse
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    MembershipFactory,
    PartyFactory,
    ThemeFactory,
    UserFactory,
)

from woonmonitor.accounts.models import OrganisationKind, Role
from woonmonitor.agreements import permissions
from woonmonitor.agreements.models import (
    AgreementKind,
    AgreementStatus,
    Comment,
    CommitmentStatus,
    ProgressReport,
)

pytestmark = pytest.mark.django_db

WHO = (*CAST, "province_editor")
WRITES = {"province_editor"}


def make_programme(organisations, status=AgreementStatus.PUBLISHED):
    province = organisations["province"]
    agreement = AgreementFactory(
        kind=AgreementKind.PROVINCIAL_PROGRAMME,
        title="Uitvoeringsprogramma Wonen",
        municipality=province,
        municipality_code="PV22",
        status=status,
    )
    party = PartyFactory(
        agreement=agreement,
        organisation=province,
        abbreviation="PD",
        name="provincie Drenthe",
        kind=OrganisationKind.PROVINCE,
    )
    theme = ThemeFactory(agreement=agreement, code="3", title="Impulsteam")
    action = CommitmentFactory(
        agreement=agreement,
        theme=theme,
        number="3.2",
        content="Aanstellen kwartiermaker",
        leads=[party],
    )
    return {"agreement": agreement, "party": party, "action": action}


@pytest.fixture
def users(cast, organisations):
    editor = UserFactory(username="provincie-bewerker")
    MembershipFactory(user=editor, organisation=organisations["province"], role=Role.EDITOR)
    return {**cast, "province_editor": editor}


@pytest.fixture
def as_user(client, users):
    def login(name: str):
        user = users[name]
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        return client

    return login


def _report(client, programme):
    action = programme["action"]
    return client.post(
        reverse("agreements:commitment", args=[programme["agreement"].pk, action.pk]),
        {
            "action": "report",
            "report-party": programme["party"].pk,
            "report-year": 2021,
            "report-status": "on_track",
            "report-text": "Kwartiermaker is aangesteld.",
        },
    )


@pytest.mark.parametrize("who", WHO)
def test_only_province_editors_set_the_status_of_an_action(as_user, organisations, who):
    programme = make_programme(organisations)
    response = _report(as_user(who), programme)
    action = programme["action"]
    action.refresh_from_db()
    if who in WRITES:
        assert response.status_code == 302
        assert action.status == CommitmentStatus.ON_TRACK
        report = ProgressReport.objects.get()
        assert (report.party, report.year) == (programme["party"], 2021)
    else:
        expected = 302 if who == "anonymous" else 403  # anonymous: to the login page
        assert response.status_code == expected
        if who == "anonymous":
            assert "/inloggen/" in response["Location"]
        assert action.status == CommitmentStatus.NOT_STARTED
        assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_nobody_comments_on_the_programme(as_user, organisations, who):
    """No tenants' organisation is a party to the province's programme."""
    programme = make_programme(organisations)
    action = programme["action"]
    response = as_user(who).post(
        reverse("agreements:commitment", args=[programme["agreement"].pk, action.pk]),
        {
            "action": "comment",
            "comment-party": programme["party"].pk,
            "comment-kind": "comment",
            "comment-text": "Graag sneller.",
        },
    )
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_who_reports_edits_adopts_and_publishes(users, organisations, who):
    user = users[who]
    published = make_programme(organisations)
    draft = make_programme(organisations, status=AgreementStatus.DRAFT)
    writes = who in WRITES
    assert bool(permissions.reporting_parties(user, published["action"])) == writes
    assert permissions.can_edit(user, draft["agreement"]) == writes
    assert permissions.signing_parties(user, draft["agreement"]) == (
        [draft["party"]] if writes else []
    )
    assert permissions.can_publish(user, draft["agreement"]) == writes
    assert permissions.figure_parties(user, published["agreement"]) == []
    assert permissions.commenting_parties(user, published["agreement"]) == []


@pytest.mark.parametrize("who", WHO)
def test_everyone_reads_the_published_programme(as_user, organisations, who):
    programme = make_programme(organisations)
    client = as_user(who)
    pk = programme["agreement"].pk
    assert client.get(reverse("agreements:detail", args=[pk])).status_code == 200
    url = reverse("agreements:commitment", args=[pk, programme["action"].pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", WHO)
def test_the_draft_programme_only_for_the_province(as_user, organisations, who):
    programme = make_programme(organisations, status=AgreementStatus.DRAFT)
    response = as_user(who).get(reverse("agreements:detail", args=[programme["agreement"].pk]))
    expected = 200 if who in {"province_reader", "province_editor"} else 404
    assert response.status_code == expected


def test_a_province_editor_does_not_write_for_municipal_agreements(users, organisations):
    """The province reads every agreement but is no party to prestatieafspraken."""
    from .conftest import make_agreement

    data = make_agreement(organisations, status=AgreementStatus.DRAFT)
    editor = users["province_editor"]
    assert not permissions.can_edit(editor, data["agreement"])
    assert not permissions.can_publish(editor, data["agreement"])
    assert permissions.signing_parties(editor, data["agreement"]) == []
