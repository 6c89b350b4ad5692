"""Deadlines on the agreement pages: the ended period, the filter on what needs attention
(one agreement and across all of them) and readable sources beside figures.

"Today" is set per test (``today`` fixture): the pages ask ``timezone.localdate()``.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.factories import AgreementFactory, CommitmentFactory, PartyFactory, TargetFactory

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.agreements import services
from woonmonitor.agreements.models import Flag
from woonmonitor.housing.models import RentThresholds

pytestmark = pytest.mark.django_db

WORKING_NOTE = "kwaliteitskortingsgrens 452,20: corporatiestrateeg.nl; niet tegen een primaire bron"


@pytest.fixture
def today(monkeypatch):
    """Set the date the pages judge on."""

    def set_today(value: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: value)

    return set_today


@pytest.fixture
def deadlines(published, cast):
    """The published agreement (1-1-2023 to 31-12-2023) with one item in every group.

    * expired: a share target due 31-12-2024 without figures; commitment A3 (term 2023, no report)
    * behind: Lefier built 12 in 2023 where the table plans 30
    * at risk: Lefier built 5 in 2024 where it plans 20, while 2024 still runs (today in 2024)
    """
    data = published
    data["municipality_commitment"].period_end = 2023
    data["municipality_commitment"].save()
    data["expired_target"] = TargetFactory(
        commitment=data["lefier_commitment"],
        description="Aandeel woningen tot de 2e aftoppingsgrens",
        kind="share",
        measure="stock_below_capping_high",
        denominator="social_stock",
        value=90,
        unit="%",
        deadline=date(2024, 12, 31),
    )
    for year, value in ((2023, 12), (2024, 5)):
        services.record_realised(
            agreement=data["agreement"],
            party=data["parties"]["LF"],
            user=cast["association_editor"],
            measure="new_build",
            year=year,
            value=value,
        )
    return data


def detail(client, data, query: str = "") -> str:
    url = reverse("agreements:detail", args=[data["agreement"].pk]) + query
    return client.get(url).content.decode()


def attention_section(html: str) -> str:
    start = html.index('id="aandacht"')
    return html[start : html.index("</section>", start)]


# ----------------------------------------------------------------------------- ended period


def test_ended_agreement_says_so_without_successor(client_for, published, today):
    today(date(2024, 1, 1))
    html = detail(client_for("anonymous"), published)
    assert "De looptijd van deze prestatieafspraken is verstreken op 31 december 2023." in html
    assert "Er is in Woonmonitor geen volgende editie." in html


def test_the_status_overview_says_which_terms_ended_without_a_report(client_for, deadlines, today):
    """ "niet gestart" after the term is shown for what it is: nothing was reported."""
    today(date(2025, 1, 1))
    html = detail(client_for("anonymous"), deadlines)
    status = html[html.index('id="status-heading"') : html.index('id="aandacht"')]
    assert "Getoetst aan de termijnen" in status
    assert "termijn verstreken zonder melding" in status
    today(date(2023, 6, 1))
    html = detail(client_for("anonymous"), deadlines)
    assert "Getoetst aan de termijnen" not in html


def test_agreement_on_its_last_day_has_not_ended(client_for, published, today):
    today(date(2023, 12, 31))
    html = detail(client_for("anonymous"), published)
    assert "is verstreken op" not in html


def test_ended_agreement_points_to_its_successor(client_for, published, today):
    agreement = published["agreement"]
    successor = AgreementFactory(
        municipality=agreement.municipality,
        previous_edition=agreement,
        edition=2024,
        title="Prestatieafspraken 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    today(date(2024, 2, 1))
    html = detail(client_for("anonymous"), published)
    assert "De afspraken lopen verder in de volgende editie:" in html
    assert reverse("agreements:detail", args=[successor.pk]) in html
    listing = client_for("anonymous").get(reverse("agreements:list")).content.decode()
    assert "looptijd verstreken" in listing and "editie 2024" in listing


def test_draft_successor_is_not_shown_to_the_public(client_for, published, today):
    agreement = published["agreement"]
    AgreementFactory(
        municipality=agreement.municipality, previous_edition=agreement, edition=2024, draft=True
    )
    today(date(2024, 2, 1))
    html = detail(client_for("anonymous"), published)
    assert "Er is in Woonmonitor geen volgende editie." in html


# ----------------------------------------------------------------------------- one agreement


def test_expired_target_is_named_as_such_on_the_page(client_for, deadlines, today):
    today(date(2025, 1, 1))
    html = detail(client_for("anonymous"), deadlines)
    assert "verlopen zonder gegevens" in html
    assert "wm-target-status--expired" in html


def test_filter_one_agreement_on_expired(client_for, deadlines, today):
    today(date(2025, 1, 1))
    section = attention_section(detail(client_for("anonymous"), deadlines, "?aandacht=verlopen"))
    assert "Aandeel woningen tot de 2e aftoppingsgrens" in section  # the target
    assert "Afspraak A3" in section  # term 2023, no report
    assert "termijn verstreken zonder melding" in section
    assert "lager dan gepland" not in section  # a shortfall is behind, not expired


def test_filter_one_agreement_on_behind_lists_the_shortfall_per_year(client_for, deadlines, today):
    today(date(2025, 1, 1))
    section = attention_section(detail(client_for("anonymous"), deadlines, "?aandacht=achter"))
    assert "lager dan gepland" in section
    assert "nieuwbouw in 2023" in section and "Gerealiseerd 12, gepland 30" in section
    assert "nieuwbouw in 2024" in section  # 2024 has ended by 1 January 2025
    assert "verlopen zonder gegevens" not in section


def test_filter_one_agreement_on_risk_while_the_year_runs(client_for, deadlines, today):
    today(date(2024, 6, 1))
    section = attention_section(detail(client_for("anonymous"), deadlines, "?aandacht=risico"))
    assert "nieuwbouw in 2024" in section and "Het jaar loopt nog." in section
    assert "nieuwbouw in 2023" not in section  # that year has ended: behind


def test_unfiltered_attention_lists_expired_before_behind(client_for, deadlines, today):
    today(date(2025, 1, 1))
    section = attention_section(detail(client_for("anonymous"), deadlines))
    assert section.index("verlopen zonder gegevens") < section.index("lager dan gepland")
    assert 'aria-current="true">alles' in section


def test_unknown_filter_value_shows_everything(client_for, deadlines, today):
    today(date(2025, 1, 1))
    section = attention_section(detail(client_for("anonymous"), deadlines, "?aandacht=<b>"))
    assert "verlopen zonder gegevens" in section and "lager dan gepland" in section
    assert "<b>" not in section


# ----------------------------------------------------------------------------- across all


def other_agreement(organisations):
    """A second municipality's agreement, ended, with a commitment that expired unreported."""
    agreement = AgreementFactory(
        title="Prestatieafspraken Hoogeveen 2023", municipality_code="GM0118"
    )
    PartyFactory(agreement=agreement, kind=OrganisationKind.MUNICIPALITY, abbreviation="HV")
    CommitmentFactory(agreement=agreement, number="19", period_end=2023, content="Statushouders")
    return agreement


def test_filter_across_all_agreements(client_for, deadlines, organisations, today):
    other_agreement(organisations)
    today(date(2025, 1, 1))
    url = reverse("agreements:list")
    html = client_for("anonymous").get(url + "?aandacht=verlopen").content.decode()
    section = attention_section(html)
    assert "Prestatieafspraken Hoogeveen 2023" in section and "Afspraak 19" in section
    assert deadlines["agreement"].title in section and "Afspraak A3" in section
    assert "lager dan gepland" not in section
    behind = attention_section(
        client_for("anonymous").get(url + "?aandacht=achter").content.decode()
    )
    assert "lager dan gepland" in behind and "Afspraak 19" not in behind
    plain = attention_section(client_for("anonymous").get(url).content.decode())
    assert "<table" not in plain  # nothing listed until asked for


def test_filter_across_all_hides_drafts_from_outsiders(client_for, draft, today):
    today(date(2025, 1, 1))
    url = reverse("agreements:list") + "?aandacht=alle"
    outsider = attention_section(client_for("outsider").get(url).content.decode())
    assert "Afspraak A3" not in outsider
    party = attention_section(client_for("municipality_editor").get(url).content.decode())
    assert "Afspraak A3" in party


# ----------------------------------------------------------------------------- readable sources


def test_target_card_names_readable_sources_not_working_notes(client_for, published, today):
    RentThresholds.objects.create(
        year=2023,
        quality_discount_limit="452.20",
        capping_limit_low="647.19",
        capping_limit_high="693.60",
        liberalisation_limit="808.06",
        verification=RentThresholds.Verification.PARTLY_VERIFIED,
        source=WORKING_NOTE,
    )
    TargetFactory(
        commitment=published["lefier_commitment"],
        description="Aandeel woningen tot de 2e aftoppingsgrens",
        kind="share",
        measure="stock_below_capping_high",
        denominator="social_stock",
        value=90,
        unit="%",
        period_start=date(2023, 1, 1),
        deadline=date(2024, 12, 31),
    )
    today(date(2024, 3, 1))
    html = detail(client_for("anonymous"), published)
    assert WORKING_NOTE not in html
    assert "huurprijsgrenzen per 1 januari 2023" in html and "deels geverifieerd" in html
    assert "Norm: afspraak A1 in Prestatieafspraken 2023" in html
    sources = client_for("anonymous").get(reverse("areas:sources")).content.decode()
    assert WORKING_NOTE in sources  # the working note lives on the sources page


def test_planned_figures_cite_the_table_in_the_document(client_for, published, today):
    today(date(2024, 3, 1))
    html = detail(client_for("anonymous"), published)
    assert "Cijfers: tabel ‘" in html and "’ in Prestatieafspraken 2023" in html


def test_commitment_page_cites_the_document_not_the_file(client_for, published, today):
    agreement = published["agreement"]
    agreement.source_name = "001_38dedbc85e70cbb7.txt"
    agreement.source_text = "| A1 | Minimaal 90% |\n| A3 | Omgevingsvisie |"
    agreement.date_text = "December 2022"
    agreement.save()
    commitment = published["lefier_commitment"]
    commitment.source_lines = [1]
    commitment.save()
    for field in ("leads", "year_entry"):
        Flag.objects.create(
            agreement=agreement, commitment=commitment, field=field, kind="inferred", note="x"
        )
    today(date(2024, 3, 1))
    url = reverse("agreements:commitment", args=[agreement.pk, commitment.pk])
    html = client_for("anonymous").get(url).content.decode()
    assert "001_38dedbc85e70cbb7.txt" not in html
    assert "Regel 1" not in html
    assert "Afspraak A1 in Prestatieafspraken 2023 (december 2022)." in html
    assert "| A1 | Minimaal 90% |" in html  # the text of the document stays readable
    assert "(leads)" not in html and "(year_entry)" not in html
    assert "(trekkers)" in html and "(jaarschijf / concrete stappen)" in html
    page = client_for("anonymous").get(reverse("agreements:detail", args=[agreement.pk]))
    assert "001_38dedbc85e70cbb7.txt" not in page.content.decode()
    sources = client_for("anonymous").get(reverse("areas:sources")).content.decode()
    assert "001_38dedbc85e70cbb7.txt" in sources  # how the file reached us: the sources page


def test_realised_page_flags_a_figure_below_plan_per_year(client_for, deadlines, today):
    today(date(2024, 6, 1))
    url = reverse("agreements:realised", args=[deadlines["agreement"].pk])
    html = client_for("association_editor").get(url).content.decode()
    assert html.count("lager dan gepland") == 2  # 12 of 30 in 2023, 5 of 20 in 2024
    assert "wm-status--attention-achter" in html  # 2023 has ended
    assert "wm-status--attention-risico" in html  # 2024 still runs
