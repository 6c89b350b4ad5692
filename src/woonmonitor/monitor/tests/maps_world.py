"""Fixtures of the map and compare tests: Borger-Odoorn with all 25 wijken, and Emmen.

Everything is real: the catalogue (``load_indicators``), the names and values of KWB 2022 (via
tmap) and KWB 2024 from ``shared/data``, and the 2022 wijk and gemeente boundaries (WGS84) of
the same tmap files. The 2024 wijken have no boundaries of their own, as in the demo data, so a
2024 map borrows the 2022 boundaries and must say so. Ellertshaar (WK168193) has 12 homes in
2022: its persons per home (35 / 12) is below the CBS minimum of 20 homes and must never show.

Use: ``from .maps_world import borger_odoorn_fixture  # noqa: F401`` and ask for
``borger_odoorn``.
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
from tests.factories import AreaFactory, BoundaryFactory, ImportRunFactory, RegionMemberFactory

from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.services import sync_source
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.models import Indicator, ValueOrigin, ValueStatus
from woonmonitor.monitor.services import NewValue, store_values

DATA = settings.WOONMONITOR_DATA_DIR
TMAP = DATA / "tmap-kwb2022-wijk"
KWB2022 = TMAP / "kwb2022_gm_wk_attributes_nl.csv"
KWB2024 = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
WIJK_BOUNDARIES = TMAP / "wijk_2022_drenthe_hardenberg_wgs84.geojson"
GEMEENTE_BOUNDARIES = TMAP / "gemeente_2022_drenthe_hardenberg_wgs84.geojson"
#: The citations the pages show (from the sources table), not the runs' own texts with the route.
SOURCE_2022 = "CBS, Kerncijfers wijken en buurten 2022, met wijk- en buurtkaart (85318NED)"
SOURCE_2024 = "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
GEMEENTEN = ("GM1681", "GM0114")
COLUMNS_2022 = {
    "inwoners": "population",
    "woningvoorraad": "dwelling_total",
    "woz-gemiddeld": "dwelling_value",
    "koopwoningen": "dwelling_ownership",
}
COLUMNS_2024 = {"inwoners": "AantalInwoners_5", "woningvoorraad": "Woningvoorraad_35"}
SMALL_WIJK = "WK168193"  # Ellertshaar: 35 inhabitants, 12 homes in 2022


def kwb2022() -> dict[str, dict]:
    with KWB2022.open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def kwb2024() -> dict[str, dict]:
    return json.loads(KWB2024.read_text(encoding="utf-8"))


def geometries(path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["geometry"] for f in data["features"]}


def number(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


@dataclass
class World:
    indicators: dict[str, Indicator]
    areas: dict[tuple[str, int], Area]
    rows2022: dict[str, dict]
    rows2024: dict[str, dict]

    def wijken(self, vintage: int = 2022) -> list[Area]:
        return [
            area
            for (code, v), area in self.areas.items()
            if v == vintage and code.startswith("WK1681")
        ]


def build_world() -> World:
    call_command("load_indicators", stdout=io.StringIO())
    indicators = Indicator.objects.by_keys({*COLUMNS_2022, "woningbezetting"})
    for code in GEMEENTEN:
        RegionMemberFactory(region__slug="monitorgebied", municipality_code=code)
    rows2022, rows2024 = kwb2022(), kwb2024()
    wijk_shapes, gemeente_shapes = geometries(WIJK_BOUNDARIES), geometries(GEMEENTE_BOUNDARIES)
    areas: dict[tuple[str, int], Area] = {}
    for vintage in (2022, 2024):
        province = AreaFactory(code="PV22", name="Drenthe", level=Level.PROVINCE, vintage=vintage)
        for code in GEMEENTEN:
            gemeente = AreaFactory(
                code=code, name=rows2022[code]["name"], vintage=vintage, parent=province
            )
            areas[(code, vintage)] = gemeente
            if vintage == 2022:
                BoundaryFactory(area=gemeente, geometry=gemeente_shapes[code])
        for code, row in rows2022.items():
            if not code.startswith("WK1681"):
                continue
            wijk = AreaFactory(
                code=code,
                name=row["name"],
                level=Level.DISTRICT,
                vintage=vintage,
                parent=areas[("GM1681", vintage)],
            )
            areas[(code, vintage)] = wijk
            if vintage == 2022:
                BoundaryFactory(area=wijk, geometry=wijk_shapes[code])
    now = timezone.now()
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
    values = []
    for (code, vintage), area in areas.items():
        if vintage != 2022:
            continue
        row = rows2022[code]
        for key, column in COLUMNS_2022.items():
            value = number(row[column])
            status = ValueStatus.DEFINITIVE if value is not None else ValueStatus.SUPPRESSED
            note = "" if value is not None else "geheim volgens CBS"
            values.append(NewValue(indicators[key].pk, area.pk, 2022, value, status, note))
        people, homes = number(row["population"]), number(row["dwelling_total"])
        values.append(
            NewValue(
                indicators["woningbezetting"].pk,
                area.pk,
                2022,
                people / homes,
                ValueStatus.DEFINITIVE,
                "",
                ValueOrigin.COMPUTED,
            )
        )
    store_values(values=values, import_run=run2022)
    values = [
        NewValue(
            indicators[key].pk,
            area.pk,
            2024,
            float(rows2024[code][column]),
            ValueStatus.DEFINITIVE,
        )
        for (code, vintage), area in areas.items()
        if vintage == 2024
        for key, column in COLUMNS_2024.items()
    ]
    store_values(values=values, import_run=run2024)
    return World(dict(indicators), areas, rows2022, rows2024)


@pytest.fixture(name="borger_odoorn")
def borger_odoorn_fixture(db) -> World:
    return build_world()
