"""Importing a document into a draft, reviewing it and publishing it (services)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from woonmonitor.agreements import services
from woonmonitor.agreements.models import (
    Agreement,
    AgreementStatus,
    Commitment,
    Flag,
    NumberCell,
)
from woonmonitor.agreements.parsing import NotAnAgreement
from woonmonitor.imports.models import ImportRun

SEED_002 = settings.WOONMONITOR_SEEDS_DIR / "002_8c2198bb28f9bb11.txt"

needs_seed = pytest.mark.skipif(not SEED_002.is_file(), reason="seed 002 not available")


@pytest.fixture
def organisations_loaded(db):
    call_command("load_organisations", verbosity=0)


@pytest.fixture
def hoogeveen(organisations_loaded):
    return services.import_agreement_file(path=SEED_002)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("beoordelaar", is_staff=True)


def _counts() -> tuple[int, int, int]:
    return Agreement.objects.count(), ImportRun.objects.count(), Commitment.objects.count()


@needs_seed
def test_seed_002_becomes_a_draft_with_linked_parties(hoogeveen):
    agreement = hoogeveen
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.municipality.slug == "gemeente-hoogeveen"
    assert agreement.municipality_code == agreement.municipality.area_code
    assert agreement.source_name == SEED_002.name
    assert agreement.source_text == SEED_002.read_text(encoding="utf-8")
    linked = {p.abbreviation: p.organisation.slug for p in agreement.parties.all()}
    assert len(linked) == 9
    assert linked == {
        "Gemeente": "gemeente-hoogeveen",
        "Actium": "actium",
        "Domesta": "domesta",
        "Woonconcept": "woonconcept",
        "Woonservice": "woonservice",
        "MEVM": "mevm",
        "SHDH": "shdh",
        "Cascade": "cascade",
        "Samen Sterk": "huurdersvereniging-samen-sterk",
    }


@needs_seed
def test_seed_002_themes_commitments_and_tables(hoogeveen):
    agreement = hoogeveen
    assert [t.title for t in agreement.themes.all()] == [
        "Bouwopgave",
        "Betaalbaar wonen",
        "Duurzaamheid",
        "Wonen met zorg",
        "Aandachtsgroepen",
        "Leefbaarheid",
    ]
    assert agreement.commitments.count() == 23
    assert list(agreement.commitments.values_list("number", flat=True)) == [
        str(n) for n in range(1, 24)
    ]
    assert agreement.tables.count() == 2
    cells = NumberCell.objects.filter(table__agreement=agreement)
    social = cells.filter(measure="social_stock")
    assert social.get(party__abbreviation="Domesta").value == 3008
    assert social.get(party__abbreviation="Domesta").raw == "3.008"
    assert social.get(is_total=True).value == 6595
    net = cells.get(measure="net_addition", is_total=True)
    assert (net.raw, net.value) == ("+324", 324)
    assert net.table.commitment.number == "1"


@needs_seed
def test_seed_002_flags_and_import_run_are_stored(hoogeveen):
    agreement = hoogeveen
    flags = agreement.flags.all()
    assert flags.filter(field="municipality", kind=Flag.Kind.INFERRED, raw="Hogeveen").exists()
    inferred_leads = flags.filter(field="leads", kind=Flag.Kind.INFERRED)
    assert inferred_leads.count() == 23
    assert inferred_leads.filter(commitment__number="1").get().raw == "De woningcorporaties"
    assert all(flag.confirmed_at is None for flag in flags)
    run = agreement.import_run
    assert run is not None
    assert run.command == "import_agreement"
    assert run.file_name == SEED_002.name
    assert run.rows_read == agreement.source_line_count


def test_text_that_is_not_an_agreement_creates_nothing(organisations_loaded):
    before = _counts()
    with pytest.raises(NotAnAgreement):
        services.import_agreement(text="Boodschappenlijst\nmelk\nbrood\n", file_name="lijst.txt")
    assert _counts() == before


@needs_seed
def test_unknown_municipality_creates_nothing(organisations_loaded):
    text = SEED_002.read_text(encoding="utf-8").replace("Hogeveen", "Atlantis")
    before = _counts()
    with pytest.raises(services.AgreementError, match="Atlantis"):
        services.import_agreement(text=text, file_name="atlantis.txt")
    assert _counts() == before


@needs_seed
def test_publish_is_refused_while_flags_are_open_and_allowed_after_review(hoogeveen, staff):
    agreement = hoogeveen
    assert services.publication_blockers(agreement)
    with pytest.raises(services.AgreementError, match="markeringen"):
        services.publish(agreement=agreement, user=staff)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT

    reviewed = services.review_all(agreement=agreement, user=staff, resolution="gecontroleerd")
    assert reviewed == agreement.flags.count() + agreement.unplaced_lines.count()
    # reviewed, but not yet agreed by the parties
    (blocker,) = services.publication_blockers(agreement)
    assert blocker.startswith("Nog geen akkoord op deze versie van: Gemeente, Actium")
    with pytest.raises(services.AgreementError, match="Nog geen akkoord"):
        services.publish(agreement=agreement, user=staff)
    services.record_signed_document(agreement=agreement, user=staff, note="ondertekend 2-10-2023")
    assert services.publication_blockers(agreement) == []
    services.publish(agreement=agreement, user=staff)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PUBLISHED
    assert agreement.published_by == staff


@needs_seed
def test_published_agreement_cannot_be_edited(hoogeveen, staff):
    agreement = hoogeveen
    services.review_all(agreement=agreement, user=staff, resolution="gecontroleerd")
    services.record_signed_document(agreement=agreement, user=staff, note="ondertekend")
    services.publish(agreement=agreement, user=staff)
    commitment = agreement.commitments.first()
    with pytest.raises(services.AgreementError):
        services.update_commitment(commitment=commitment, user=staff, content="anders")
    cell = NumberCell.objects.filter(table__agreement=agreement).first()
    with pytest.raises(services.AgreementError):
        services.update_cell(cell=cell, user=staff, value=1)
    commitment.refresh_from_db()
    cell.refresh_from_db()
    assert commitment.content != "anders"
    assert cell.value != 1


@needs_seed
def test_the_importer_is_the_author_of_the_imported_records(organisations_loaded, staff):
    agreement = services.import_agreement_file(path=SEED_002, user=staff)
    commitment = agreement.commitments.first()
    cell = agreement.tables.first().cells.first()
    assert commitment.history.earliest().history_user == staff
    assert cell.history.earliest().history_user == staff
    assert agreement.history.earliest().history_user == staff


@needs_seed
def test_the_same_document_twice_names_the_existing_draft(hoogeveen):
    before = _counts()
    with pytest.raises(services.DuplicateAgreement) as refused:
        services.import_agreement_file(path=SEED_002)
    assert refused.value.existing == [hoogeveen]
    assert "editie 2023 van de prestatieafspraken van Gemeente Hoogeveen" in str(refused.value)
    assert _counts() == before
    second = services.import_agreement_file(path=SEED_002, allow_duplicate=True)
    assert second.pk != hoogeveen.pk


@needs_seed
def test_another_text_for_the_same_edition_is_a_duplicate_too(hoogeveen):
    text = SEED_002.read_text(encoding="utf-8") + "\nEen regel extra.\n"
    with pytest.raises(services.DuplicateAgreement) as refused:
        services.import_agreement(text=text, file_name="hoogeveen-v2.txt")
    assert refused.value.existing == [hoogeveen]


@needs_seed
def test_the_import_command_refuses_a_duplicate_unless_told(hoogeveen):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--allow-duplicate"):
        call_command("import_agreement", str(SEED_002), verbosity=0)
    assert Agreement.objects.count() == 1
    call_command("import_agreement", str(SEED_002), "--allow-duplicate", verbosity=0)
    assert Agreement.objects.count() == 2
