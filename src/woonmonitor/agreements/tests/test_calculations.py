"""Tests of the pure target evaluation in woonmonitor.agreements.calculations.

No database: every test builds a TargetSpec and TargetInputs by hand. The norms are the
real ones from the seeds (001 Borger-Odoorn, 002 Hoogeveen); the realised figures are made
up for the test, as no association has reported any yet.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from woonmonitor.agreements.calculations import (
    Comparison,
    Evaluation,
    Figure,
    TargetInputs,
    TargetKind,
    TargetSpec,
    TargetStatus,
    evaluate,
    format_number,
)

D = Decimal
HOOGEVEEN = "Prestatieafspraken Hoogeveen 2023-2027"
STOCK_TABLE = f"tabel 'Stand 01-01-2023', {HOOGEVEEN}"
PLAN_TABLE = f"tabel 'Verwachte netto toevoeging 2023-2027', {HOOGEVEEN}"


def fig(value, year, source) -> Figure:
    return Figure(value=D(value), year=year, source=source)


def share_spec(value, comparison=Comparison.AT_LEAST, measure="aandeel", scope="", **dates):
    return TargetSpec(
        kind=TargetKind.SHARE,
        comparison=comparison,
        value=D(value),
        unit="%",
        period_start=dates.get("start", date(2023, 1, 1)),
        deadline=dates.get("deadline", date(2027, 12, 31)),
        measure_label=measure,
        scope_label=scope,
    )


# -- format_number -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (6595, 0, "6.595"),
        (D("6595"), 0, "6.595"),
        (D("90.04"), 1, "90,0"),
        (D("92.35"), 1, "92,4"),
        (1234567, 0, "1.234.567"),
        (D("-1234.5"), 1, "-1.234,5"),
        (D("-0.01"), 1, "0,0"),
        (0, 0, "0"),
        (D("999.5"), 0, "1.000"),
        (D("0.5"), 2, "0,50"),
    ],
)
def test_format_number_is_dutch(value, decimals, expected):
    assert format_number(value, decimals) == expected


# -- SHARE: 001 A1, at least 90% below the 2nd aftoppingsgrens ---------------------------

A1 = share_spec(
    90,
    measure="aandeel woningen tot de 2e aftoppingsgrens",
    scope="alle corporaties",
    deadline=date(2026, 12, 31),
)
BO = "Prestatieafspraken Borger-Odoorn 2023"


def test_001_a1_achieved_sums_associations_per_year():
    inputs = TargetInputs(
        numerators=(
            fig(2300, 2024, "opgegeven door Lefier op 12-03-2025"),
            fig(3100, 2024, "opgegeven door Woonservice op 14-03-2025"),
        ),
        denominators=(
            fig(2500, 2024, "opgegeven door Lefier op 12-03-2025"),
            fig(3400, 2024, "opgegeven door Woonservice op 14-03-2025"),
        ),
    )
    result = evaluate(A1, inputs, on=date(2025, 4, 1))
    assert result == Evaluation(
        status=TargetStatus.ACHIEVED,
        explanation=(
            "In 2024: aandeel woningen tot de 2e aftoppingsgrens bij alle corporaties "
            "91,5% (5.400 van 5.900). Dat voldoet aan de norm van ten minste 90%."
        ),
        target=D(90),
        planned=None,
        realised=D("91.5"),
        realised_year=2024,
        sources=(
            "opgegeven door Lefier op 12-03-2025",
            "opgegeven door Woonservice op 14-03-2025",
        ),
    )


def test_share_uses_latest_year_with_numerator_and_denominator():
    inputs = TargetInputs(
        numerators=(fig(80, 2023, "n23"), fig(95, 2024, "n24"), fig(10, 2025, "n25")),
        denominators=(fig(100, 2023, "d23"), fig(100, 2024, "d24")),
    )
    result = evaluate(A1, inputs, on=date(2026, 1, 1))
    assert result.status == TargetStatus.ACHIEVED
    assert result.realised == D("95.0")
    assert result.realised_year == 2024
    assert result.sources == ("n24", "d24")


def test_share_at_risk_within_five_percent_of_the_norm():
    inputs = TargetInputs(numerators=(fig(855, 2024, "n"),), denominators=(fig(1000, 2024, "d"),))
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.status == TargetStatus.AT_RISK
    assert result.realised == D("85.5")
    assert result.explanation.endswith(
        "85,5% (855 van 1.000). Dat haalt de norm van ten minste 90% net niet (binnen 5%)."
    )


def test_share_behind_beyond_five_percent():
    inputs = TargetInputs(numerators=(fig(854, 2024, "n"),), denominators=(fig(1000, 2024, "d"),))
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.status == TargetStatus.BEHIND
    assert result.realised == D("85.4")
    assert result.explanation.endswith("Dat haalt de norm van ten minste 90% niet.")


@pytest.mark.parametrize(
    "denominators",
    [(), (fig(0, 2024, "d"),), (fig(100, 2023, "d"),)],
    ids=["missing", "zero", "other-year"],
)
def test_share_no_data_without_usable_denominator(denominators):
    inputs = TargetInputs(numerators=(fig(95, 2024, "n"),), denominators=denominators)
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.status == TargetStatus.NO_DATA
    assert result.realised is None
    assert result.realised_year is None
    assert result.sources == ()
    assert result.explanation == (
        "Nog geen gerealiseerde cijfers voor aandeel woningen tot de 2e aftoppingsgrens "
        "bij alle corporaties; de norm van ten minste 90% is niet te toetsen."
    )


def test_share_ignores_years_outside_the_period():
    inputs = TargetInputs(
        numerators=(fig(50, 2022, "oud"), fig(99, 2027, "later")),
        denominators=(fig(100, 2022, "oud"), fig(100, 2027, "later")),
    )
    result = evaluate(A1, inputs, on=date(2028, 1, 1))
    assert result.status == TargetStatus.EXPIRED  # past the deadline, nothing in the period
    assert result.sources == ()


@pytest.mark.parametrize(
    ("planned", "status", "verdict"),
    [
        ("92", TargetStatus.ON_TRACK, "De planning voldoet aan de norm van ten minste 90%."),
        ("86", TargetStatus.AT_RISK, "De planning haalt de norm van ten minste 90% net niet"),
        ("80", TargetStatus.BEHIND, "De planning haalt de norm van ten minste 90% niet."),
    ],
)
def test_share_planned_only_is_never_better_than_on_track(planned, status, verdict):
    inputs = TargetInputs(planned=fig(planned, 2026, f"jaarschijf 2026, {BO}"))
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.status == status
    assert result.planned == D(planned)
    assert result.realised is None
    assert result.explanation.startswith(
        "Volgens de planning: aandeel woningen tot de 2e aftoppingsgrens bij alle corporaties "
        f"{planned}%; nog geen gerealiseerde cijfers."
    )
    assert verdict in result.explanation
    assert result.sources == (f"jaarschijf 2026, {BO}",)


def test_share_realised_wins_over_planned_and_lists_both_sources():
    inputs = TargetInputs(
        numerators=(fig(80, 2024, "n"),),
        denominators=(fig(100, 2024, "d"),),
        planned=fig(95, None, "plan"),
    )
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.status == TargetStatus.BEHIND
    assert result.planned == D(95)
    assert result.realised == D("80.0")
    assert result.sources == ("plan", "n", "d")


def test_share_sources_are_deduplicated_in_order():
    source = "jaarverslag Lefier 2024"
    inputs = TargetInputs(
        numerators=(fig(45, 2024, source), fig(40, 2024, "jaarverslag Woonservice 2024")),
        denominators=(fig(50, 2024, source), fig(50, 2024, "jaarverslag Woonservice 2024")),
    )
    result = evaluate(A1, inputs, on=date(2025, 1, 1))
    assert result.sources == (source, "jaarverslag Woonservice 2024")
    assert result.realised == D("85.0")
    assert result.status == TargetStatus.BEHIND


# -- SHARE: 002 #3, #7 and #19 ------------------------------------------------------------


def test_002_3_accessible_new_build_at_risk():
    spec = share_spec(90, measure="aandeel toegankelijke nieuwbouwwoningen", scope="Domesta")
    inputs = TargetInputs(
        numerators=(fig(45, 2024, "opgegeven door Domesta op 12-03-2025"),),
        denominators=(fig(52, 2024, "opgegeven door Domesta op 12-03-2025"),),
    )
    result = evaluate(spec, inputs, on=date(2025, 3, 20))
    assert result.status == TargetStatus.AT_RISK
    assert result.realised == D("86.5")
    assert result.explanation == (
        "In 2024: aandeel toegankelijke nieuwbouwwoningen bij Domesta 86,5% (45 van 52). "
        "Dat haalt de norm van ten minste 90% net niet (binnen 5%)."
    )
    assert result.sources == ("opgegeven door Domesta op 12-03-2025",)


def test_002_7_two_norms_on_the_same_stock():
    stock = (fig(3900, 2024, "Domesta"), fig(2700, 2024, "Woonconcept"))
    below_discount = share_spec(
        15, measure="aandeel sociale huurwoningen onder de kwaliteitskortingsgrens"
    )
    between = share_spec(
        65,
        measure="aandeel sociale huurwoningen tussen kwaliteitskortingsgrens en 1e aftoppingsgrens",
    )
    low = evaluate(
        below_discount,
        TargetInputs(
            numerators=(fig(600, 2024, "Domesta"), fig(400, 2024, "Woonconcept")),
            denominators=stock,
        ),
        on=date(2025, 4, 1),
    )
    assert low.status == TargetStatus.ACHIEVED
    assert low.realised == D("15.2")
    assert "15,2% (1.000 van 6.600)" in low.explanation
    assert "ten minste 15%" in low.explanation

    mid = evaluate(
        between,
        TargetInputs(
            numerators=(fig(2400, 2024, "Domesta"), fig(1600, 2024, "Woonconcept")),
            denominators=stock,
        ),
        on=date(2025, 4, 1),
    )
    assert mid.status == TargetStatus.BEHIND  # 60,6% < 61,75% (95% of 65)
    assert mid.realised == D("60.6")
    assert "60,6% (4.000 van 6.600)" in mid.explanation


STATUSHOUDERS = share_spec(
    10,
    comparison=Comparison.AT_MOST,
    measure="aandeel vrijgekomen sociale huurwoningen voor statushouders",
    scope="Woonconcept",
)


@pytest.mark.parametrize(
    ("allocations", "status", "realised", "verdict"),
    [
        (40, TargetStatus.ACHIEVED, "9.5", "Dat voldoet aan de norm van ten hoogste 10%."),
        (44, TargetStatus.AT_RISK, "10.5", "net niet (binnen 5%)"),
        (48, TargetStatus.BEHIND, "11.4", "Dat haalt de norm van ten hoogste 10% niet."),
    ],
)
def test_002_19_at_most_ten_percent_to_statushouders(allocations, status, realised, verdict):
    inputs = TargetInputs(
        numerators=(fig(allocations, 2024, "opgegeven door Woonconcept op 01-02-2025"),),
        denominators=(fig(420, 2024, "opgegeven door Woonconcept op 01-02-2025"),),
    )
    result = evaluate(STATUSHOUDERS, inputs, on=date(2025, 2, 2))
    assert result.status == status
    assert result.realised == D(realised)
    assert result.target == D(10)
    assert verdict in result.explanation
    assert result.explanation.startswith(
        "In 2024: aandeel vrijgekomen sociale huurwoningen voor statushouders bij Woonconcept "
    )


def test_at_most_share_planned_only():
    result = evaluate(
        STATUSHOUDERS, TargetInputs(planned=fig(8, None, "plan")), on=date(2024, 1, 1)
    )
    assert result.status == TargetStatus.ON_TRACK
    assert "De planning voldoet aan de norm van ten hoogste 10%." in result.explanation


# -- GROWTH: 002 #1, social stock +320 vs 1-1-2023 by 31-12-2027 --------------------------

STOCK_GROWTH = TargetSpec(
    kind=TargetKind.GROWTH,
    comparison=Comparison.AT_LEAST,
    value=D(320),
    unit="woningen",
    period_start=date(2023, 1, 1),
    deadline=date(2027, 12, 31),
    measure_label="voorraad sociale huurwoningen (DAEB)",
    scope_label="alle corporaties",
)
BASELINE = fig(6595, 2023, STOCK_TABLE)
PLANNED = fig(324, None, PLAN_TABLE)


def growth(additions=(), removals=(), planned=PLANNED, baseline=BASELINE) -> TargetInputs:
    return TargetInputs(
        additions=tuple(additions), removals=tuple(removals), planned=planned, baseline=baseline
    )


def test_002_1_planned_only_is_on_track():
    result = evaluate(STOCK_GROWTH, growth(), on=date(2024, 6, 1))
    assert result == Evaluation(
        status=TargetStatus.ON_TRACK,
        explanation=(
            "Voorraad sociale huurwoningen (DAEB) bij alle corporaties: volgens de planning "
            "+324 (uitgangssituatie 6.595 woningen), genoeg voor de norm van een groei van ten "
            "minste 320 woningen uiterlijk 31-12-2027; nog geen gerealiseerde cijfers."
        ),
        target=D(320),
        planned=D(324),
        realised=None,
        realised_year=None,
        sources=(PLAN_TABLE, STOCK_TABLE),
    )


def test_growth_on_track_pro_rata():
    result = evaluate(
        STOCK_GROWTH,
        growth(
            additions=[fig(150, 2023, "Domesta 2023"), fig(40, 2024, "Woonconcept 2024")],
            removals=[fig(60, 2024, "Woonconcept 2024")],
        ),
        on=date(2025, 3, 1),
    )
    assert result.status == TargetStatus.ON_TRACK
    assert result.realised == D(130)
    assert result.realised_year == 2024
    assert result.explanation == (
        "Voorraad sociale huurwoningen (DAEB) bij alle corporaties: in 2023-2024 gerealiseerd "
        "+130 (190 toegevoegd, 60 onttrokken; uitgangssituatie 6.595 woningen; planning +324); "
        "naar rato (2 van 5 jaar) was +128 verwacht, op weg naar de norm van een groei van ten "
        "minste 320 woningen uiterlijk 31-12-2027. Dat is op koers."
    )
    assert result.sources == (PLAN_TABLE, STOCK_TABLE, "Domesta 2023", "Woonconcept 2024")


@pytest.mark.parametrize(
    ("net", "status", "verdict"),
    [
        (128, TargetStatus.ON_TRACK, "Dat is op koers."),
        (96, TargetStatus.AT_RISK, "Dat is minder dan verwacht, maar ten minste driekwart."),
        (95, TargetStatus.BEHIND, "Dat is minder dan driekwart van het verwachte niveau."),
    ],
)
def test_growth_pro_rata_thresholds(net, status, verdict):
    result = evaluate(
        STOCK_GROWTH,
        growth(additions=[fig(net, 2023, "a"), fig(0, 2024, "b")]),
        on=date(2025, 1, 1),
    )
    assert result.status == status
    assert result.realised == D(net)
    assert result.explanation.endswith(verdict)
    assert "was +128 verwacht" in result.explanation


def test_growth_achieved_before_the_deadline():
    result = evaluate(
        STOCK_GROWTH,
        growth(additions=[fig(200, 2023, "a"), fig(180, 2025, "b")], removals=[fig(50, 2024, "c")]),
        on=date(2026, 1, 1),
    )
    assert result.status == TargetStatus.ACHIEVED
    assert result.realised == D(330)
    assert result.realised_year == 2025
    assert result.explanation.endswith(
        "Daarmee is de norm van een groei van ten minste 320 woningen uiterlijk 31-12-2027 behaald."
    )


def test_growth_deadline_passed_and_not_met_is_behind():
    result = evaluate(
        STOCK_GROWTH,
        growth(additions=[fig(300, 2027, "a")]),
        on=date(2028, 3, 1),
    )
    assert result.status == TargetStatus.BEHIND
    assert result.realised == D(300)
    assert "De termijn is verstreken en de norm van een groei" in result.explanation
    assert "is niet gehaald." in result.explanation


def test_growth_deadline_day_itself_is_not_passed():
    result = evaluate(
        STOCK_GROWTH,
        growth(additions=[fig(320 * 3 // 5, 2025, "a")]),
        on=date(2027, 12, 31),
    )
    assert result.status == TargetStatus.ON_TRACK


def test_growth_plan_that_misses_the_norm_is_behind():
    plan = fig(300, None, PLAN_TABLE)
    without = evaluate(STOCK_GROWTH, growth(planned=plan), on=date(2024, 1, 1))
    assert without.status == TargetStatus.BEHIND
    assert "de planning zelf (+300 (uitgangssituatie 6.595 woningen)) haalt" in (
        without.explanation
    )
    assert without.explanation.endswith("niet; nog geen gerealiseerde cijfers.")

    realised = growth(additions=[fig(200, 2023, "a")], planned=plan)
    with_realised = evaluate(STOCK_GROWTH, realised, on=date(2024, 1, 1))
    assert with_realised.status == TargetStatus.BEHIND
    assert with_realised.realised == D(200)
    assert "De planning zelf (+300) haalt de norm" in with_realised.explanation


def test_growth_no_realised_no_plan_is_no_data():
    result = evaluate(STOCK_GROWTH, growth(planned=None), on=date(2024, 1, 1))
    assert result.status == TargetStatus.NO_DATA
    assert result.planned is None
    assert result.sources == ()
    assert result.explanation.startswith("Nog geen gerealiseerde cijfers en geen planning")


def test_growth_no_realised_after_the_deadline_is_expired_even_with_a_good_plan():
    result = evaluate(STOCK_GROWTH, growth(), on=date(2028, 1, 1))
    assert result.status == TargetStatus.EXPIRED
    assert "terwijl de termijn" in result.explanation
    assert result.sources == (PLAN_TABLE,)


def test_growth_ignores_figures_outside_the_period():
    result = evaluate(
        STOCK_GROWTH,
        growth(
            additions=[fig(500, 2022, "te vroeg"), fig(100, 2023, "a"), fig(900, 2028, "te laat")],
            removals=[fig(400, 2022, "te vroeg"), fig(0, None, "zonder jaar")],
        ),
        on=date(2024, 1, 1),
    )
    assert result.realised == D(100)
    assert result.realised_year == 2023
    assert result.status == TargetStatus.ON_TRACK  # expected 64
    assert result.sources == (PLAN_TABLE, STOCK_TABLE, "a")


def test_growth_can_be_negative_and_is_formatted_with_a_minus():
    result = evaluate(
        STOCK_GROWTH,
        growth(additions=[fig(10, 2023, "a")], removals=[fig(1030, 2023, "b")]),
        on=date(2024, 1, 1),
    )
    assert result.realised == D(-1020)
    assert result.status == TargetStatus.BEHIND
    assert "gerealiseerd -1.020 (10 toegevoegd, 1.030 onttrokken;" in result.explanation


def test_002_5_village_stock_does_not_shrink():
    spec = TargetSpec(
        kind=TargetKind.GROWTH,
        comparison=Comparison.AT_LEAST,
        value=D(0),
        unit="woningen",
        period_start=date(2023, 1, 1),
        deadline=date(2027, 12, 31),
        measure_label="sociale huurvoorraad in kleine kernen",
    )
    kept = evaluate(spec, TargetInputs(additions=(fig(3, 2024, "a"),)), on=date(2025, 1, 1))
    assert kept.status == TargetStatus.ACHIEVED
    shrunk = evaluate(spec, TargetInputs(removals=(fig(3, 2024, "a"),)), on=date(2025, 1, 1))
    assert shrunk.status == TargetStatus.BEHIND
    assert shrunk.realised == D(-3)
    assert shrunk.explanation.startswith("Sociale huurvoorraad in kleine kernen: in 2023-2024")


# -- CUMULATIVE: 002 #20, 17 new pitches (Woonconcept 7, Domesta 10) ----------------------


def pitches(value, scope) -> TargetSpec:
    return TargetSpec(
        kind=TargetKind.CUMULATIVE,
        comparison=Comparison.AT_LEAST,
        value=D(value),
        unit="standplaatsen",
        period_start=date(2023, 10, 2),
        deadline=date(2027, 12, 31),
        measure_label="nieuwe standplaatsen met huurwagen",
        scope_label=scope,
    )


ARTICLE_20 = f"afspraak 20, {HOOGEVEEN}"


def test_002_20_domesta_on_track():
    inputs = TargetInputs(
        additions=(fig(0, 2023, "Domesta 2023"), fig(4, 2024, "Domesta 2024")),
        removals=(fig(9, 2024, "genegeerd"),),
        planned=fig(10, None, ARTICLE_20),
    )
    result = evaluate(pitches(10, "Domesta"), inputs, on=date(2025, 2, 1))
    assert result == Evaluation(
        status=TargetStatus.ON_TRACK,
        explanation=(
            "Nieuwe standplaatsen met huurwagen bij Domesta: in 2023-2024 gerealiseerd 4 "
            "(planning 10); naar rato (2 van 5 jaar) was 4 verwacht, op weg naar de norm van "
            "ten minste 10 standplaatsen uiterlijk 31-12-2027. Dat is op koers."
        ),
        target=D(10),
        planned=D(10),
        realised=D(4),
        realised_year=2024,
        sources=(ARTICLE_20, "Domesta 2023", "Domesta 2024"),
    )


def test_002_20_all_associations_behind_pro_rata():
    inputs = TargetInputs(
        additions=(
            fig(0, 2023, "Domesta 2023"),
            fig(4, 2024, "Domesta 2024"),
            fig(3, 2025, "Woonconcept 2025"),
        ),
        planned=fig(17, None, ARTICLE_20),
    )
    result = evaluate(pitches(17, "Woonconcept en Domesta"), inputs, on=date(2026, 2, 1))
    assert result.status == TargetStatus.BEHIND  # 7 < 0,75 x 10,2
    assert result.realised == D(7)
    assert "was 10,2 verwacht" in result.explanation
    assert "(3 van 5 jaar)" in result.explanation


def test_cumulative_at_risk():
    inputs = TargetInputs(additions=(fig(3, 2024, "a"),))
    result = evaluate(pitches(10, "Domesta"), inputs, on=date(2025, 1, 1))
    assert result.status == TargetStatus.AT_RISK
    assert result.planned is None
    assert result.explanation.endswith("Dat is minder dan verwacht, maar ten minste driekwart.")


def test_cumulative_achieved_and_deadline_passed():
    done = TargetInputs(additions=(fig(7, 2025, "Woonconcept"), fig(10, 2026, "Domesta")))
    assert evaluate(pitches(17, ""), done, on=date(2026, 12, 1)).status == TargetStatus.ACHIEVED
    short = TargetInputs(additions=(fig(7, 2025, "Woonconcept"), fig(9, 2027, "Domesta")))
    late = evaluate(pitches(17, ""), short, on=date(2028, 1, 1))
    assert late.status == TargetStatus.BEHIND
    assert late.realised == D(16)
    assert late.explanation.startswith(
        "Nieuwe standplaatsen met huurwagen: in 2023-2027 gerealiseerd 16."
    )


def test_cumulative_planned_only_and_no_data():
    planned = evaluate(
        pitches(7, "Woonconcept"),
        TargetInputs(planned=fig(7, None, ARTICLE_20)),
        on=date(2024, 1, 1),
    )
    assert planned.status == TargetStatus.ON_TRACK
    assert "volgens de planning 7, genoeg voor" in planned.explanation
    short_plan = evaluate(
        pitches(7, "Woonconcept"),
        TargetInputs(planned=fig(5, None, ARTICLE_20)),
        on=date(2024, 1, 1),
    )
    assert short_plan.status == TargetStatus.BEHIND
    assert "de planning zelf (5) haalt" in short_plan.explanation
    nothing = evaluate(pitches(7, "Woonconcept"), TargetInputs(), on=date(2024, 1, 1))
    assert nothing.status == TargetStatus.NO_DATA
    assert nothing.explanation.startswith("Nog geen gerealiseerde cijfers")


def test_cumulative_ignores_baseline_and_removals():
    inputs = TargetInputs(
        additions=(fig(10, 2024, "a"),),
        removals=(fig(5, 2024, "r"),),
        baseline=fig(100, 2023, "b"),
    )
    result = evaluate(pitches(10, "Domesta"), inputs, on=date(2025, 1, 1))
    assert result.realised == D(10)
    assert result.status == TargetStatus.ACHIEVED
    assert result.sources == ("a",)


# -- AT_MOST totals: a cap over the period (e.g. at most 100 homes sold) ------------------

SALES_CAP = TargetSpec(
    kind=TargetKind.CUMULATIVE,
    comparison=Comparison.AT_MOST,
    value=D(100),
    unit="woningen",
    period_start=date(2023, 1, 1),
    deadline=date(2027, 12, 31),
    measure_label="verkochte sociale huurwoningen",
)


@pytest.mark.parametrize(
    ("sold", "on", "status", "verdict"),
    [
        (30, date(2025, 1, 1), TargetStatus.ON_TRACK, "Dat is op koers."),
        (50, date(2025, 1, 1), TargetStatus.AT_RISK, "maar ten hoogste een kwart meer."),
        (51, date(2025, 1, 1), TargetStatus.BEHIND, "meer dan een kwart boven het verwachte"),
        (101, date(2025, 1, 1), TargetStatus.BEHIND, "al overschreden."),
        (90, date(2028, 1, 1), TargetStatus.ACHIEVED, "behaald."),
        (101, date(2028, 1, 1), TargetStatus.BEHIND, "termijn is verstreken"),
    ],
)
def test_at_most_total(sold, on, status, verdict):
    inputs = TargetInputs(additions=(fig(sold, 2024, "verkoop"),))
    result = evaluate(SALES_CAP, inputs, on=on)
    assert result.status == status
    assert result.realised == D(sold)
    assert verdict in result.explanation
    assert "ten hoogste 100 woningen uiterlijk 31-12-2027" in result.explanation


def test_at_most_total_planned_over_the_cap_is_behind():
    inputs = TargetInputs(planned=fig(120, None, "plan"))
    result = evaluate(SALES_CAP, inputs, on=date(2024, 1, 1))
    assert result.status == TargetStatus.BEHIND
    assert "de planning zelf (120) haalt" in result.explanation


# -- general --------------------------------------------------------------------------------


def test_evaluation_is_deterministic():
    inputs = growth(additions=[fig(100, 2023, "a"), fig(50, 2024, "b")])
    first = evaluate(STOCK_GROWTH, inputs, on=date(2025, 1, 1))
    second = evaluate(STOCK_GROWTH, inputs, on=date(2025, 1, 1))
    assert first == second
    assert first.status == TargetStatus.ON_TRACK


def test_unknown_kind_is_rejected():
    spec = share_spec(90)
    bad = TargetSpec(**{**spec.__dict__, "kind": "average"})
    with pytest.raises(ValueError, match="unknown target kind"):
        evaluate(bad, TargetInputs(), on=date(2024, 1, 1))


def test_status_labels_are_dutch():
    assert TargetStatus.ACHIEVED.label == "behaald"
    assert TargetStatus.NO_DATA.label == "geen gegevens"
    assert TargetKind.CUMULATIVE.label == "totaal"
    assert Comparison.AT_MOST.label == "≤"
