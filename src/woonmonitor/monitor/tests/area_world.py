"""A small real world for the tests of the area pages: Borger-Odoorn and three of its wijken,
Drenthe and the Netherlands, with the real catalogue and real values read from
``shared/data`` (KWB 2022 via tmap, KWB 2024, CBS 81955NED). Province and country values are
aggregated here from the real gemeente rows of the same file, the way the importers do.

Import the fixture into a test module: ``from .area_world import world_fixture  # noqa: F401``
(it is named ``world`` in the tests).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from tests.factories import AreaFactory, ImportRunFactory

from woonmonitor.areas.continuity import judge_stock
from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.services import sync_source
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.aggregation import Part, aggregate
from woonmonitor.monitor.models import Indicator, ValueOrigin, ValueStatus
from woonmonitor.monitor.services import NewValue, store_values

DATA = settings.WOONMONITOR_DATA_DIR
KWB2022 = DATA / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv"
KWB2024 = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
STOCK = DATA / "ftm-woningvoorraad-plancapaciteit" / "cbs_woningvoorraad_gemeenten_2012-2020.csv"

#: indicator key -> column of the KWB 2022 file
COLUMNS_2022 = {
    "inwoners": "population",
    "woningvoorraad": "dwelling_total",
    "woz-gemiddeld": "dwelling_value",
    "koopwoningen": "dwelling_ownership",
    "aandeel-65-plus": "pop_65plus",
    "nettoarbeidsparticipatie": "employment_rate",
}
COLUMNS_2024 = {"inwoners": "AantalInwoners_5", "woningvoorraad": "Woningvoorraad_35"}
COLUMNS_STOCK = {
    "voorraad-begin": "BeginstandVoorraad_1",
    "nieuwbouw": "Nieuwbouw_2",
    "sloop": "Sloop_4",
    "voorraad-eind": "EindstandVoorraad_8",
}
WIJKEN = ("WK168100", "WK168101", "WK168193")  # Valthe, Valthermond, Ellertshaar (12 homes)
DRENTHE = (
    *("GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680"),
    *("GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731"),
)


def kwb2022() -> dict[str, dict]:
    with KWB2022.open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def kwb2024() -> dict[str, dict]:
    return json.loads(KWB2024.read_text(encoding="utf-8"))


def stock_rows(code: str) -> dict[int, dict]:
    with STOCK.open(encoding="utf-8") as handle:
        return {
            int(row["Perioden"][:4]): row
            for row in csv.DictReader(handle, delimiter=";")
            if row["RegioS"].strip() == code
        }


def _number(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def _whole(indicator: Indicator, parts: dict[str, float | None], weights: dict) -> float | None:
    rule = indicator.aggregation
    items = [Part(value, weights.get(code)) for code, value in parts.items()]
    return aggregate(rule, items).value


@dataclass
class World:
    indicators: dict[str, Indicator]
    areas: dict[tuple[str, int], Area]
    rows2022: dict[str, dict]

    def area(self, code: str, vintage: int = 2022) -> Area:
        return self.areas[(code, vintage)]


def build_world() -> World:
    call_command("load_indicators", stdout=io.StringIO())
    indicators = Indicator.objects.by_keys(
        {*COLUMNS_2022, *COLUMNS_2024, *COLUMNS_STOCK, "woningbezetting"}
    )
    now = timezone.now()
    # The KWB runs cite their source in the sources table; the stock run is one from before
    # that table (no data_source): its values are cited by their indicator's table.
    run2022 = ImportRunFactory(
        source="CBS Kerncijfers wijken en buurten 2022 (via tmap)",
        data_source=sync_source(resolve("cbs-kwb-tmap", 2022)),
        vintage=2022,
        finished_at=now,
    )
    run2024 = ImportRunFactory(
        source="CBS Kerncijfers wijken en buurten 2024 (85984NED)",
        data_source=sync_source(resolve("cbs-kwb", 2024)),
        vintage=2024,
        finished_at=now,
    )
    run_stock = ImportRunFactory(
        source="CBS 81955NED Voorraad woningen; mutaties", vintage=2020, finished_at=now
    )
    rows = kwb2022()
    areas: dict[tuple[str, int], Area] = {}
    for vintage in (2022, 2024):
        land = AreaFactory(code="NL01", name="Nederland", level=Level.COUNTRY, vintage=vintage)
        province = AreaFactory(
            code="PV22", name="Drenthe", level=Level.PROVINCE, vintage=vintage, parent=land
        )
        municipality = AreaFactory(
            code="GM1681", name="Borger-Odoorn", vintage=vintage, parent=province
        )
        areas.update({("NL01", vintage): land, ("PV22", vintage): province})
        areas[("GM1681", vintage)] = municipality
        for code in WIJKEN:
            areas[(code, vintage)] = AreaFactory(
                code=code,
                name=rows[code]["name"],
                level=Level.DISTRICT,
                vintage=vintage,
                parent=municipality,
            )
    values: list[NewValue] = []
    # KWB 2022: the gemeente and its wijken as published; Drenthe and the country aggregated.
    gemeenten = {code: row for code, row in rows.items() if code.startswith("GM")}
    drenthe = {code: gemeenten[code] for code in DRENTHE}
    for key, column in COLUMNS_2022.items():
        indicator = indicators[key]
        for code in ("GM1681", *WIJKEN):
            value = _number(rows[code][column])
            status = ValueStatus.DEFINITIVE if value is not None else ValueStatus.SUPPRESSED
            note = "" if value is not None else "CBS: geheim"
            values.append(NewValue(indicator.pk, areas[(code, 2022)].pk, 2022, value, status, note))
        weight_column = COLUMNS_2022.get(indicator.weight)
        for code, members in (("PV22", drenthe), ("NL01", gemeenten)):
            parts = {c: _number(r[column]) for c, r in members.items()}
            weights = (
                {c: _number(r[weight_column]) for c, r in members.items()} if weight_column else {}
            )
            whole = _whole(indicator, parts, weights)
            values.append(
                NewValue(
                    indicator.pk,
                    areas[(code, 2022)].pk,
                    2022,
                    whole,
                    ValueStatus.DEFINITIVE if whole is not None else ValueStatus.MISSING,
                    "",
                    ValueOrigin.AGGREGATED,
                )
            )
    # the computed persons per home (for Ellertshaar below the CBS minimum of 20 homes)
    occupancy = indicators["woningbezetting"]
    for code in ("GM1681", *WIJKEN):
        people, homes = _number(rows[code]["population"]), _number(rows[code]["dwelling_total"])
        values.append(
            NewValue(
                occupancy.pk,
                areas[(code, 2022)].pk,
                2022,
                people / homes,
                ValueStatus.DEFINITIVE,
                "",
                ValueOrigin.COMPUTED,
            )
        )
    store_values(values=values, import_run=run2022)
    # KWB 2024: inhabitants and homes of the gemeente and the wijken
    data = kwb2024()
    values = [
        NewValue(
            indicators[key].pk,
            areas[(code, 2024)].pk,
            2024,
            float(data[code][column]),
            "definitief",
        )
        for key, column in COLUMNS_2024.items()
        for code in ("GM1681", *WIJKEN)
    ]
    store_values(values=values, import_run=run2024)
    # CBS 81955NED 2012-2020 for the gemeente, one vintage per year, joined by the stock count
    stock = stock_rows("GM1681")
    values = []
    for year, row in stock.items():
        area = areas.setdefault(
            ("GM1681", year),
            AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=year),
        )
        for key, column in COLUMNS_STOCK.items():
            values.append(
                NewValue(indicators[key].pk, area.pk, year, float(row[column]), "definitief")
            )
    store_values(values=values, import_run=run_stock)
    for year in sorted(stock)[1:]:
        judgement = judge_stock(
            float(stock[year - 1]["EindstandVoorraad_8"]),
            float(stock[year]["BeginstandVoorraad_1"]),
        )
        Continuity.objects.create(
            earlier=areas[("GM1681", year - 1)],
            later=areas[("GM1681", year)],
            same=judgement.same,
            evidence=judgement.evidence,
            source="CBS 81955NED",
        )
    return World(indicators=dict(indicators), areas=areas, rows2022=rows)


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    return build_world()
