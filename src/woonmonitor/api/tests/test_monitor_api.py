"""The monitor API: the catalogue and the values per area, in JSON and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from tests.factories import (
    AreaFactory,
    ImportRunFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
)

from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import sync_source
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.models import (
    DisclosureKind,
    Indicator,
    Theme,
    Unit,
    ValueOrigin,
    ValueStatus,
)

pytestmark = pytest.mark.django_db

#: The citation of the run's source in the sources table (the run's own text names the route).
SOURCE_2024 = "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
LOADED = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
LOADED_AT = "2025-03-01T11:00:00+01:00"  # in the site's time zone


def kwb_run(**kwargs) -> ImportRun:
    return ImportRunFactory(
        source="CBS Kerncijfers 2024, via OData",
        data_source=sync_source(resolve("cbs-kwb", 2024)),
        finished_at=LOADED,
        **kwargs,
    )


@dataclass
class Monitor:
    run: ImportRun
    areas: dict[str, Area]
    homes: Indicator
    woz: Indicator

    def value(self, indicator, code, period, value, *, vintage=2024, **kwargs):
        kwargs.setdefault("import_run", self.run)
        area = self.areas[f"{code}@{vintage}"]
        return IndicatorValueFactory(
            indicator=indicator, area=area, period=period, value=value, **kwargs
        )


def _area(areas, code, level, name, parent=None, vintage=2024):
    area = AreaFactory(code=code, vintage=vintage, level=level, name=name, parent=parent)
    areas[f"{code}@{vintage}"] = area
    return area


@pytest.fixture
def monitor(db) -> Monitor:
    """Borger-Odoorn (2022 and 2024) and Assen, with wijken, buurten, and two indicators.

    The disclosure rule of both indicators is "geen", so the values pass unchanged and the
    tests can check the API itself; ``test_monitor_disclosure`` checks what is suppressed.
    """
    areas: dict[str, Area] = {}
    country = _area(areas, "NL01", Level.COUNTRY, "Nederland")
    drenthe = _area(areas, "PV22", Level.PROVINCE, "Drenthe", country)
    borger = _area(areas, "GM1681", Level.MUNICIPALITY, "Borger-Odoorn", drenthe)
    assen = _area(areas, "GM0106", Level.MUNICIPALITY, "Assen", drenthe)
    for number, name in ((0, "Borger"), (1, "Odoorn"), (2, "Exloo")):
        _area(areas, f"WK16810{number}", Level.DISTRICT, name, borger)
    _area(areas, "WK010600", Level.DISTRICT, "Assen-Centrum", assen)
    borger_wijk = areas["WK168100@2024"]
    _area(areas, "BU16810000", Level.NEIGHBOURHOOD, "Borger-Centrum", borger_wijk)
    _area(areas, "BU16810001", Level.NEIGHBOURHOOD, "Borger-Buiten", borger_wijk)
    old = _area(areas, "GM1681", Level.MUNICIPALITY, "Borger-Odoorn", vintage=2022)
    _area(areas, "WK168100", Level.DISTRICT, "Borger", old, vintage=2022)

    run = kwb_run()
    homes = IndicatorFactory(
        key="woningvoorraad",
        name="Woningvoorraad",
        description="Aantal woningen op 1 januari.",
        theme=Theme.HOUSING,
        unit=Unit.COUNT,
        source_table="85984NED",
        source_variable="Woningvoorraad",
        disclosure=DisclosureKind.NONE,
        order=1,
    )
    woz = IndicatorFactory(
        key="woz-gemiddeld",
        name="Gemiddelde WOZ-waarde",
        theme=Theme.HOUSING,
        unit=Unit.EURO_THOUSAND,
        decimals=0,
        source_table="85984NED",
        source_variable="GemiddeldeWOZWaardeVanWoningen",
        aggregation="gewogen-gemiddelde",
        weight="woningvoorraad",
        polarity="neutraal",
        disclosure=DisclosureKind.NONE,
        order=2,
    )
    data = Monitor(run, areas, homes, woz)
    for code, value in (
        ("GM1681", 11835),
        ("WK168100", 2450),
        ("WK168101", 1790),
        ("WK168102", 2012),
        ("GM0106", 31200),
        ("WK010600", 3050),
        ("BU16810000", 1200),
        ("BU16810001", 1250),
    ):
        data.value(homes, code, 2024, value)
    data.value(homes, "GM1681", 2022, 11700, vintage=2022)
    data.value(homes, "WK168100", 2022, 2400, vintage=2022)
    data.value(woz, "WK168100", 2022, 231.5, vintage=2022)
    return data


def values_url(key: str = "woningvoorraad") -> str:
    return f"/api/v1/indicators/{key}/values/"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response) -> list[str]:
    return [row["area"] for row in results(response)]


def rows_by_key(response) -> dict[str, dict]:
    """The rows of a profile by indicator key."""
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()["rows"]}


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def as_csv_cells(rows: list[dict]) -> list[dict[str, str]]:
    """JSON rows as the CSV writes them: null as empty, everything else as text."""
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


# ----------------------------------------------------------------------------- catalogue


class TestCatalogue:
    def test_list_item(self, api_client, monitor):
        response = api_client.get("/api/v1/indicators/")
        assert response.status_code == 200
        assert response.json()["count"] == 2
        first = response.json()["results"][0]
        assert first == {
            "key": "woningvoorraad",
            "url": "http://testserver/api/v1/indicators/woningvoorraad/",
            "values_url": "http://testserver/api/v1/indicators/woningvoorraad/values/",
            "name": "Woningvoorraad",
            "description": "Aantal woningen op 1 januari.",
            "theme": "wonen",
            "unit": "aantal",
            "decimals": 0,
            "source": {"kind": "cbs", "table": "85984NED", "variable": "Woningvoorraad"},
            "computation": "direct",
            "numerator": "",
            "denominator": "",
            "factor": 1.0,
            "aggregation": "som",
            "weight": "",
            "polarity": "neutraal",
            "disclosure": "geen",
            "disclosure_base": "",
            "disclosure_minimum": None,
            "catalogue_version": "test",
        }

    def test_theme_filter(self, api_client, monitor):
        IndicatorFactory(key="inwoners", theme=Theme.DEMOGRAPHY)
        keys = lambda params: [  # noqa: E731
            item["key"] for item in api_client.get("/api/v1/indicators/", params).json()["results"]
        ]
        assert keys({"theme": "demografie"}) == ["inwoners"]
        assert keys({"theme": "wonen"}) == ["woningvoorraad", "woz-gemiddeld"]
        assert keys({"theme": "energie"}) == []
        assert api_client.get("/api/v1/indicators/", {"theme": "sport"}).status_code == 400

    def test_detail_has_the_periods_with_values(self, api_client, monitor):
        response = api_client.get("/api/v1/indicators/woningvoorraad/")
        assert response.status_code == 200
        assert response.json()["periods"] == [2022, 2024]
        assert response.json()["source"]["variable"] == "Woningvoorraad"

    def test_unknown_indicator_is_404_in_dutch(self, api_client, monitor):
        for url in ("/api/v1/indicators/fietspaden/", values_url("fietspaden")):
            response = api_client.get(url)
            assert response.status_code == 404
            assert response.json() == {"detail": "Onbekende indicator: fietspaden."}


# ----------------------------------------------------------------------------- values


class TestValues:
    def test_the_wijken_of_a_municipality(self, api_client, monitor):
        response = api_client.get(
            values_url(), {"level": "wijk", "parent": "GM1681", "period": 2024}
        )
        body = response.json()
        assert {k: v for k, v in body.items() if k != "results"} == {
            "indicator": "woningvoorraad",
            "unit": "aantal",
            "level": "wijk",
            "parent": "GM1681",
            "period": 2024,
            "count": 3,
        }
        assert body["results"][0] == {
            "area": "WK168100",
            "area_name": "Borger",
            "level": "wijk",
            "vintage": 2024,
            "period": 2024,
            "value": 2450,
            "status": "definitief",
            "note": "",
            "source": SOURCE_2024,
            "reference_date": "2024-01-01",  # peildatum: CBS, 1 January of the year
            "published_on": "2025-03-27",  # when CBS published table 85984NED
            "loaded_at": LOADED_AT,  # when we loaded it: neither of the two above
        }
        assert [(row["area"], row["value"]) for row in body["results"]] == [
            ("WK168100", 2450),
            ("WK168101", 1790),
            ("WK168102", 2012),
        ]

    def test_values_are_rounded_to_the_indicator_precision(self, api_client, monitor):
        # a WOZ value has no decimals (in thousands of euros): 231.5 is 232
        (row,) = results(api_client.get(values_url("woz-gemiddeld"), {"level": "wijk"}))
        assert row["value"] == 232 and isinstance(row["value"], int)
        # a derived ratio keeps the precision the catalogue states, not 17 digits
        ratio = IndicatorFactory(
            key="woningbezetting", computation="verhouding", decimals=2, disclosure="geen"
        )
        monitor.value(ratio, "GM1681", 2024, 24.365442219769825 / 10)
        monitor.value(ratio, "GM0106", 2024, 2.0)
        rows = results(api_client.get(values_url("woningbezetting"), {"level": "gemeente"}))
        assert [row["value"] for row in rows] == [2, 2.44]
        csv_rows = read_csv(
            api_client.get(values_url("woningbezetting"), {"level": "gemeente", "format": "csv"})
        )
        assert [row["value"] for row in csv_rows] == ["2", "2.44"]

    def test_period_defaults_to_the_latest_with_values(self, api_client, monitor):
        # A later period with only an empty value does not count.
        monitor.value(
            monitor.homes, "WK168100", 2025, None, status=ValueStatus.MISSING, note="nog niet"
        )
        body = api_client.get(values_url(), {"level": "wijk", "parent": "GM1681"}).json()
        assert body["period"] == 2024
        assert body["count"] == 3
        # The default follows the filters: WOZ per wijk is there for 2022 only.
        body = api_client.get(values_url("woz-gemiddeld"), {"parent": "gm1681"}).json()
        assert (body["period"], body["count"]) == (2022, 1)
        assert body["results"][0]["vintage"] == 2022

    def test_an_older_period_shows_the_areas_of_its_vintage(self, api_client, monitor):
        response = api_client.get(values_url(), {"level": "wijk", "period": 2022})
        assert [(row["area"], row["vintage"]) for row in results(response)] == [("WK168100", 2022)]

    def test_no_values_at_all(self, api_client, monitor):
        IndicatorFactory(key="leeg")
        body = api_client.get(values_url("leeg")).json()
        assert (body["period"], body["count"], body["results"]) == (None, 0, [])
        body = api_client.get(values_url(), {"period": 2019}).json()
        assert (body["period"], body["count"]) == (2019, 0)

    def test_level_alone(self, api_client, monitor):
        assert codes(api_client.get(values_url(), {"level": "gemeente"})) == ["GM0106", "GM1681"]
        assert codes(api_client.get(values_url(), {"level": "buurt"})) == [
            "BU16810000",
            "BU16810001",
        ]

    def test_buurten_of_a_municipality_go_through_their_wijk(self, api_client, monitor):
        response = api_client.get(values_url(), {"level": "buurt", "parent": "GM1681"})
        assert codes(response) == ["BU16810000", "BU16810001"]
        response = api_client.get(values_url(), {"level": "buurt", "parent": "GM0106"})
        assert codes(response) == []
        response = api_client.get(values_url(), {"level": "gemeente", "parent": "PV22"})
        assert codes(response) == ["GM0106", "GM1681"]

    def test_parent_without_level_is_everything_inside(self, api_client, monitor):
        assert codes(api_client.get(values_url(), {"parent": "GM1681"})) == [
            "BU16810000",
            "BU16810001",
            "WK168100",
            "WK168101",
            "WK168102",
        ]

    def test_an_unknown_parent_has_no_rows(self, api_client, monitor):
        assert codes(api_client.get(values_url(), {"parent": "GM9999"})) == []

    def test_area_is_repeatable_and_takes_commas(self, api_client, monitor):
        response = api_client.get(values_url() + "?area=wk168101&area=GM1681")
        assert codes(response) == ["GM1681", "WK168101"]
        response = api_client.get(values_url(), {"area": "WK168101,WK168102", "level": "wijk"})
        assert codes(response) == ["WK168101", "WK168102"]

    def test_only_current_values(self, api_client, monitor):
        old = monitor.value(monitor.homes, "WK010600", 2023, 1.0, is_current=False)
        monitor.value(monitor.homes, "WK010600", 2023, 3000, supersedes=old)
        (row,) = results(api_client.get(values_url(), {"period": 2023}))
        assert row["value"] == 3000

    def test_stored_secret_value_is_null_with_its_reason(self, api_client, monitor):
        monitor.value(
            monitor.homes,
            "WK168101",
            2023,
            None,
            status=ValueStatus.SUPPRESSED,
            note="geheim volgens CBS",
        )
        (row,) = results(api_client.get(values_url(), {"period": 2023}))
        assert (row["value"], row["status"], row["note"]) == (
            None,
            "geheim",
            "geheim volgens CBS",
        )

    def test_source_of_entered_and_aggregated_values(self, api_client, monitor):
        village = OrganisationFactory(name="Gemeente Borger-Odoorn")
        monitor.value(
            monitor.homes,
            "WK168100",
            2023,
            2460,
            import_run=None,
            origin=ValueOrigin.ENTERED,
            organisation=village,
        )
        monitor.value(monitor.homes, "GM1681", 2023, 11840, origin=ValueOrigin.AGGREGATED)
        rows = {row["area"]: row for row in results(api_client.get(values_url(), {"period": 2023}))}
        entered = rows["WK168100"]
        assert entered["source"] == "Ingevoerd door Gemeente Borger-Odoorn"
        assert (entered["reference_date"], entered["published_on"]) == (None, None)
        assert entered["loaded_at"].startswith(timezone.localdate().isoformat())  # recorded
        summed = rows["GM1681"]
        assert summed["source"] == (
            f"Woonmonitor, opgeteld uit kleinere gebieden; bron: {SOURCE_2024}"
        )
        assert (summed["reference_date"], summed["loaded_at"]) == ("2023-01-01", LOADED_AT)

    @pytest.mark.parametrize(
        ("params", "field", "message"),
        [
            ({"level": "stad"}, "level", "Onbekend niveau stad"),
            ({"period": "vorig-jaar"}, "period", "De periode moet een jaartal zijn"),
            ({"period": 1850}, "period", "vanaf 1900"),
            ({"parent": "Borger"}, "parent", "Ongeldige CBS-code Borger"),
            ({"area": "WK1681"}, "area", "Ongeldige CBS-code WK1681"),
            ({"level": "gemeente", "parent": "GM1681"}, "level", "ligt niet binnen GM1681"),
        ],
    )
    def test_bad_filters_are_400_in_dutch(self, api_client, monitor, params, field, message):
        for extra in ({}, {"format": "csv"}):
            response = api_client.get(values_url(), {**params, **extra})
            assert response.status_code == 400
            assert response["Content-Type"] == "application/json"
            assert message in str(response.json()[field])


# ----------------------------------------------------------------------------- CSV


class TestCsv:
    PARAMS = {"level": "wijk", "parent": "GM1681", "period": 2024}

    def test_csv_has_the_json_rows(self, api_client, monitor):
        monitor.value(monitor.homes, "WK168101", 2023, None, status=ValueStatus.SUPPRESSED)
        monitor.value(monitor.woz, "WK168100", 2024, 251.5)
        for key, params in (
            ("woningvoorraad", self.PARAMS),
            ("woningvoorraad", {"period": 2023}),
            ("woz-gemiddeld", {}),
        ):
            rows = results(api_client.get(values_url(key), params))
            assert rows
            download = api_client.get(values_url(key), {**params, "format": "csv"})
            assert read_csv(download) == as_csv_cells(rows)

    def test_csv_header_and_file_name(self, api_client, monitor):
        response = api_client.get(values_url(), {**self.PARAMS, "format": "csv"})
        header = response.content.decode("utf-8")[1:].splitlines()[0]
        assert header == (
            "area;area_name;level;vintage;period;value;status;note;"
            "source;reference_date;published_on;loaded_at"
        )
        assert response["Content-Disposition"] == (
            'attachment; filename="woningvoorraad-wijk-GM1681-2024.csv"'
        )

    def test_accept_header_and_suffix_work_too(self, api_client, monitor):
        expected = read_csv(api_client.get(values_url(), {**self.PARAMS, "format": "csv"}))
        by_header = api_client.get(values_url(), self.PARAMS, HTTP_ACCEPT="text/csv")
        assert read_csv(by_header) == expected
        suffix = api_client.get("/api/v1/indicators/woningvoorraad/values.csv", self.PARAMS)
        assert read_csv(suffix) == expected

    def test_errors_stay_json(self, api_client, monitor):
        response = api_client.get(values_url("onbekend"), {"format": "csv"})
        assert response.status_code == 404
        assert response.json() == {"detail": "Onbekende indicator: onbekend."}


# ----------------------------------------------------------------------------- speed


def _many_wijken(indicator: Indicator, count: int) -> None:
    run = kwb_run()
    municipality = AreaFactory(code="GM0001", vintage=2024)
    for number in range(count):
        wijk = AreaFactory(
            code=f"WK0001{number:02d}", vintage=2024, level=Level.DISTRICT, parent=municipality
        )
        IndicatorValueFactory(indicator=indicator, area=wijk, period=2024, import_run=run)


@pytest.mark.parametrize("count", [3, 50])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_query_count_does_not_grow_with_the_rows(
    api_client, django_assert_max_num_queries, count, fmt
):
    # A count of persons: disclosure control reads the inhabitants to round or suppress.
    indicator = IndicatorFactory(key="inwoners")
    _many_wijken(indicator, count)
    # indicator, latest period, rows, their import runs, and what disclosure control reads
    with django_assert_max_num_queries(5):
        response = api_client.get(
            values_url("inwoners"), {"level": "wijk", "parent": "GM0001", "format": fmt}
        )
    assert response.status_code == 200
    rows = results(response) if fmt == "json" else read_csv(response)
    assert len(rows) == count
