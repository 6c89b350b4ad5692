"""Largest remainder (Hamilton) with exact fractions, its tie rule, caps and the Alabama check."""

from __future__ import annotations

from fractions import Fraction

import pytest

from woonmonitor.allocation.apportion import (
    AlabamaCase,
    ApportionError,
    alabama_cases,
    apportion_steps,
    capped_apportion,
    largest_remainder,
)

DOMAIN = {"A": 21878, "B": 9713, "C": 4167, "D": 3252, "E": 1065}


def test_domain_example_44():
    assert largest_remainder(DOMAIN, 44) == {"A": 24, "B": 11, "C": 5, "D": 3, "E": 1}


def test_domain_example_43():
    assert largest_remainder(DOMAIN, 43) == {"A": 24, "B": 10, "C": 4, "D": 4, "E": 1}


def test_alabama_detected():
    assert alabama_cases(DOMAIN, 43) == [AlabamaCase("D", 43, 4, 3)]
    assert alabama_cases(DOMAIN, 44) == [AlabamaCase("D", 43, 4, 3)]


@pytest.mark.parametrize("total", range(0, 60))
def test_always_exact(total):
    assert sum(largest_remainder(DOMAIN, total).values()) == total


def test_ties_go_to_the_larger_weight_then_the_earlier():
    assert largest_remainder({"a": 1, "b": 1, "c": 1}, 1) == {"a": 1, "b": 0, "c": 0}
    assert largest_remainder({"a": 1, "b": 3}, 2) == {"a": 0, "b": 2}
    # equal remainders (1/2 each) with different weights: the larger weight wins
    assert largest_remainder({"small": 1, "big": 3}, 1) == {"small": 0, "big": 1}


def test_exact_fractions_no_float_noise():
    steps = apportion_steps({"a": Fraction(1, 3), "b": Fraction(2, 3)}, 3)
    assert steps.quota == {"a": 1, "b": 2}
    assert steps.result == {"a": 1, "b": 2}


def test_errors():
    with pytest.raises(ApportionError):
        largest_remainder({"a": 0}, 1)
    with pytest.raises(ApportionError):
        largest_remainder({"a": -1, "b": 2}, 1)
    assert largest_remainder({"a": 0}, 0) == {"a": 0}


def test_capped_redistributes_until_stable():
    outcome = capped_apportion(
        {"a": Fraction(1), "b": Fraction(1), "c": Fraction(2)}, {"c": 3, "b": 4}, 10
    )
    # c: 5 > 3 -> 3; then a, b share 7: 3.5 each; b cap 4 not reached
    assert outcome.amounts["c"] == 3
    assert outcome.amounts["a"] + outcome.amounts["b"] == 7
    assert outcome.rounds == [["c"]]
    assert outcome.unplaced == 0


def test_capped_cannot_place():
    outcome = capped_apportion({"a": Fraction(1), "b": Fraction(1)}, {"a": 1, "b": 2}, 5)
    assert outcome.amounts == {"a": 1, "b": 2}
    assert outcome.unplaced == 2
