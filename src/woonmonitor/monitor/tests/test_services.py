import pytest
from tests.factories import AreaFactory, ImportRunFactory, IndicatorFactory

from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.services import ensure_areas
from woonmonitor.monitor.models import IndicatorValue, ValueStatus
from woonmonitor.monitor.services import NewValue, store_values

pytestmark = pytest.mark.django_db


def _value(indicator, area, value, status=ValueStatus.DEFINITIVE, note=""):
    return NewValue(indicator.pk, area.pk, 2024, value, status, note)


def test_store_values_creates_then_leaves_unchanged_values_alone():
    indicator = IndicatorFactory()
    area = AreaFactory(vintage=2024)
    run = ImportRunFactory()
    first = store_values(values=[_value(indicator, area, 10.0)], import_run=run)
    assert (first.created, first.replaced, first.unchanged) == (1, 0, 0)
    again = store_values(values=[_value(indicator, area, 10.0)], import_run=run)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 1)
    stored = IndicatorValue.objects.get()
    assert stored.import_run == run
    assert stored.is_current


def test_a_changed_value_replaces_the_old_one_which_is_kept():
    indicator = IndicatorFactory()
    area = AreaFactory(vintage=2024)
    store_values(values=[_value(indicator, area, 10.0)])
    result = store_values(values=[_value(indicator, area, None, ValueStatus.SUPPRESSED, "CBS")])
    assert (result.created, result.replaced) == (0, 1)
    old, new = IndicatorValue.objects.order_by("pk")
    assert not old.is_current and old.value == 10.0
    assert new.is_current and new.value is None and new.supersedes == old
    assert IndicatorValue.objects.current().get() == new


def test_ensure_areas_creates_missing_areas_with_parents_in_few_queries(
    django_assert_max_num_queries,
):
    province = AreaFactory(level=Level.PROVINCE, code="PV22", vintage=2022, name="Drenthe")
    AreaFactory(code="GM1681", vintage=2022, name="Borger-Odoorn", parent=province)
    codes = ["GM1681", *[f"WK1681{n:02d}" for n in range(25)]]
    with django_assert_max_num_queries(30):
        ids = ensure_areas(codes=codes, vintage=2024, names={"WK168100": "Valthe"})
    assert len(ids) == 26
    gemeente = Area.objects.get(code="GM1681", vintage=2024)
    assert gemeente.name == "Borger-Odoorn" and gemeente.name_vintage == 2022
    assert gemeente.parent.code == "PV22" and gemeente.parent.vintage == 2024
    assert gemeente.parent.parent.code == "NL01"
    wijk = Area.objects.get(code="WK168100", vintage=2024)
    assert wijk.name == "Valthe" and wijk.parent == gemeente
    assert ensure_areas(codes=codes, vintage=2024) == ids
