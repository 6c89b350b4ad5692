"""An agreement between the cast's organisations, for page, API and permission tests.

Borger-Odoorn (municipality_editor's organisation) is the municipality, Lefier
(association_editor's) a housing association, 't Huurdertje (tenants_member's) a
tenants' organisation. The province and the outsider are not parties.
"""

from __future__ import annotations

import pytest
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    NumberCellFactory,
    NumberTableFactory,
    PartyFactory,
    TargetFactory,
    ThemeFactory,
)

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.agreements.models import AgreementStatus


def make_agreement(organisations, status=AgreementStatus.PUBLISHED):
    agreement = AgreementFactory(
        municipality=organisations["municipality"], municipality_code="GM1681", status=status
    )
    parties = {
        "BO": PartyFactory(
            agreement=agreement,
            organisation=organisations["municipality"],
            abbreviation="BO",
            kind=OrganisationKind.MUNICIPALITY,
        ),
        "LF": PartyFactory(
            agreement=agreement,
            organisation=organisations["association"],
            abbreviation="LF",
            kind=OrganisationKind.HOUSING_ASSOCIATION,
        ),
        "HU": PartyFactory(
            agreement=agreement,
            organisation=organisations["tenants"],
            abbreviation="HU",
            kind=OrganisationKind.TENANTS_ORGANISATION,
        ),
    }
    theme = ThemeFactory(agreement=agreement, code="A", title="Voldoende betaalbare woningen")
    led_by_lefier = CommitmentFactory(
        agreement=agreement, theme=theme, number="A1", leads=[parties["LF"]]
    )
    led_by_municipality = CommitmentFactory(
        agreement=agreement,
        theme=theme,
        number="A3",
        leads=[parties["BO"]],
        content="Gemeente betrekt corporaties bij de Omgevingsvisie.",
    )
    table = NumberTableFactory(
        agreement=agreement,
        key="production-lf",
        party=parties["LF"],
        columns=["Borger-Odoorn", "2023", "2024"],
    )
    NumberCellFactory(
        table=table, row=0, col=0, column="2023", raw="30", value=30, year=2023, party=parties["LF"]
    )
    NumberCellFactory(
        table=table, row=0, col=1, column="2024", raw="20", value=20, year=2024, party=parties["LF"]
    )
    TargetFactory(
        commitment=led_by_lefier,
        measure="new_build",
        value=40,
        unit="woningen",
        planned_measure="new_build",
        scope=parties["LF"],
    )
    return {
        "agreement": agreement,
        "parties": parties,
        "theme": theme,
        "lefier_commitment": led_by_lefier,
        "municipality_commitment": led_by_municipality,
        "table": table,
    }


@pytest.fixture
def published(organisations):
    return make_agreement(organisations)


@pytest.fixture
def draft(organisations):
    return make_agreement(organisations, status=AgreementStatus.DRAFT)
