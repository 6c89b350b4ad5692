import pytest

from woonmonitor.monitor.aggregation import NONE, SUM, WEIGHTED_MEAN, Part, aggregate, ratio


def test_sum_of_known_parts():
    result = aggregate(SUM, [Part(10), Part(5.5), Part(0)])
    assert result.value == 15.5
    assert result.parts == 3
    assert result.note == "som van 3 gebieden"


def test_sum_refuses_when_a_part_is_unknown():
    result = aggregate(SUM, [Part(10), Part(None), Part(3)])
    assert result.value is None
    assert result.note == "1 van 3 gebieden zonder waarde"


def test_weighted_mean_uses_the_weights():
    # 250 homes worth 200 and 750 homes worth 300 -> 275
    result = aggregate(WEIGHTED_MEAN, [Part(200, 250), Part(300, 750)])
    assert result.value == pytest.approx(275)


def test_weighted_mean_needs_every_weight_and_a_positive_total():
    assert aggregate(WEIGHTED_MEAN, [Part(200, None), Part(300, 10)]).value is None
    assert aggregate(WEIGHTED_MEAN, [Part(200, 0), Part(300, 0)]).note == "totaal gewicht is nul"


def test_not_aggregatable_and_empty():
    assert aggregate(NONE, [Part(1)]).value is None
    assert aggregate(SUM, []).note == "geen gebieden"
    with pytest.raises(ValueError):
        aggregate("mediaan", [Part(1)])


def test_ratio():
    assert ratio(25, 100, 100) == 25
    assert ratio(None, 100) is None
    assert ratio(5, 0) is None
