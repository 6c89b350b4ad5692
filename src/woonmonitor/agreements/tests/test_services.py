"""Writes through services: reporting, corrections, editions, targets, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from woonmonitor.agreements import permissions, services
from woonmonitor.agreements.editions import compare_editions
from woonmonitor.agreements.models import (
    Agreement,
    AgreementStatus,
    CommitmentStatus,
    RealisedFigure,
    Target,
)
from woonmonitor.agreements.targets import evaluate_target

pytestmark = pytest.mark.django_db


def test_progress_report_sets_status_and_keeps_history(published, cast):
    commitment = published["lefier_commitment"]
    user = cast["association_editor"]
    lefier = published["parties"]["LF"]
    versions_before = commitment.history.count()
    first = services.report_progress(
        commitment=commitment, party=lefier, user=user, year=2023, status="on_track", text="Loopt"
    )
    services.report_progress(
        commitment=commitment,
        party=lefier,
        user=user,
        year=2023,
        status="delayed",
        text="Vertraagd door stikstof",
        corrects=first,
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DELAYED
    assert commitment.progress_reports.count() == 2
    assert first.corrections.get().text == "Vertraagd door stikstof"
    assert commitment.history.count() == versions_before + 2  # two status changes


def test_reporting_on_a_draft_is_refused(draft, cast):
    with pytest.raises(services.AgreementError):
        services.report_progress(
            commitment=draft["lefier_commitment"],
            party=draft["parties"]["LF"],
            user=cast["association_editor"],
            year=2023,
            status="on_track",
            text="x",
        )


def test_progress_needs_text_and_a_known_status(published, cast):
    args = {
        "commitment": published["lefier_commitment"],
        "party": published["parties"]["LF"],
        "user": cast["association_editor"],
        "year": 2023,
    }
    with pytest.raises(services.AgreementError):
        services.report_progress(**args, status="on_track", text="  ")
    with pytest.raises(services.AgreementError):
        services.report_progress(**args, status="half", text="x")


def test_realised_figure_is_corrected_not_overwritten(published, cast):
    args = {
        "agreement": published["agreement"],
        "party": published["parties"]["LF"],
        "user": cast["association_editor"],
        "measure": "new_build",
        "year": 2023,
    }
    first = services.record_realised(**args, value=12)
    second = services.record_realised(**args, value=14, note="telfout")
    assert second.corrects == first
    assert RealisedFigure.objects.count() == 2
    assert list(RealisedFigure.objects.current().values_list("value", flat=True)) == [14]


def test_realised_figure_must_be_a_known_non_negative_measure(published, cast):
    args = {
        "agreement": published["agreement"],
        "party": published["parties"]["LF"],
        "user": cast["association_editor"],
        "year": 2023,
    }
    with pytest.raises(services.AgreementError):
        services.record_realised(**args, measure="unknown", value=1)
    with pytest.raises(services.AgreementError):
        services.record_realised(**args, measure="new_build", value=-1)


def test_comment_is_stored(published, cast):
    comment = services.add_comment(
        commitment=published["municipality_commitment"],
        party=published["parties"]["HU"],
        user=cast["tenants_member"],
        kind="advice",
        text="Betrek de huurders vroeg.",
    )
    assert comment.commitment.comments.get().text == "Betrek de huurders vroeg."


@pytest.mark.parametrize(
    ("name", "reports", "figures", "comments", "edits"),
    [
        ("municipality_editor", ["A3"], [], [], True),
        ("association_editor", ["A1"], ["LF"], [], True),
        ("tenants_member", [], [], ["HU"], True),
        ("province_reader", [], [], [], False),
        ("outsider", [], [], [], False),
        ("anonymous", [], [], [], False),
    ],
)
def test_permissions_per_cast_member(published, cast, name, reports, figures, comments, edits):
    user = cast[name]
    agreement = published["agreement"]
    commitments = [published["lefier_commitment"], published["municipality_commitment"]]
    may_report = [c.number for c in commitments if permissions.reporting_parties(user, c)]
    assert may_report == reports
    assert [p.abbreviation for p in permissions.figure_parties(user, agreement)] == figures
    assert [p.abbreviation for p in permissions.commenting_parties(user, agreement)] == comments
    assert permissions.can_edit(user, agreement) is edits
    assert permissions.can_import(user) is False


def test_nobody_reports_on_drafts(draft, cast):
    for user in cast.values():
        assert permissions.reporting_parties(user, draft["lefier_commitment"]) == []
        assert permissions.figure_parties(user, draft["agreement"]) == []


@pytest.mark.parametrize(
    ("name", "sees_draft"),
    [
        ("municipality_editor", True),
        ("association_editor", True),
        ("tenants_member", True),
        ("province_reader", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_drafts_are_visible_to_parties_and_province_only(draft, published, cast, name, sees_draft):
    visible = set(Agreement.objects.visible_to(cast[name]))
    assert published["agreement"] in visible
    assert (draft["agreement"] in visible) is sees_draft


def test_new_edition_copies_open_commitments_and_their_targets(published, cast):
    user = cast["municipality_editor"]
    done = published["municipality_commitment"]
    services.report_progress(
        commitment=done,
        party=published["parties"]["BO"],
        user=user,
        year=2023,
        status="done",
        text="Vastgesteld",
    )
    copy = services.new_edition(agreement=published["agreement"], user=user)
    assert copy.status == AgreementStatus.DRAFT
    assert copy.edition == 2024
    assert copy.previous_edition == published["agreement"]
    assert list(copy.commitments.values_list("number", flat=True)) == ["A1"]
    carried = copy.commitments.get()
    assert carried.previous == published["lefier_commitment"]
    assert carried.year_entry_label == "Jaarschijf 2024"
    assert [p.abbreviation for p in carried.leads.all()] == ["LF"]
    assert carried.targets.get().scope.agreement == copy
    assert copy.tables.get().cells.count() == 2
    with pytest.raises(services.AgreementError):
        services.new_edition(agreement=published["agreement"], user=user)


def test_publishing_a_new_edition_archives_the_previous_one(published, cast):
    user = cast["municipality_editor"]
    copy = services.new_edition(agreement=published["agreement"], user=user)
    sign_all(copy, cast)
    services.publish(agreement=copy, user=user)
    published["agreement"].refresh_from_db()
    assert published["agreement"].status == AgreementStatus.ARCHIVED


def sign_all(agreement, cast):
    """Each party of the cast's agreement signs off for itself."""
    for abbreviation, member in (
        ("BO", "municipality_editor"),
        ("LF", "association_editor"),
        ("HU", "tenants_member"),
    ):
        services.sign_off(
            agreement=agreement,
            party=agreement.parties.get(abbreviation=abbreviation),
            user=cast[member],
            decision="agreed",
        )


def test_published_agreements_are_not_edited_in_place(published, cast):
    with pytest.raises(services.AgreementError):
        services.update_commitment(
            commitment=published["lefier_commitment"],
            user=cast["municipality_editor"],
            content="Anders",
        )


def test_editing_a_draft_is_in_the_audit_trail(draft, cast):
    commitment = draft["lefier_commitment"]
    services.update_commitment(
        commitment=commitment, user=cast["municipality_editor"], content="Aangepaste inhoud"
    )
    latest = commitment.history.first()
    delta = latest.diff_against(latest.prev_record)
    assert latest.history_user == cast["municipality_editor"]
    assert [change.field for change in delta.changes] == ["content"]


def test_compare_editions_reports_changes_additions_and_removals():
    old = [{"id": 1, "number": "A1", "content": "a"}, {"id": 2, "number": "A2", "content": "b"}]
    new = [
        {"id": 11, "previous_id": 1, "number": "A1", "content": "a2"},
        {"id": 12, "previous_id": None, "number": "A9", "content": "c"},
    ]
    result = compare_editions(old, new)
    assert [(c.kind, c.label) for c in result] == [
        ("changed", "A1"),
        ("added", "A9"),
        ("removed", "A2"),
    ]
    assert [(f.field, f.old, f.new) for f in result[0].changes] == [("content", "a", "a2")]


def test_target_evaluation_reads_planned_and_realised_figures(published, cast):
    target = Target.objects.get()
    planned_only = evaluate_target(target, on=dt.date(2023, 6, 1))
    assert planned_only.planned == 50  # 30 + 20 from the table
    assert planned_only.status == "on_track"
    services.record_realised(
        agreement=published["agreement"],
        party=published["parties"]["LF"],
        user=cast["association_editor"],
        measure="new_build",
        year=2023,
        value=45,
    )
    achieved = evaluate_target(target, on=dt.date(2024, 1, 10))
    assert achieved.status == "achieved"
    assert achieved.realised == 45
    assert any("Lefier" in source for source in achieved.sources)


def test_load_targets_is_all_or_nothing(published):
    good = {
        "municipality": "GM1681",
        "edition": 2023,
        "commitment": "A1",
        "key": "nieuw",
        "description": "x",
        "kind": "share",
        "measure": "stock_below_capping_high",
        "denominator": "social_stock",
        "comparison": "gte",
        "value": "90",
        "unit": "%",
        "period_start": "2021-01-01",
        "deadline": "2024-12-31",
    }
    bad = {**good, "key": "fout", "commitment": "Z9"}
    saved, problems = services.load_targets(entries=[good, bad])
    assert saved == 0
    assert len(problems) == 1 and "Z9" in problems[0]
    assert not Target.objects.filter(key="nieuw").exists()
    saved, problems = services.load_targets(entries=[good])
    assert (saved, problems) == (1, [])


def test_evaluating_targets_reads_the_figures_once_per_agreement(published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.factories import TargetFactory

    from woonmonitor.agreements.targets import evaluations_for

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            rows = evaluations_for(published["agreement"], on=dt.date(2024, 6, 1))
        assert all(evaluation.status for _target, evaluation, _note in rows)
        return len(context.captured_queries)

    one_target = queries()
    for number in range(4):
        TargetFactory(commitment=published["lefier_commitment"], key=f"extra-{number}")
    assert queries() == one_target
