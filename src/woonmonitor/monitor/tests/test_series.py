"""Trends: vintages of a code are joined only when a Continuity record says they are the same."""

from __future__ import annotations

from tests.factories import AreaFactory, IndicatorValueFactory

from woonmonitor.areas.continuity import judge_surfaces
from woonmonitor.areas.models import Continuity, Level
from woonmonitor.monitor.series import ROLE_AREA, build_segments, trend_rows, trend_series

from .area_world import stock_rows, world_fixture  # noqa: F401


def test_stock_2012_2020_is_one_line_joined_by_the_stock_count(world):
    series = trend_series(
        area=world.area("GM1681", 2024), indicator=world.indicators["voorraad-eind"]
    )

    own = series.segments_of(ROLE_AREA)
    assert len(own) == 1
    assert own[0].vintages == list(range(2012, 2021))
    assert not own[0].split
    assert own[0].label == "Borger-Odoorn (gemeente)"
    real = stock_rows("GM1681")
    assert [(p.period, p.value) for p in own[0].points] == [
        (year, float(real[year]["EindstandVoorraad_8"])) for year in range(2012, 2021)
    ]
    assert own[0].points[-1].value == 11224  # the check in SOURCE.txt
    assert series.breaks == []
    assert series.additive
    # a run from before the sources table is cited by the indicator's table, with its rule
    source = series.sources[0]
    assert source.citation == (
        "CBS, Voorraad woningen en niet-woningen; mutaties, gebruiksfunctie, regio (81955NED)"
    )
    assert source.details.startswith("cijfers over het hele jaar")
    assert len(series.sources) == 1  # one source over nine years, not one per year


def test_unknown_continuity_keeps_vintages_apart_and_says_so(world):
    series = trend_series(area=world.area("WK168100", 2024), indicator=world.indicators["inwoners"])

    own = series.segments_of(ROLE_AREA)
    assert [s.vintages for s in own] == [[2022], [2024]]
    assert all(s.split for s in own)
    assert own[0].label == "Valthe (wijk, indeling 2022)"
    assert [b.text for b in series.breaks if b.code == "WK168100"] == [
        "Niet vastgesteld dat WK168100 in de indeling 2022 hetzelfde gebied is als in 2024"
    ]
    # the municipality and the province are beside it, under their own codes
    assert series.roles == [ROLE_AREA, Level.MUNICIPALITY, Level.PROVINCE]
    municipality = series.segments_of(Level.MUNICIPALITY)
    assert [(s.code, s.vintages) for s in municipality] == [("GM1681", [2022]), ("GM1681", [2024])]
    assert {p.value for s in municipality for p in s.points} == {25681, 26014}
    (province,) = series.segments_of(Level.PROVINCE)
    assert province.code == "PV22" and province.points[0].value == 497_743  # SOURCE.txt check


def test_a_same_record_joins_the_vintages(world):
    Continuity.objects.create(
        earlier=world.area("WK168100", 2022),
        later=world.area("WK168100", 2024),
        same=True,
        evidence=judge_surfaces(1082, 1082).evidence,
    )
    series = trend_series(area=world.area("WK168100", 2024), indicator=world.indicators["inwoners"])

    own = series.segments_of(ROLE_AREA)
    assert len(own) == 1 and own[0].vintages == [2022, 2024]
    assert [p.value for p in own[0].points] == [1230, 1215]
    assert [b for b in series.breaks if b.code == "WK168100"] == []


def test_a_different_area_is_shown_apart_with_the_evidence(world):
    judgement = judge_surfaces(1082, 1500)
    Continuity.objects.create(
        earlier=world.area("WK168100", 2022),
        later=world.area("WK168100", 2024),
        same=judgement.same,
        evidence=judgement.evidence,
        source="CBS KWB 2022 en 2024, oppervlakte",
    )
    series = trend_series(area=world.area("WK168100", 2024), indicator=world.indicators["inwoners"])

    assert len(series.segments_of(ROLE_AREA)) == 2
    (brk,) = [b for b in series.breaks if b.code == "WK168100"]
    assert brk.judged
    assert brk.text.startswith("Ander gebied: oppervlakte 1.082 ha → 1.500 ha")
    assert "WK168100, indeling 2022 → 2024" in brk.text


def _row(vintage, period, value):
    return {
        "area__vintage": vintage,
        "area__name": "Valthe",
        "area__level": "wijk",
        "period": period,
        "value": value,
        "status": "definitief",
        "note": "",
        "origin": "import",
        "import_run_id": None,
    }


def _link(a, b, same, evidence=""):
    return {
        "earlier__vintage": a,
        "later__vintage": b,
        "same": same,
        "evidence": evidence,
        "source": "",
    }


def test_joins_run_through_vintages_without_a_value_of_the_indicator():
    rows = [_row(2019, 2019, 10.0), _row(2022, 2022, 12.0)]
    links = [_link(2019, 2020, True), _link(2020, 2021, True), _link(2021, 2022, True)]
    segments, breaks = build_segments(ROLE_AREA, "WK168100", rows, links)
    assert [s.vintages for s in segments] == [[2019, 2022]]
    assert breaks == []


def test_a_break_inside_the_span_gives_its_evidence():
    rows = [_row(2019, 2019, 10.0), _row(2022, 2022, 12.0)]
    links = [_link(2019, 2020, True), _link(2020, 2021, False, "oppervlakte verschilt")]
    segments, breaks = build_segments(ROLE_AREA, "WK168100", rows, links)
    assert [s.vintages for s in segments] == [[2019], [2022]]
    assert breaks[0].judged and breaks[0].evidence == "oppervlakte verschilt"


def test_a_period_in_two_joined_vintages_takes_the_nearest_vintage():
    rows = [_row(2018, 2021, 25.2), _row(2022, 2021, 25.3), _row(2022, 2022, 25.4)]
    segments, _breaks = build_segments(ROLE_AREA, "GM1681", rows, [_link(2018, 2022, True)])
    assert [(p.period, p.value, p.vintage) for p in segments[0].points] == [
        (2021, 25.3, 2022),
        (2022, 25.4, 2022),
    ]


def test_suppressed_points_stay_as_gaps_with_their_reason(world):
    series = trend_series(
        area=world.area("WK168193", 2024), indicator=world.indicators["woningbezetting"]
    )
    (point,) = series.segments_of(ROLE_AREA)[0].points
    assert point.value is None and point.note == "minder dan 20 woningen"
    rows = trend_rows(series)
    assert {row["role"] for row in rows} == {ROLE_AREA, "gemeente"}
    assert rows[0]["status"] == "geheim"


def test_trend_queries_do_not_grow_with_years(world, django_assert_max_num_queries):
    indicator = world.indicators["voorraad-eind"]
    area = world.area("GM1681", 2024)
    with django_assert_max_num_queries(3):
        before = trend_series(area=area, indicator=indicator)
    for year in range(2000, 2012):
        IndicatorValueFactory(
            indicator=indicator,
            area=AreaFactory(code="GM1681", vintage=year, level=Level.MUNICIPALITY),
            period=year,
            value=11000.0,
        )
    with django_assert_max_num_queries(3):
        after = trend_series(area=area, indicator=indicator)
    assert len(after.periods) == len(before.periods) + 12
