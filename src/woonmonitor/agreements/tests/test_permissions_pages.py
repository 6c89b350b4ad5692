"""Who may read and write on the agreement pages, as a matrix over the fixed cast of users.

Reading: published agreements are public; drafts are 404 for outsiders and
anonymous visitors, 200 for the parties and the province.
Writing: a logged-in user who may see a published agreement but not do this
gets 403; anonymous visitors are sent to the login page; a draft they cannot
see is a 404.
"""

from __future__ import annotations

import pytest
from conftest import CAST
from django.urls import reverse

from woonmonitor.agreements.models import Comment, ProgressReport, RealisedFigure

pytestmark = pytest.mark.django_db

PARTIES_AND_PROVINCE = {
    "municipality_editor",
    "association_editor",
    "tenants_member",
    "province_reader",
}


def get_urls(data) -> list[str]:
    agreement = data["agreement"]
    pk = agreement.pk
    return [
        reverse("agreements:detail", args=[pk]),
        reverse("agreements:commitment", args=[pk, data["lefier_commitment"].pk]),
        reverse("agreements:realised", args=[pk]),
        reverse("agreements:compare", args=[pk]),
        reverse("agreements:commitments-csv", args=[pk]),
        reverse("agreements:targets-csv", args=[pk]),
        reverse("agreements:table-csv", args=[pk, data["table"].key]),
        reverse("agreements:realised-csv", args=[pk]),
    ]


@pytest.mark.parametrize("who", CAST)
def test_published_pages_open_for_everyone(client_for, published, who):
    client = client_for(who)
    for url in get_urls(published):
        response = client.get(url)
        assert response.status_code == 200, (who, url)
    assert client.get(reverse("agreements:list")).status_code == 200
    assert client.get(reverse("agreements:organisation", args=["lefier"])).status_code == 200


@pytest.mark.parametrize("who", CAST)
def test_drafts_only_for_parties_and_province(client_for, draft, who):
    client = client_for(who)
    expected = 200 if who in PARTIES_AND_PROVINCE else 404
    for url in get_urls(draft):
        assert client.get(url).status_code == expected, (who, url)
    listing = client.get(reverse("agreements:list")).content.decode()
    assert (reverse("agreements:detail", args=[draft["agreement"].pk]) in listing) == (
        expected == 200
    )


@pytest.mark.parametrize("who", CAST)
def test_organisation_page_hides_drafts(client_for, draft, who):
    response = client_for(who).get(reverse("agreements:organisation", args=["lefier"]))
    assert response.status_code == 200
    shows = draft["lefier_commitment"].content[:40] in response.content.decode()
    assert shows == (who in PARTIES_AND_PROVINCE)


def test_unknown_organisation_is_404(client):
    assert client.get(reverse("agreements:organisation", args=["bestaat-niet"])).status_code == 404


def test_unknown_table_and_commitment_of_other_agreement_are_404(client, published, draft):
    pk = published["agreement"].pk
    assert client.get(reverse("agreements:table-csv", args=[pk, "bestaat-niet"])).status_code == 404
    other = draft["lefier_commitment"].pk
    assert client.get(reverse("agreements:commitment", args=[pk, other])).status_code == 404


# ----------------------------------------------------------------------------- progress reports


def report(client, data, commitment_key="lefier_commitment", party="LF", agreement=None):
    agreement = agreement or data["agreement"]
    commitment = data[commitment_key]
    return client.post(
        reverse("agreements:commitment", args=[agreement.pk, commitment.pk]),
        {
            "action": "report",
            "report-party": data["parties"][party].pk,
            "report-year": 2024,
            "report-status": "on_track",
            "report-text": "Eerste woningen opgeleverd.",
        },
    )


def comment(client, data, party="HU"):
    return client.post(
        reverse(
            "agreements:commitment", args=[data["agreement"].pk, data["municipality_commitment"].pk]
        ),
        {
            "action": "comment",
            "comment-party": data["parties"][party].pk,
            "comment-kind": "advice",
            "comment-text": "Betrek de huurders eerder.",
        },
    )


def test_association_reports_on_its_own_commitment(client_for, published):
    response = report(client_for("association_editor"), published)
    commitment = published["lefier_commitment"]
    url = reverse("agreements:commitment", args=[published["agreement"].pk, commitment.pk])
    assert response.status_code == 302
    assert response["Location"] == url + "#voortgang"
    stored = ProgressReport.objects.get(commitment=commitment)
    assert (stored.party.abbreviation, stored.year, stored.status) == ("LF", 2024, "on_track")
    commitment.refresh_from_db()
    assert commitment.status == "on_track"


def test_association_cannot_report_on_municipality_commitment(client_for, published):
    response = report(client_for("association_editor"), published, "municipality_commitment", "BO")
    assert response.status_code == 403
    response = report(client_for("association_editor"), published, "municipality_commitment", "LF")
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ["tenants_member", "province_reader", "outsider"])
def test_others_may_not_report(client_for, published, who):
    assert report(client_for(who), published).status_code == 403
    assert not ProgressReport.objects.exists()


def test_anonymous_report_is_sent_to_login(client, published):
    response = report(client, published)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_nobody_reports_on_a_draft(client_for, draft, who):
    response = report(client_for(who), draft)
    assert response.status_code == (403 if who in PARTIES_AND_PROVINCE else 404)
    assert not ProgressReport.objects.exists()


def test_report_for_a_party_not_allowed_is_a_form_error(client_for, published):
    # the association editor may report on A1 for LF, but not claim to be the municipality
    response = report(client_for("association_editor"), published, party="BO")
    assert response.status_code == 200
    assert "Voor deze partij mag u hier niets melden." in response.content.decode()
    assert not ProgressReport.objects.exists()


# ----------------------------------------------------------------------------- comments


def test_tenants_comment(client_for, published):
    response = comment(client_for("tenants_member"), published)
    assert response.status_code == 302
    stored = Comment.objects.get()
    assert (stored.party.abbreviation, stored.kind) == ("HU", "advice")


@pytest.mark.parametrize(
    "who", ["municipality_editor", "association_editor", "province_reader", "outsider"]
)
def test_only_tenants_comment(client_for, published, who):
    assert comment(client_for(who), published, party="BO").status_code == 403
    assert not Comment.objects.exists()


def test_anonymous_comment_is_sent_to_login(client, published):
    response = comment(client, published)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_action_is_bad_request(client_for, published):
    url = reverse(
        "agreements:commitment", args=[published["agreement"].pk, published["lefier_commitment"].pk]
    )
    assert client_for("association_editor").post(url, {"action": "wissen"}).status_code == 400


# ----------------------------------------------------------------------------- realised figures


def figure(client, data, party="LF", value=12, year=2024):
    return client.post(
        reverse("agreements:realised", args=[data["agreement"].pk]),
        {
            "party": data["parties"][party].pk,
            "measure": "new_build",
            "year": year,
            "value": value,
            "note": "",
        },
    )


def test_association_enters_its_own_figure(client_for, published):
    response = figure(client_for("association_editor"), published)
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:realised", args=[published["agreement"].pk])
    stored = RealisedFigure.objects.get()
    assert (stored.party.abbreviation, stored.measure, stored.year, stored.value) == (
        "LF",
        "new_build",
        2024,
        12,
    )


def test_association_cannot_enter_figure_for_another_party(client_for, published):
    response = figure(client_for("association_editor"), published, party="BO")
    assert response.status_code == 200
    assert "Voor deze partij mag u hier niets melden." in response.content.decode()
    assert not RealisedFigure.objects.exists()


@pytest.mark.parametrize(
    "who", ["municipality_editor", "tenants_member", "province_reader", "outsider"]
)
def test_others_may_not_enter_figures(client_for, published, who):
    assert figure(client_for(who), published).status_code == 403
    assert not RealisedFigure.objects.exists()


def test_anonymous_figure_is_sent_to_login(client, published):
    response = figure(client, published)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_figures_on_an_invisible_draft_are_404(client_for, draft, who):
    assert figure(client_for(who), draft).status_code == 404


# ----------------------------------------------------------------------------- new edition


@pytest.mark.parametrize("who", CAST)
def test_new_edition_only_for_editors_of_a_party(client_for, published, who):
    client = client_for(who)
    url = reverse("agreements:new-edition", args=[published["agreement"].pk])
    response = client.post(url)
    if who in {"municipality_editor", "association_editor", "tenants_member"}:
        assert response.status_code == 302
        assert published["agreement"].next_edition.edition == 2024
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 403


def test_new_edition_is_post_only(client_for, published):
    url = reverse("agreements:new-edition", args=[published["agreement"].pk])
    assert client_for("municipality_editor").get(url).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_new_edition_of_invisible_draft_is_404(client_for, draft, who):
    url = reverse("agreements:new-edition", args=[draft["agreement"].pk])
    assert client_for(who).post(url).status_code == 404
