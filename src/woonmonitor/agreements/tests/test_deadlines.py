"""Tests of the date rules in woonmonitor.agreements.deadlines and of expired targets.

Pure: no database, no clock. "Today" is passed in, and every rule is tested on the last
day of a period and on the day after. The dates are those of seed 001 (Borger-Odoorn:
agreement 1-1-2023 to 31-12-2023, target A1 due 31-12-2024).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from woonmonitor.agreements.calculations import (
    Comparison,
    Figure,
    TargetInputs,
    TargetKind,
    TargetSpec,
    TargetStatus,
    evaluate,
)
from woonmonitor.agreements.deadlines import (
    Attention,
    Shortfall,
    Timing,
    agreement_period,
    attention_rank,
    commitment_end,
    commitment_timing,
    parse_attention,
    select,
    shortfalls,
    target_attention,
)

AGREEMENT_END = date(2023, 12, 31)
A1 = TargetSpec(
    kind=TargetKind.SHARE,
    comparison=Comparison.AT_LEAST,
    value=Decimal(90),
    unit="%",
    period_start=date(2023, 1, 1),
    deadline=date(2024, 12, 31),
    measure_label="Aandeel van de corporatievoorraad met een huur tot de 2e aftoppingsgrens",
    scope_label="alle corporaties",
)
PITCHES = TargetSpec(
    kind=TargetKind.CUMULATIVE,
    comparison=Comparison.AT_LEAST,
    value=Decimal(17),
    unit="standplaatsen",
    period_start=date(2023, 10, 2),
    deadline=date(2027, 12, 31),
    measure_label="Nieuwe standplaatsen met huurwagen",
)


# -- targets past their deadline ---------------------------------------------------------


def test_share_target_on_its_deadline_without_figures_is_still_no_data():
    result = evaluate(A1, TargetInputs(), on=date(2024, 12, 31))
    assert result.status == TargetStatus.NO_DATA
    assert target_attention(result.status) is None


def test_share_target_the_day_after_its_deadline_without_figures_is_expired():
    result = evaluate(A1, TargetInputs(), on=date(2025, 1, 1))
    assert result.status == TargetStatus.EXPIRED
    assert str(TargetStatus(result.status).label) == "verlopen zonder gegevens"
    assert "31-12-2024" in result.explanation
    assert "verstreken" in result.explanation
    assert target_attention(result.status) == Attention.EXPIRED


def test_expired_is_distinct_from_no_data_yet():
    assert TargetStatus.EXPIRED != TargetStatus.NO_DATA
    assert TargetStatus.EXPIRED.label != TargetStatus.NO_DATA.label


def test_share_target_with_a_plan_but_no_realisation_after_the_deadline_is_expired():
    planned = Figure(Decimal(95), None, "tabel 'Voorraad', Prestatieafspraken 2023")
    on_time = evaluate(A1, TargetInputs(planned=planned), on=date(2024, 12, 31))
    late = evaluate(A1, TargetInputs(planned=planned), on=date(2025, 1, 1))
    assert on_time.status == TargetStatus.ON_TRACK
    assert late.status == TargetStatus.EXPIRED
    assert late.sources == (planned.source,)


def test_share_target_with_a_realised_figure_after_the_deadline_is_judged_not_expired():
    inputs = TargetInputs(
        numerators=(Figure(Decimal(80), 2024, "opgegeven door Lefier op 02-02-2025"),),
        denominators=(Figure(Decimal(100), 2024, "opgegeven door Lefier op 02-02-2025"),),
    )
    result = evaluate(A1, inputs, on=date(2026, 12, 4))
    assert result.status == TargetStatus.BEHIND


@pytest.mark.parametrize(
    ("on", "status"),
    [(date(2027, 12, 31), TargetStatus.NO_DATA), (date(2028, 1, 1), TargetStatus.EXPIRED)],
)
def test_cumulative_target_without_figures_expires_the_day_after_its_deadline(on, status):
    assert evaluate(PITCHES, TargetInputs(), on=on).status == status


def test_cumulative_target_with_a_bad_plan_but_no_figures_after_the_deadline_is_expired():
    planned = Figure(Decimal(5), None, "tabel 'Standplaatsen'")
    before = evaluate(PITCHES, TargetInputs(planned=planned), on=date(2027, 12, 31))
    after = evaluate(PITCHES, TargetInputs(planned=planned), on=date(2028, 1, 1))
    assert before.status == TargetStatus.BEHIND  # the plan itself falls short
    assert after.status == TargetStatus.EXPIRED


# -- agreements ----------------------------------------------------------------------------


def test_agreement_runs_on_its_last_day_and_has_ended_the_day_after():
    assert not agreement_period(AGREEMENT_END, today=date(2023, 12, 31)).ended
    assert agreement_period(AGREEMENT_END, today=date(2024, 1, 1)).ended


def test_ended_agreement_without_successor():
    period = agreement_period(AGREEMENT_END, today=date(2026, 12, 4))
    assert period.ended
    assert period.successor is None


def test_ended_agreement_with_successor_points_to_it():
    successor = object()
    period = agreement_period(AGREEMENT_END, today=date(2024, 1, 1), successor=successor)
    assert period.ended
    assert period.successor is successor


# -- commitments ---------------------------------------------------------------------------


def test_commitment_end_is_the_last_day_of_its_last_year_else_the_agreement_end():
    assert commitment_end(2024, AGREEMENT_END) == date(2024, 12, 31)
    assert commitment_end(None, AGREEMENT_END) == AGREEMENT_END


@pytest.mark.parametrize(
    ("today", "state", "attention"),
    [
        (date(2023, 6, 1), Timing.RUNNING, Attention.AT_RISK),  # last year, not started
        (date(2023, 12, 31), Timing.RUNNING, Attention.AT_RISK),
        (date(2024, 1, 1), Timing.EXPIRED_WITHOUT_REPORT, Attention.EXPIRED),
    ],
)
def test_commitment_without_report_expires_the_day_after_its_term(today, state, attention):
    timing = commitment_timing(
        status="not_started", has_report=False, end=AGREEMENT_END, today=today
    )
    assert timing.state == state
    assert timing.attention == attention
    assert timing.expired == (state == Timing.EXPIRED_WITHOUT_REPORT)


def test_commitment_not_started_before_its_last_year_needs_no_attention():
    timing = commitment_timing(
        status="not_started", has_report=False, end=date(2027, 12, 31), today=date(2024, 3, 1)
    )
    assert timing.attention is None


def test_commitment_reported_but_open_after_its_term_is_overdue():
    timing = commitment_timing(
        status="on_track", has_report=True, end=AGREEMENT_END, today=date(2024, 1, 1)
    )
    assert timing.state == Timing.OVERDUE
    assert timing.label == "termijn verstreken, niet afgerond"
    assert timing.attention == Attention.EXPIRED


def test_delayed_commitment_within_its_term_is_behind():
    timing = commitment_timing(
        status="delayed", has_report=True, end=AGREEMENT_END, today=date(2023, 12, 31)
    )
    assert (timing.state, timing.attention) == (Timing.RUNNING, Attention.BEHIND)


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_done_or_dropped_commitment_never_expires(status):
    timing = commitment_timing(
        status=status, has_report=True, end=AGREEMENT_END, today=date(2030, 1, 1)
    )
    assert (timing.state, timing.attention) == (Timing.CLOSED, None)


# -- realised below plan, per year ---------------------------------------------------------

WS, LF = 2, 3


def test_realised_below_plan_is_flagged_per_year():
    planned = {(WS, "new_build", 2023): 30, (WS, "new_build", 2024): 20, (LF, "sale", 2023): 3}
    realised = {(WS, "new_build", 2023): 28, (WS, "new_build", 2024): 20, (LF, "sale", 2023): 5}
    found = shortfalls(planned, realised, today=date(2024, 6, 1))
    assert found == [Shortfall(WS, "new_build", 2023, 30, 28, year_ended=True)]
    assert found[0].attention == Attention.BEHIND


def test_shortfall_in_the_running_year_is_a_risk_and_behind_from_the_next_day():
    planned = {(WS, "new_build", 2024): 20}
    realised = {(WS, "new_build", 2024): 12}
    (running,) = shortfalls(planned, realised, today=date(2024, 12, 31))
    (ended,) = shortfalls(planned, realised, today=date(2025, 1, 1))
    assert (running.year_ended, running.attention) == (False, Attention.AT_RISK)
    assert (ended.year_ended, ended.attention) == (True, Attention.BEHIND)


def test_no_realised_figure_or_no_plan_is_no_shortfall():
    planned = {(WS, "new_build", 2023): 30}
    realised = {(WS, "demolition", 2023): 1, (WS, "new_build", None): 2}
    assert shortfalls(planned, realised, today=date(2026, 1, 1)) == []


# -- filtering and order -------------------------------------------------------------------


@dataclass
class Item:
    name: str
    attention: str | None


def test_select_orders_expired_behind_risk_and_filters_one_group():
    items = [
        Item("a", "risico"),
        Item("b", None),
        Item("c", "verlopen"),
        Item("d", "achter"),
        Item("e", "verlopen"),
    ]
    assert [i.name for i in select(items, None)] == ["c", "e", "d", "a"]
    assert [i.name for i in select(items, "achter")] == ["d"]
    assert [i.name for i in select(items, "verlopen")] == ["c", "e"]


def test_parse_attention_accepts_only_the_three_groups():
    assert parse_attention("verlopen") == "verlopen"
    assert parse_attention("achter") == "achter"
    assert parse_attention("risico") == "risico"
    assert parse_attention("alles") is None
    assert parse_attention(None) is None
    assert attention_rank("verlopen") < attention_rank("achter") < attention_rank("risico")
    assert attention_rank(None) == 3
