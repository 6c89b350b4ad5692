"""monitor.figures: the one door through which allocation and programming read the monitor."""

from __future__ import annotations

import pytest
from tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

from woonmonitor.areas.models import Level
from woonmonitor.monitor.figures import figures, indicator_ids, periods
from woonmonitor.monitor.models import ValueStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def inhabitants():
    indicator = IndicatorFactory(key="inwoners")
    borger = AreaFactory(code="GM1681", name="Borger-Odoorn", level=Level.MUNICIPALITY)
    emmen = AreaFactory(code="GM0114", name="Emmen", level=Level.MUNICIPALITY)
    country = AreaFactory(code="NL01", name="Nederland", level=Level.COUNTRY)
    IndicatorValueFactory(indicator=indicator, area=borger, period=2022, value=25681)
    IndicatorValueFactory(
        indicator=indicator, area=emmen, period=2022, value=None, status=ValueStatus.SUPPRESSED
    )
    IndicatorValueFactory(indicator=indicator, area=country, period=2022, value=17590672)
    IndicatorValueFactory(indicator=indicator, area=borger, period=2023, value=25900)
    return indicator


def test_values_per_gemeente_with_their_citation(inhabitants):
    found = figures("inwoners", 2022)
    assert set(found) == {"GM1681", "GM0114"}
    borger = found["GM1681"]
    assert (borger.value, borger.name, borger.period, borger.known) == (
        25681,
        "Borger-Odoorn",
        2022,
        True,
    )
    assert borger.citation


def test_a_secret_value_is_present_but_not_known(inhabitants):
    assert figures("inwoners", 2022)["GM0114"].known is False


def test_codes_level_and_unknown_indicator(inhabitants):
    assert set(figures("inwoners", 2022, codes=["GM1681"])) == {"GM1681"}
    assert figures("inwoners", 2022, level=Level.COUNTRY)["NL01"].value == 17590672
    assert figures("bestaat-niet", 2022) == {}


def test_periods_and_ids(inhabitants):
    assert periods("inwoners") == [2022, 2023]
    assert indicator_ids(["inwoners", "bestaat-niet"]) == {"inwoners": inhabitants.pk}
