"""The province's programme goes through the same import, review and publication as an agreement.

A province admin uploads the Uitvoeringsprogramma Wonen (seed 000), confirms what the importer
inferred, adopts it for the province (the sign-off of its only party) and publishes it, as a
municipality admin does with prestatieafspraken. The demo loader does the same, once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from woonmonitor.accounts.models import Role
from woonmonitor.agreements import services
from woonmonitor.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CommitmentStatus,
    ProgressReport,
)

SEED = Path(__file__).resolve().parents[5] / "shared" / "seeds" / "000_e1cad4dc2678b261.txt"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SEED.is_file(), reason="seed 000 is not beside the checkout"),
]


def _member(organisations, key: str, role: str, username: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisations[key], role=role)
    return user


def _upload(client):
    return client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes(), "text/plain")},
    )


def test_a_province_admin_imports_reviews_adopts_and_publishes_the_programme(client, organisations):
    admin = _member(organisations, "province", Role.ADMIN, "provincie-beheerder")
    client.force_login(admin)
    response = _upload(client)
    agreement = Agreement.objects.get()
    review_url = reverse("agreements:review", args=[agreement.pk])
    assert (response.status_code, response["Location"]) == (302, review_url)

    # stored as the province's programme: the province owns it and is its only party
    assert agreement.kind == AgreementKind.PROVINCIAL_PROGRAMME
    assert agreement.municipality == organisations["province"]
    assert agreement.municipality_code == "PV22"
    assert (agreement.edition, agreement.date_text) == (2021, "December 2020")
    party = agreement.parties.get()
    assert (party.kind, party.organisation) == ("province", organisations["province"])
    assert agreement.themes.count() == 7
    assert agreement.commitments.count() == 26
    assert all(
        list(c.leads.all()) == [party] for c in agreement.commitments.prefetch_related("leads")
    )
    # no status or progress is invented: the text reports none
    assert not ProgressReport.objects.exists()
    assert set(agreement.commitments.values_list("status", flat=True)) == {
        CommitmentStatus.NOT_STARTED
    }
    assert sorted(agreement.flags.values_list("field", flat=True)) == [
        "leads",
        "period_end",
        "period_start",
    ]
    assert agreement.import_run.adds_up

    page = client.get(review_url).content.decode()
    assert "provinciaal programma" in page
    assert "alleen de provincie geeft akkoord" in page

    # publishing waits for the review and the province's own decision
    client.post(reverse("agreements:publish", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    for flag in agreement.flags.all():
        url = reverse("agreements:confirm-flag", args=[agreement.pk, flag.pk])
        assert client.post(url).status_code == 302
    response = client.post(
        reverse("agreements:sign-off", args=[agreement.pk]),
        {
            "party": party.pk,
            "decision": "agreed",
            "note": "",
            "revision": agreement.revision,
        },
    )
    assert response.status_code == 302
    assert agreement.sign_offs.get().party == party
    response = client.post(reverse("agreements:publish", args=[agreement.pk]))
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PUBLISHED
    assert services.publisher_label(agreement) == "Provincie Drenthe"

    # public pages say what it is
    client.logout()
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Provinciaal programma · Provincie Drenthe" in detail
    assert "eigen programma van Provincie Drenthe" in detail
    assert "Acties per instrument" in detail
    assert "Ontwikkeling wijk- en dorpsmonitor" in detail
    listing = client.get(reverse("agreements:list")).content.decode()
    assert "Provinciaal programma" in listing
    assert "Uitvoeringsprogramma Wonen, Drentse Woonagenda" in listing


def test_a_municipality_admin_cannot_import_the_province_programme(client, organisations):
    admin = _member(organisations, "municipality", Role.ADMIN, "gemeente-beheerder")
    client.force_login(admin)
    response = _upload(client)
    assert response.status_code == 200
    assert "geen bewerker bij een van de partijen" in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_unknown_province_changes_nothing(client, organisations):
    admin = _member(organisations, "province", Role.ADMIN, "provincie-beheerder")
    client.force_login(admin)
    text = SEED.read_text(encoding="utf-8").replace("provincie Drenthe", "provincie Atlantis")
    response = client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile("atlantis.txt", text.encode("utf-8"))},
    )
    assert response.status_code == 200
    assert "Provincie &#x27;provincie Atlantis&#x27; is niet bekend" in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_admin_cannot_link_the_programme_to_another_organisation(organisations):
    agreement = services.import_agreement_file(path=SEED)
    staff = UserFactory(username="platform", is_staff=True)
    with pytest.raises(services.AgreementError, match="alleen die organisatie is partij"):
        services.link_party(
            party=agreement.parties.get(), user=staff, organisation=_other_province()
        )


def _other_province():
    return OrganisationFactory(
        slug="provincie-groningen", name="Provincie Groningen", kind="province"
    )


def test_the_demo_loader_publishes_the_programme_once(db, settings):
    call_command("load_organisations", verbosity=0)
    call_command("load_demo_agreements", stdout=_Null(), stderr=_Null())
    call_command("load_demo_agreements", stdout=_Null(), stderr=_Null())
    programmes = Agreement.objects.filter(kind=AgreementKind.PROVINCIAL_PROGRAMME)
    assert programmes.count() == 1
    programme = programmes.get()
    assert programme.status == AgreementStatus.PUBLISHED
    assert programme.municipality.slug == "provincie-drenthe"
    assert programme.commitments.count() == 26
    assert programme.sign_offs.get().note.startswith("Uitgave van de provincie zelf")
    assert not ProgressReport.objects.filter(commitment__agreement=programme).exists()
    # the prestatieafspraken stay what they were
    assert Agreement.objects.filter(kind=AgreementKind.PERFORMANCE).count() == 2


class _Null:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass
