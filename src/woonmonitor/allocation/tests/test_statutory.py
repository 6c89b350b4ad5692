"""The statutory task (Huisvestingswet 2014 art. 28-30): exact rounding up and exchanges. Pure."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

from woonmonitor.allocation import statutory
from woonmonitor.allocation.statutory import Exchange, ExchangeError

GOLDEN = json.loads(
    (Path(__file__).parent / "golden" / "statushouders_het_hogeland.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", GOLDEN["statutory"], ids=lambda c: c["period"])
def test_het_hogeland_golden(case):
    task = statutory.statutory_task(case["vg"], case["population"], case["national_population"])
    assert task == case["task"]
    q = statutory.quotient(case["vg"], case["population"], case["national_population"])
    assert statutory.format_fraction(q) == case["quotient_display"]


def test_whole_quotient_is_not_rounded_up():
    assert statutory.statutory_task(100, 50, 1000) == 5
    assert statutory.statutory_task(100, 51, 1000) == 6
    assert statutory.statutory_task(0, 51, 1000) == 0


def test_no_float_error_on_an_exact_result():
    # in floats 7 x (29 / 7) is 29.000000000000004, so a float ceil gives 30
    assert math.ceil(7 * (29 / 7)) == 30
    assert statutory.statutory_task(7, 29, 7) == 29
    assert statutory.quotient(7, 29, 7) == Fraction(29)


def test_large_numbers_stay_exact():
    # a quotient a hair above a whole number must still round up
    in_ = 17_590_672
    ig = in_ - 1
    assert statutory.statutory_task(in_ + 1, ig, in_) == in_


def test_invalid_inputs():
    with pytest.raises(ValueError):
        statutory.statutory_task(10, 5, 0)
    with pytest.raises(ValueError):
        statutory.statutory_task(-1, 5, 10)


def test_sum_of_tasks_is_at_least_vg_and_at_most_one_more_per_municipality():
    populations = {"A": 48_022, "B": 12_345, "C": 98_765, "D": 1}
    national = sum(populations.values())
    outcome = statutory.compute(vg=1_000, national_population=national, populations=populations)
    assert 1_000 <= outcome.total <= 1_000 + len(populations)


def test_exchange_keeps_the_sum():
    tasks = {"GM1681": 20, "GM0114": 100}
    after = statutory.apply_exchanges(tasks, [Exchange("GM1681", "GM0114", 5)])
    assert after == {"GM1681": 15, "GM0114": 105}
    assert sum(after.values()) == sum(tasks.values())


def test_exchange_larger_than_the_givers_task_is_refused():
    with pytest.raises(ExchangeError, match="kan geen 21 afstaan"):
        statutory.apply_exchanges({"A": 20, "B": 1}, [Exchange("A", "B", 21)])


def test_exchanges_apply_in_order_against_what_is_left():
    exchanges = [Exchange("A", "B", 15), Exchange("A", "C", 6)]
    with pytest.raises(ExchangeError):
        statutory.apply_exchanges({"A": 20, "B": 0, "C": 0}, exchanges)
    exchanges = [Exchange("B", "A", 3), Exchange("A", "C", 23)]
    assert statutory.apply_exchanges({"A": 20, "B": 3, "C": 0}, exchanges) == {
        "A": 0,
        "B": 0,
        "C": 23,
    }


@pytest.mark.parametrize(
    "exchange",
    [Exchange("A", "A", 1), Exchange("A", "B", 0), Exchange("A", "X", 1)],
    ids=["self", "empty", "unknown"],
)
def test_invalid_exchanges(exchange):
    with pytest.raises(ExchangeError):
        statutory.apply_exchanges({"A": 5, "B": 5}, [exchange])


def test_compute_with_exchange_and_override_describes_each_step():
    outcome = statutory.compute(
        vg=21_200,
        national_population=17_590_672,
        populations={"GM1966": 48_022, "GM0014": 234_649},
        exchanges=[Exchange("GM1966", "GM0014", 8, "Besluit 1")],
        overridden=["GM1966"],
    )
    hogeland = outcome.computations["GM1966"]
    assert hogeland.raw_task == 58 and hogeland.task == 50 and hogeland.exchange_delta == -8
    groningen = outcome.computations["GM0014"]
    assert groningen.task == groningen.raw_task + 8
    steps = statutory.describe(hogeland, names={"GM0014": "Groningen"})
    text = " ".join(steps)
    assert "21.200" in text and "48.022" in text and "17.590.672" in text
    assert "57,88" in text and "Naar boven afgerond (art. 28): 58." in text
    assert "art. 30" in text
    assert "8 afgestaan aan Groningen" in text
    assert steps[-1] == "Taakstelling na uitruil: 50."


def test_describe_a_whole_quotient():
    outcome = statutory.compute(vg=100, national_population=1000, populations={"A": 50})
    assert "geheel getal" in " ".join(statutory.describe(outcome.computations["A"]))


def test_format_helpers():
    assert statutory.format_int(17590672) == "17.590.672"
    assert statutory.format_fraction(Fraction(1, 8)) == "0,13"
    assert statutory.format_fraction(Fraction(-5, 2), 1) == "-2,5"
    assert statutory.format_fraction(Fraction(12345, 1)) == "12.345,00"
    assert statutory.reference_date(2023).isoformat() == "2022-01-01"
