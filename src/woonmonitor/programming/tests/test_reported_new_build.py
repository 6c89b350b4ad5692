"""Realisation shows the new-build associations report in published agreements beside CBS."""

from __future__ import annotations

import pytest
from tests.factories import AgreementFactory, PartyFactory, UserFactory

from woonmonitor.agreements.models import AgreementStatus, RealisedFigure
from woonmonitor.agreements.production import reported_new_build


def _agreement(organisations, status):
    agreement = AgreementFactory(
        title=f"Prestatieafspraken Borger-Odoorn ({status})",
        municipality=organisations["municipality"],
        status=status,
        edition=2024 if status == AgreementStatus.PUBLISHED else 2025,
    )
    party = PartyFactory(
        agreement=agreement, organisation=organisations["association"], name="Lefier"
    )
    return agreement, party


@pytest.mark.django_db
def test_only_published_current_figures_count(organisations):
    author = UserFactory()
    published, party = _agreement(organisations, AgreementStatus.PUBLISHED)
    draft, draft_party = _agreement(organisations, AgreementStatus.DRAFT)
    first = RealisedFigure.objects.create(
        agreement=published, party=party, measure="new_build", year=2024, value=10, author=author
    )
    RealisedFigure.objects.create(
        agreement=published,
        party=party,
        measure="new_build",
        year=2024,
        value=12,
        author=author,
        corrects=first,
    )
    RealisedFigure.objects.create(
        agreement=draft, party=draft_party, measure="new_build", year=2024, value=99, author=author
    )
    RealisedFigure.objects.create(
        agreement=published, party=party, measure="demolition", year=2024, value=5, author=author
    )
    found = reported_new_build(["GM1681"])
    assert found["GM1681"][2024].homes == 12
    assert found["GM1681"][2024].parties == ("Lefier",)
    assert set(found["GM1681"]) == {2024}
