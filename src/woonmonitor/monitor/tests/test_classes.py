"""Class breaks a person can read, and colours that say which side is favourable (pure)."""

from __future__ import annotations

import csv
import math

import pytest
from django.conf import settings
from django.utils import translation

from woonmonitor.monitor.classes import (
    NEUTRAL,
    SEQUENTIAL,
    classify,
    nice_breaks,
    palette,
)

KWB2022 = settings.WOONMONITOR_DATA_DIR / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def wijken_2022(gemeente: str, column: str) -> list[float | None]:
    with KWB2022.open(encoding="utf-8") as handle:
        return [
            float(row[column]) if row[column] else None
            for row in csv.DictReader(handle)
            if row["code"].startswith("WK" + gemeente[2:])
        ]


def significant_digits(number: float) -> int:
    digits = f"{abs(number):.10g}".replace(".", "").strip("0")
    return len(digits)


def assert_consistent(classification, values):
    """Every value lies in the class whose label bounds it; counts add up; breaks distinct."""
    known = [v for v in values if v is not None]
    assert sum(c.count for c in classification.classes) == len(known)
    assert list(classification.breaks) == sorted(set(classification.breaks))
    for value in known:
        position = classification.index(value)
        chosen = classification.classes[position]
        assert chosen.lower <= value <= chosen.upper
        if position < len(classification.classes) - 1 and not classification.categorical:
            assert value < chosen.upper


def test_real_housing_stock_of_the_wijken_of_emmen_gets_round_dutch_breaks():
    values = wijken_2022("GM0114", "dwelling_total")
    assert len(values) == 27  # every wijk of Emmen in KWB 2022
    result = classify(values, unit="aantal", polarity="neutraal")
    assert [c.label for c in result.classes] == [
        "10 tot 600",
        "600 tot 900",
        "900 tot 2.000",
        "2.000 tot 3.000",
        "3.000 tot en met 6.000",
    ]
    assert [c.count for c in result.classes] == [7, 4, 5, 4, 7]
    assert all(significant_digits(b) <= 2 for b in result.breaks)
    assert_consistent(result, values)


def test_real_woz_values_are_labelled_in_euros_not_thousands():
    values = wijken_2022("GM1681", "dwelling_value")
    assert None in values  # Ellertshaar: CBS published no average for 12 homes
    result = classify(values, unit="x1000-euro", polarity="neutraal")
    labels = [c.label for c in result.classes]
    assert labels[0].startswith("€ ") and " tot € " in labels[0]
    assert all(label.count("€") == 2 for label in labels)
    assert labels[-1].split(" tot en met ")[1] == "€ 425.000"
    assert_consistent(result, values)


def test_whole_percentages_never_get_half_percent_breaks():
    values = wijken_2022("GM0114", "dwelling_ownership")
    result = classify(values, unit="procent", decimals=0, polarity="neutraal")
    assert all(b == int(b) for b in result.breaks)
    assert all("," not in c.label for c in result.classes)
    assert all(c.label.endswith(" %") for c in result.classes)
    assert_consistent(result, values)


def test_persons_per_home_use_decimal_commas():
    population = wijken_2022("GM1681", "population")
    homes = wijken_2022("GM1681", "dwelling_total")
    values = [p / h for p, h in zip(population, homes, strict=True)]
    result = classify(values, unit="personen", decimals=2)
    # 1,83 to 2,92 persons per home: steps of 0,05 are as coarse as keeps five classes apart.
    assert [c.label for c in result.classes] == [
        "1,80 tot 2,25",
        "2,25 tot 2,30",
        "2,30 tot 2,45",
        "2,45 tot 2,60",
        "2,60 tot en met 2,95",
    ]
    assert_consistent(result, values)


def test_breaks_never_repeat_even_when_quantiles_round_to_the_same_number():
    values = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 5000]
    breaks, _refinement = nice_breaks(values, 5, 0)
    assert breaks == sorted(set(breaks))
    assert all(100 < b < 5000 for b in breaks)
    result = classify(values, unit="aantal")
    assert len({c.label for c in result.classes}) == len(result.classes)
    assert_consistent(result, values)


def test_skewed_values_with_many_ties_do_not_give_empty_duplicate_classes():
    values = [0.0] * 20 + [3.0, 7.0, 12.0, 40.0, 90.0, 300.0]
    result = classify(values, unit="aantal")
    assert result.breaks == tuple(sorted(set(result.breaks)))
    assert_consistent(result, values)


def test_one_value_is_one_class_labelled_with_that_value():
    result = classify([1234.0, 1234.0, None], unit="aantal")
    assert [(c.label, c.count) for c in result.classes] == [("1.234", 2)]
    assert result.index(1234.0) == 0
    assert result.index(None) is None


def test_no_values_no_classes():
    result = classify([None, None], unit="aantal", polarity="hoger-beter")
    assert result.classes == ()
    assert result.index(5.0) is None
    assert result.colour(5.0) is None


def test_few_distinct_values_each_get_their_own_class():
    result = classify([1, 2, 2, 3], unit="aantal")
    assert result.categorical
    assert [c.label for c in result.classes] == ["1", "2", "3"]
    assert [c.count for c in result.classes] == [1, 2, 1]


def test_urbanity_classes_are_categories_in_their_own_order():
    values = [float(v) for v in (1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 5, 5)]
    result = classify(values, unit="klasse", polarity="neutraal")
    assert [c.label for c in result.classes] == ["1", "2", "3", "4", "5"]
    assert [result.index(v) for v in (1.0, 5.0)] == [0, 4]


def test_negative_values_keep_their_sign_and_readable_ends():
    values = [-48.0, -31.0, -12.0, -3.0, 4.0, 9.0, 15.0, 33.0, 58.0, 77.0, 96.0, 118.0]
    result = classify(values, unit="aantal")
    assert result.classes[0].label.startswith("-50 tot ")
    assert result.classes[-1].label.endswith(" tot en met 120")
    assert_consistent(result, values)


def test_palette_runs_light_to_dark_and_turns_around_when_higher_is_worse():
    assert palette("hoger-beter", 5) == list(SEQUENTIAL)
    assert palette("hoger-slechter", 5) == list(reversed(SEQUENTIAL))
    assert palette("neutraal", 5) == list(NEUTRAL)
    assert palette("hoger-beter", 3) == [SEQUENTIAL[0], SEQUENTIAL[2], SEQUENTIAL[4]]
    assert palette("neutraal", 1) == [NEUTRAL[2]]
    assert palette("neutraal", 0) == []


def test_the_legend_says_what_darker_means():
    values = [float(v) for v in range(10, 100, 7)]
    better = classify(values, unit="procent", polarity="hoger-beter")
    worse = classify(values, unit="procent", polarity="hoger-slechter")
    assert better.classes[-1].colour == worse.classes[0].colour == SEQUENTIAL[-1]
    assert "hoger is beter" in better.reading
    assert "lager is beter" in worse.reading
    assert "niet beter of slechter" in classify(values, unit="procent").reading


def test_colours_are_distinct_per_class_and_none_has_no_colour():
    values = wijken_2022("GM0114", "population")
    result = classify(values, unit="aantal", polarity="hoger-beter")
    colours = [c.colour for c in result.classes]
    assert len(set(colours)) == len(colours) == 5
    assert result.colour(None) is None
    assert result.colour(max(v for v in values if v is not None)) == colours[-1]


@pytest.mark.parametrize("scale", [0.001, 1.0, 1000.0, 1_000_000.0])
def test_breaks_are_nice_at_every_scale(scale):
    values = [v * scale for v in (3.1, 4.7, 5.2, 8.8, 9.9, 12.4, 15.5, 21.0, 27.3, 33.3, 41.9)]
    result = classify(values, unit="aantal", decimals=4)
    assert len(result.classes) == 5
    for b in result.breaks:
        mantissa = b / 10 ** math.floor(math.log10(abs(b)))
        assert round(mantissa * 4) == mantissa * 4 or significant_digits(b) <= 2
    assert_consistent(result, values)
