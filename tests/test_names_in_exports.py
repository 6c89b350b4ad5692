"""Public pages and downloads name organisations, never the people who entered or published.

Who works where is not public: the names of people are shown to the parties of the agreement,
the province and staff only, as the pages already did. Every download an anonymous visitor
can get is searched for the names and user names of the cast who wrote something.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from woonmonitor.agreements import services
from woonmonitor.agreements.tests.conftest import make_agreement

NAMES = ("Petra", "Jansen", "gemeente-bewerker", "corporatie-bewerker", "huurders-lid")


@pytest.fixture
def written(organisations, cast):
    """A published agreement where every party wrote something and the municipality published."""
    editor = cast["municipality_editor"]
    editor.first_name, editor.last_name = "Petra", "Jansen"
    editor.save()
    data = make_agreement(organisations)
    agreement = data["agreement"]
    agreement.published_by = editor
    agreement.save()
    services.report_progress(
        commitment=data["lefier_commitment"],
        party=data["parties"]["LF"],
        user=cast["association_editor"],
        year=2024,
        status="on_track",
        text="In aanbouw.",
    )
    services.add_comment(
        commitment=data["lefier_commitment"],
        party=data["parties"]["HU"],
        user=cast["tenants_member"],
        kind="advice",
        text="Let op de huur.",
    )
    services.record_realised(
        agreement=agreement,
        party=data["parties"]["LF"],
        user=cast["association_editor"],
        measure="new_build",
        year=2024,
        value=12,
    )
    return data


def _text(response) -> str:
    assert response.status_code == 200
    content = response.content
    if content[:2] == b"PK":  # a workbook: its XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return " ".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return content.decode("utf-8", "replace")


def _public_urls(data) -> list[str]:
    pk = data["agreement"].pk
    commitment = data["lefier_commitment"].pk
    return [
        reverse("agreements:detail", args=[pk]),
        reverse("agreements:commitment", args=[pk, commitment]),
        reverse("agreements:realised", args=[pk]),
        reverse("agreements:realised-csv", args=[pk]),
        reverse("agreements:commitments-csv", args=[pk]),
        reverse("agreements:targets-csv", args=[pk]),
        reverse("agreements:workbook", args=[pk]),
        reverse("reports:progress-xlsx", args=[pk]) + "?jaar=2024",
        f"/api/v1/agreements/{pk}/",
        f"/api/v1/agreements/{pk}/commitments/{commitment}/",
        f"/api/v1/agreements/{pk}/realised/",
    ]


@pytest.mark.parametrize("name", ["anonymous", "outsider"])
def test_no_person_in_what_the_public_gets(client_for, written, name):
    client = client_for(name)
    for url in _public_urls(written):
        text = _text(client.get(url))
        for person in NAMES:
            assert person not in text, (url, person)


def test_the_report_names_the_publishing_municipality(client, written):
    text = _text(
        client.get(reverse("reports:progress-xlsx", args=[written["agreement"].pk]) + "?jaar=2024")
    )
    assert "Gemeente Borger-Odoorn" in text


def test_parties_do_see_who_wrote_what(client_for, written):
    text = _text(
        client_for("tenants_member").get(
            reverse("agreements:realised-csv", args=[written["agreement"].pk])
        )
    )
    assert "corporatie-bewerker" in text
