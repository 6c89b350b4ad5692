"""A party acts only for itself: linking parties, signing off and publishing, as attacks.

Each test is an attack a party's editor could try on a draft (or a published agreement) with
the fixed cast: re-link another party to its own organisation, sign off for another party,
publish alone, keep an old sign-off after changing the draft. None may succeed, and what was
there stays as it was.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.factories import MembershipFactory, OrganisationFactory

from woonmonitor.agreements import services
from woonmonitor.agreements.models import AgreementStatus, Flag, SignOff

from .conftest import make_agreement

PARTY_OF = {"municipality_editor": "BO", "association_editor": "LF", "tenants_member": "HU"}
EDITORS = list(PARTY_OF)


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_user("platformbeheerder", is_staff=True)


def _link_url(draft, abbreviation: str) -> str:
    party = draft["parties"][abbreviation]
    return reverse("agreements:link-party", args=[draft["agreement"].pk, party.pk])


def _sign(client, draft, party_abbreviation: str, decision="agreed", note="", revision=None):
    agreement = draft["agreement"]
    agreement.refresh_from_db()
    return client.post(
        reverse("agreements:sign-off", args=[agreement.pk]),
        {
            "party": draft["parties"][party_abbreviation].pk,
            "decision": decision,
            "note": note,
            "revision": revision or agreement.revision,
        },
    )


def _all_sign(client_for, draft):
    for name, abbreviation in PARTY_OF.items():
        assert _sign(client_for(name), draft, abbreviation).status_code == 302


# ----------------------------------------------------------------------------- linking


@pytest.mark.parametrize("name", EDITORS)
@pytest.mark.parametrize("target", ["BO", "LF", "HU"])
def test_no_party_editor_relinks_a_party(client_for, draft, organisations, name, target):
    """The attack of the issue: link another party to one's own organisation, then act for it."""
    own = organisations[
        {"BO": "municipality", "LF": "association", "HU": "tenants"}[PARTY_OF[name]]
    ]
    before = {p.abbreviation: p.organisation_id for p in draft["agreement"].parties.all()}
    party = draft["parties"][target]
    response = client_for(name).post(
        _link_url(draft, target), {f"partij-{party.pk}-organisation": own.pk}
    )
    assert response.status_code == 403
    after = {p.abbreviation: p.organisation_id for p in draft["agreement"].parties.all()}
    assert after == before


def test_admin_links_only_to_an_organisation_of_the_kind_that_is_no_other_party(
    client, draft, organisations, admin
):
    client.force_login(admin)
    hu = draft["parties"]["HU"]
    url = _link_url(draft, "HU")
    # Lefier is a housing association and already party LF: both refused, HU unchanged
    response = client.post(url, {f"partij-{hu.pk}-organisation": organisations["association"].pk})
    assert response.status_code == 302
    hu.refresh_from_db()
    assert hu.organisation == organisations["tenants"]
    other_tenants = OrganisationFactory(slug="samen-sterk", kind="tenants_organisation")
    assert client.post(url, {f"partij-{hu.pk}-organisation": other_tenants.pk}).status_code == 302
    hu.refresh_from_db()
    assert hu.organisation == other_tenants


def test_service_refuses_a_second_party_for_one_organisation(draft, organisations, admin):
    with pytest.raises(services.AgreementError, match="al gekoppeld aan partij LF"):
        services.link_party(
            party=draft["parties"]["HU"].__class__.objects.create(
                agreement=draft["agreement"],
                abbreviation="WS",
                name="Woonservice",
                kind="housing_association",
            ),
            user=admin,
            organisation=organisations["association"],
        )


def test_admin_never_links_to_an_organisation_they_belong_to(client, draft, organisations):
    member_admin = get_user_model().objects.create_user("beheerder-en-lid", is_staff=True)
    MembershipFactory(user=member_admin, organisation=organisations["tenants"], role="editor")
    client.force_login(member_admin)
    hu = draft["parties"]["HU"]
    hu.organisation = None
    hu.save()
    page = client.get(reverse("agreements:review", args=[draft["agreement"].pk]))
    assert organisations["tenants"].name not in _options(page, f"partij-{hu.pk}-organisation")
    response = client.post(
        _link_url(draft, "HU"), {f"partij-{hu.pk}-organisation": organisations["tenants"].pk}
    )
    assert response.status_code in (302, 403)
    hu.refresh_from_db()
    assert hu.organisation is None


def _options(page, name: str) -> str:
    text = page.content.decode()
    start = text.find(f'name="{name}"')
    return text[start : text.find("</select>", start)] if start >= 0 else ""


@pytest.mark.parametrize("name", EDITORS)
def test_a_party_editor_does_not_confirm_a_party_link(client_for, draft, name):
    flag = Flag.objects.create(
        agreement=draft["agreement"],
        party=draft["parties"]["LF"],
        field="organisation",
        kind=Flag.Kind.INFERRED,
        raw="Lefier",
        note="gekoppeld op grond van de naam",
    )
    url = reverse("agreements:confirm-flag", args=[draft["agreement"].pk, flag.pk])
    assert client_for(name).post(url).status_code == 403
    flag.refresh_from_db()
    assert flag.confirmed_at is None


# ----------------------------------------------------------------------------- signing off


@pytest.mark.parametrize("name", EDITORS)
def test_each_party_signs_off_only_for_itself(client_for, draft, name, cast):
    client = client_for(name)
    for abbreviation in ("BO", "LF", "HU"):
        _sign(client, draft, abbreviation)
    signed = set(draft["agreement"].sign_offs.values_list("party__abbreviation", flat=True))
    assert signed == {PARTY_OF[name]}
    assert draft["agreement"].sign_offs.get().author == cast[name]


@pytest.mark.parametrize(
    ("name", "status"), [("province_reader", 403), ("outsider", 404), ("anonymous", 404)]
)
def test_others_cannot_sign_off(client_for, draft, name, status):
    assert _sign(client_for(name), draft, "BO").status_code == status
    assert not draft["agreement"].sign_offs.exists()


def test_a_changed_draft_needs_every_sign_off_again(client_for, draft, cast):
    _all_sign(client_for, draft)
    agreement = draft["agreement"]
    assert services.publication_blockers(agreement) == []
    # the association changes its own commitment after everyone agreed
    services.update_commitment(
        commitment=draft["lefier_commitment"], user=cast["association_editor"], content="Minder"
    )
    agreement.refresh_from_db()
    assert services.publication_blockers(agreement) == [
        "Nog geen akkoord op deze versie van: BO, LF, HU."
    ]
    response = client_for("municipality_editor").post(
        reverse("agreements:publish", args=[agreement.pk])
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_sign_off_on_a_version_someone_changed_is_refused(client_for, draft, cast):
    agreement = draft["agreement"]
    seen = agreement.revision
    services.update_commitment(
        commitment=draft["lefier_commitment"], user=cast["association_editor"], content="Minder"
    )
    response = _sign(client_for("tenants_member"), draft, "HU", revision=seen)
    assert response.status_code == 302
    assert not agreement.sign_offs.exists()
    page = client_for("tenants_member").get(response["Location"])
    assert "Het concept is gewijzigd nadat u het opende" in page.content.decode()


def test_a_reservation_needs_its_reason_and_is_kept(client_for, draft):
    client = client_for("tenants_member")
    _sign(client, draft, "HU", decision="reservation")
    assert not draft["agreement"].sign_offs.exists()
    _sign(client, draft, "HU", decision="reservation", note="Huurverhoging te hoog")
    sign_off = draft["agreement"].sign_offs.get()
    assert (sign_off.decision, sign_off.note) == ("reservation", "Huurverhoging te hoog")


def test_an_objection_blocks_publication(client_for, draft):
    _all_sign(client_for, draft)
    _sign(client_for("tenants_member"), draft, "HU", decision="objected", note="Niet eens")
    agreement = draft["agreement"]
    assert "Niet akkoord: HU." in services.publication_blockers(agreement)
    client_for("municipality_editor").post(reverse("agreements:publish", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_only_an_administrator_records_a_signed_document(client_for, client, draft, admin):
    url = reverse("agreements:signed-document", args=[draft["agreement"].pk])
    for name in EDITORS:
        assert client_for(name).post(url, {"note": "ondertekend"}).status_code == 403
    assert not draft["agreement"].sign_offs.exists()
    client.force_login(admin)
    assert client.post(url, {"note": "ondertekend op 2 oktober 2023"}).status_code == 302
    assert set(draft["agreement"].sign_offs.values_list("basis", flat=True)) == {
        SignOff.Basis.SIGNED_DOCUMENT
    }


def test_the_service_refuses_a_document_signature_by_a_party(draft, cast):
    with pytest.raises(services.AgreementError, match="beheerder"):
        services.sign_off(
            agreement=draft["agreement"],
            party=draft["parties"]["BO"],
            user=cast["tenants_member"],
            decision="agreed",
            basis=SignOff.Basis.SIGNED_DOCUMENT,
        )


# ----------------------------------------------------------------------------- publishing


@pytest.mark.parametrize("name", ["association_editor", "tenants_member"])
def test_no_other_party_publishes_even_when_all_agreed(client_for, draft, name):
    _all_sign(client_for, draft)
    response = client_for(name).post(reverse("agreements:publish", args=[draft["agreement"].pk]))
    assert response.status_code == 403
    draft["agreement"].refresh_from_db()
    assert draft["agreement"].status == AgreementStatus.DRAFT


def test_the_municipality_publishes_when_all_agreed(client_for, draft):
    _all_sign(client_for, draft)
    response = client_for("municipality_editor").post(
        reverse("agreements:publish", args=[draft["agreement"].pk])
    )
    assert response.status_code == 302
    draft["agreement"].refresh_from_db()
    assert draft["agreement"].status == AgreementStatus.PUBLISHED


def test_a_tenants_editor_cannot_archive_the_signed_edition(client_for, organisations, cast):
    """The attack of the issue: start a new edition and publish it alone."""
    signed = make_agreement(organisations)["agreement"]
    client = client_for("tenants_member")
    response = client.post(reverse("agreements:new-edition", args=[signed.pk]))
    assert response.status_code == 302
    copy = signed.next_edition
    _sign(client, {"agreement": copy, "parties": _parties(copy)}, "HU")
    assert client.post(reverse("agreements:publish", args=[copy.pk])).status_code == 403
    signed.refresh_from_db()
    copy.refresh_from_db()
    assert (signed.status, copy.status) == (AgreementStatus.PUBLISHED, AgreementStatus.DRAFT)


def _parties(agreement) -> dict:
    return {party.abbreviation: party for party in agreement.parties.all()}


def test_a_party_linked_by_nobody_cannot_be_acted_for(client_for, organisations):
    """A published agreement: each editor reports and enters figures only for its own party."""
    published = make_agreement(organisations)
    agreement = published["agreement"]
    client = client_for("tenants_member")
    url = reverse("agreements:realised", args=[agreement.pk])
    data = {
        "party": published["parties"]["LF"].pk,
        "measure": "new_build",
        "year": 2024,
        "value": 5,
    }
    assert client.post(url, data).status_code == 403
    assert not agreement.realised_figures.exists()
