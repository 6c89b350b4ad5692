"""Golden tests: every real file of the data folder, imported by ``load_monitor_data``, checked
against the source files themselves and against the checks written in their SOURCE notes.

The national load runs once for this module, inside a transaction that is rolled back at the
end; each test runs in a savepoint inside it. One file is cut down: the KWB 2024 buurt export
(every buurt of the country) is loaded for the Drenthe gemeenten only, lines kept as they are and
in the same order in both exports, so the whole load stays quick on PostgreSQL; the national buurt
import has its own tests (``test_import_new_data_commands``, ``test_importers_new_data``).
"""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.models import ImportRun
from woonmonitor.monitor.models import Indicator, IndicatorValue, ValueOrigin, ValueStatus
from woonmonitor.monitor.series import trend_series

DATA = Path(settings.WOONMONITOR_DATA_DIR)
KWB_2024 = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
TMAP = DATA / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv"
KWB_2019 = DATA / "kwb-2019-gemeente" / "kwb-2019.csv"
STOCK = DATA / "ftm-woningvoorraad-plancapaciteit" / "cbs_woningvoorraad_gemeenten_2012-2020.csv"
DRENTHE = {
    "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680",
    "GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731",
}  # fmt: skip


BUURT_FOLDER = "kwb-2024-buurt"
BUURT_FILES = (
    "Kerncijfers_wijken_en_buurten_2024_geslachten.csv",
    "Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv",
)


def drenthe_data_dir(target: Path) -> Path:
    """The data folder with the buurt exports cut to the country row and Drenthe's gemeenten
    (the same line numbers of both files, bytes unchanged); every other folder linked."""
    for folder in DATA.iterdir():
        if folder.is_dir() and folder.name != BUURT_FOLDER:
            (target / folder.name).symlink_to(folder)
    lines = [
        (DATA / BUURT_FOLDER / name).read_bytes().splitlines(keepends=True) for name in BUURT_FILES
    ]
    names = {
        line.split(b";")[1].strip(b'" ')
        for line in lines[0][1:]
        if line.split(b";")[3].strip(b'" ').decode() in DRENTHE
    }
    keep = [0, 1] + [
        index
        for index, line in enumerate(lines[0])
        if index > 1 and line.split(b";")[1].strip(b'" ') in names
    ]
    (target / BUURT_FOLDER).mkdir()
    for name, content in zip(BUURT_FILES, lines, strict=True):
        (target / BUURT_FOLDER / name).write_bytes(b"".join(content[i] for i in keep))
    return target


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return drenthe_data_dir(tmp_path_factory.mktemp("golden-data"))


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, data_dir):
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_monitor_data", data_dir=data_dir, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def current(key, *, period, vintage=None, level=None, codes=None):
    """``{code: value row}`` of the current values of one indicator."""
    qs = IndicatorValue.objects.current().filter(indicator__key=key, period=period)
    if vintage is not None:
        qs = qs.filter(area__vintage=vintage)
    if level is not None:
        qs = qs.filter(area__level=level)
    if codes is not None:
        qs = qs.filter(area__code__in=codes)
    return {
        row["area__code"]: row
        for row in qs.values("area__code", "value", "status", "origin", "note")
    }


def matches(row, raw, factor=1.0):
    """The stored value is the source cell (times ``factor``), or missing where it is empty."""
    if raw in (None, ""):
        return row["value"] is None and row["status"] == ValueStatus.MISSING
    return row["value"] == pytest.approx(float(raw) * factor)


@pytest.mark.django_db
def test_kwb_2024_values_equal_the_source_file(national):
    source = json.loads(KWB_2024.read_text(encoding="utf-8"))
    for variable, key in (
        ("AantalInwoners_5", "inwoners"),
        ("Woningvoorraad_35", "woningvoorraad"),
        ("OppervlakteTotaal_122", "oppervlakte-totaal"),
        ("Bevolkingsdichtheid_34", "bevolkingsdichtheid"),
    ):
        stored = current(key, period=2024, vintage=2024)
        for code, figures in source.items():
            assert matches(stored[code], figures[variable]), (code, key)
    inwoners = current("inwoners", period=2024, vintage=2024)
    assert inwoners["GM1681"]["value"] == 26014  # SOURCE check
    # The file has codes only: names come from KoppelCodes (2024) or the nearest vintage.
    assert Area.objects.get(code="GM1992", vintage=2024).name == "Voorne aan Zee"
    assert Area.objects.get(code="WK168100", vintage=2024).name == "Valthe"
    wijken = [row["value"] for code, row in inwoners.items() if code.startswith("WK1681")]
    assert len(wijken) == 25 and sum(wijken) == 26015  # SOURCE check


@pytest.mark.django_db
def test_tmap_2022_values_equal_the_source_file(national):
    with TMAP.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for column, key, factor in (
        ("population", "inwoners", 1),
        ("dwelling_total", "woningvoorraad", 1),
        ("dwelling_value", "woz-gemiddeld", 1),
        ("dwelling_ownership", "koopwoningen", 1),
        ("pop_65plus", "aandeel-65-plus", 1),
        ("income_low", "inkomen-laagste-40", 1),
        ("area", "oppervlakte-totaal", 100),
    ):
        stored = current(key, period=2022, vintage=2022, level=None)
        for row in rows:
            assert matches(stored[row["code"]], row[column], factor), (row["code"], key)
    inwoners = current("inwoners", period=2022, vintage=2022)
    assert inwoners["GM1681"]["value"] == 25681  # SOURCE check
    assert current("woningvoorraad", period=2022, vintage=2022)["GM1681"]["value"] == 11276


@pytest.mark.django_db
def test_borger_odoorn_wijken_2022_woz_and_owner_occupied_share(national):
    with TMAP.open(encoding="utf-8") as handle:
        wijken = [row for row in csv.DictReader(handle) if row["code"].startswith("WK1681")]
    assert len(wijken) == 25
    woz = current("woz-gemiddeld", period=2022, vintage=2022, level=Level.DISTRICT)
    owned = current("koopwoningen", period=2022, vintage=2022, level=Level.DISTRICT)
    for row in wijken:
        assert matches(woz[row["code"]], row["dwelling_value"])
        assert matches(owned[row["code"]], row["dwelling_ownership"])
    assert woz["WK168100"]["value"] == 282 and owned["WK168100"]["value"] == 80  # Valthe


@pytest.mark.django_db
def test_kwb_2019_values_equal_the_source_file(national):
    with KWB_2019.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stored = current("inwoners", period=2019, vintage=2019)
    assert len(rows) == 355
    for row in rows:
        assert stored[row["unique_id"]]["value"] == int(row["population"])
    assert stored["GM1681"]["value"] == 25372  # SOURCE check
    share = current("aandeel-65-plus", period=2019, vintage=2019, codes=["GM1681"])["GM1681"]
    assert share["origin"] == ValueOrigin.COMPUTED
    borger = next(row for row in rows if row["unique_id"] == "GM1681")
    assert share["value"] == pytest.approx(int(borger["b_65_oo"]) / 25372 * 100)


@pytest.mark.django_db
def test_stock_2012_2020_equals_81955ned(national):
    with STOCK.open(encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["RegioS"] == "GM1681"]
    assert len(rows) == 9
    for row in rows:
        year = int(row["Perioden"][:4])
        for column, key in (
            ("EindstandVoorraad_8", "voorraad-eind"),
            ("Sloop_4", "sloop"),
            ("Nieuwbouw_2", "nieuwbouw"),
            ("SaldoVoorraad_7", "saldo-voorraad"),
        ):
            stored = current(key, period=year, vintage=year, codes=["GM1681"])["GM1681"]
            assert stored["value"] == int(row[column])
    eind = current("voorraad-eind", period=2020, vintage=2020, codes=["GM1681"])
    assert eind["GM1681"]["value"] == 11224  # SOURCE check
    # Gemeenten that did not exist in a year get no value at all (Aalburg merged in 2019).
    assert not IndicatorValue.objects.filter(area__code="GM0738", period=2019).exists()
    assert IndicatorValue.objects.filter(area__code="GM0738", period=2018).exists()


@pytest.mark.django_db
def test_prognosis_of_borger_odoorn(national):
    years = {
        year: current("bevolkingsprognose", period=year, vintage=2018, codes=["GM1681"])
        for year in range(2021, 2031)
    }
    assert years[2021]["GM1681"]["value"] == 25200  # SOURCE check: 25.2 x 1000
    assert years[2030]["GM1681"]["value"] == 24800
    run = ImportRun.objects.filter(command="import_prognosis").latest("pk")
    assert any("'Aalburg' niet gevonden" in w["message"] for w in run.warnings)


@pytest.mark.django_db
def test_drenthe_2022_is_the_sum_of_its_twelve_gemeenten(national):
    drenthe = Area.objects.get(code="PV22", vintage=2022)
    members = set(
        Area.objects.filter(level=Level.MUNICIPALITY, vintage=2022, parent=drenthe).values_list(
            "code", flat=True
        )
    )
    assert members == DRENTHE
    inwoners = current("inwoners", period=2022, vintage=2022, codes=["PV22"])["PV22"]
    homes = current("woningvoorraad", period=2022, vintage=2022, codes=["PV22"])["PV22"]
    assert inwoners["value"] == 497743 and homes["value"] == 226319  # SOURCE checks
    assert inwoners["origin"] == ValueOrigin.AGGREGATED
    assert inwoners["note"] == "som van 12 gemeenten (indeling 2022)"
    country = current("inwoners", period=2024, vintage=2024, codes=["NL01"])["NL01"]
    source = json.loads(KWB_2024.read_text(encoding="utf-8"))
    assert country["value"] == sum(
        figures["AantalInwoners_5"] for code, figures in source.items() if code.startswith("GM")
    )


@pytest.mark.django_db
def test_drenthe_stock_2012_2020_is_the_sum_of_its_twelve_gemeenten(national):
    """Before 2019 some gemeenten elsewhere have no known province; Drenthe's list is proven
    from 2019, where all its twelve gemeenten are unchanged since 2012."""
    with STOCK.open(encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["RegioS"] in DRENTHE]
    for year in range(2012, 2021):
        ends = [int(row["EindstandVoorraad_8"]) for row in rows if row["Perioden"][:4] == str(year)]
        assert len(ends) == 12
        total = current("voorraad-eind", period=year, vintage=year, codes=["PV22"])["PV22"]
        assert total["value"] == sum(ends) and total["origin"] == ValueOrigin.AGGREGATED
        assert ("als in 2019" in total["note"]) == (year < 2019)
    stock_2015 = current("voorraad-eind", period=2015, vintage=2015, codes=["PV22"])["PV22"]
    assert stock_2015["value"] == 218625  # by hand: 30691 + 15342 + ... + 14030 (12 rows)
    # Provinces with a gemeente that is new in 2019 (Vijfheerenlanden in Utrecht, Hoeksche
    # Waard and Molenlanden in Zuid-Holland) or whose 2018 gemeenten lack a province: none.
    assert not current("voorraad-eind", period=2018, vintage=2018, codes=["PV20", "PV26", "PV28"])
    run = ImportRun.objects.filter(command="load_monitor_data").latest("pk")
    said = {w["row"]: w["message"] for w in run.warnings}
    assert said["PV22 jaargang 2012"].startswith("provincietotalen berekend")
    assert said["PV26 jaargang 2018"] == (
        "geen provincietotalen: andere gemeenten dan in 2019 (niet in deze jaargang: GM1961)"
    )


@pytest.mark.django_db
def test_drenthe_is_one_line_in_the_trend_of_borger_odoorn(national):
    links = Continuity.objects.filter(earlier__code="PV22").order_by("earlier__vintage")
    assert [(link.earlier.vintage, link.later.vintage, link.same) for link in links] == [
        *[(year, year + 1, True) for year in range(2012, 2024)],
    ]
    assert links[0].evidence.startswith("alle 12 gemeenten van Drenthe ongewijzigd tussen 2012")
    borger = Area.objects.get(code="GM1681", vintage=2024)
    series = trend_series(area=borger, indicator=Indicator.objects.get(key="voorraad-eind"))
    drenthe = [segment for segment in series.segments if segment.code == "PV22"]
    assert len(drenthe) == 1 and drenthe[0].vintages == list(range(2012, 2021))
    assert [point.period for point in drenthe[0].points] == list(range(2012, 2021))
    assert not [b for b in series.breaks if b.code == "PV22"]
    # Every gemeente unchanged from 2019 to 2020: the country too; not across a merger.
    assert Continuity.objects.get(earlier__code="NL01", earlier__vintage=2019).same
    assert not Continuity.objects.filter(earlier__code="NL01", earlier__vintage=2018).exists()


@pytest.mark.django_db
def test_trends_of_borger_odoorn_are_joined_only_with_evidence(national):
    def link(earlier, later):
        return Continuity.objects.get(
            earlier__code="GM1681", earlier__vintage=earlier, later__vintage=later
        )

    # KWB 2020-2024 brings every year: each pair of consecutive years has its own evidence.
    assert link(2019, 2020).same and "beginstand" in link(2019, 2020).evidence
    by_statement = link(2020, 2021)
    assert by_statement.same and "Drenthe" in by_statement.evidence
    assert "Gemeentelijke herindelingen in Nederland" in by_statement.source
    assert link(2021, 2022).same
    assert link(2022, 2023).same and "KWB 2022" in link(2022, 2023).evidence
    assert link(2023, 2024).same and "indelingswijziging 1" in link(2023, 2024).evidence
    assert link(2018, 2019).same  # stock evidence links the prognosis vintage
    # A wijk of 2023 (from the income table, no surface) is bridged: 2022 = 2024 by surface
    # and 2023 = 2024 by CBS's indelingswijziging.
    wijk = Continuity.objects.get(
        earlier__code="WK168100", earlier__vintage=2022, later__vintage=2023
    )
    assert wijk.same and "oppervlakte" in wijk.evidence


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_says_so(national, data_dir):
    assert "Niets gewijzigd" not in national
    count = IndicatorValue.objects.count()
    out = io.StringIO()
    call_command("load_monitor_data", data_dir=data_dir, stdout=out)
    assert "Niets gewijzigd: alle gegevens stonden er al zo." in out.getvalue()
    assert IndicatorValue.objects.count() == count


@pytest.mark.django_db
def test_special_codes_are_secret_and_a_changed_value_keeps_the_old_one(national, tmp_path):
    source = json.loads(KWB_2024.read_text(encoding="utf-8"))
    source["WK168100"]["AantalInwoners_5"] = -99997
    source["GM1681"]["Woningvoorraad_35"] = 11999
    path = tmp_path / "kwb-2024-gewijzigd.json"
    path.write_text(json.dumps(source), encoding="utf-8")
    before = current("woningvoorraad", period=2024, vintage=2024, codes=["GM1681"])["GM1681"]
    call_command("import_kwb_values", str(path), vintage=2024, stdout=io.StringIO())
    secret = current("inwoners", period=2024, vintage=2024, codes=["WK168100"])["WK168100"]
    assert (secret["value"], secret["status"]) == (None, ValueStatus.SUPPRESSED)
    assert secret["note"] == "CBS: geheim (-99997)"
    homes = IndicatorValue.objects.filter(
        indicator__key="woningvoorraad", area__code="GM1681", area__vintage=2024, period=2024
    ).order_by("pk")
    old, new = list(homes)
    assert (old.value, old.is_current) == (before["value"], False)
    assert (new.value, new.is_current, new.supersedes_id) == (11999, True, old.pk)


@pytest.mark.django_db
def test_a_broken_file_changes_nothing_and_records_a_failed_run(national, tmp_path):
    broken = tmp_path / "stripped_filtered_data_2024.json"
    broken.write_text(KWB_2024.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    count, areas = IndicatorValue.objects.count(), Area.objects.count()
    with pytest.raises(CommandError, match="niets gewijzigd"):
        call_command("import_kwb_values", str(broken), vintage=2024, stdout=io.StringIO())
    run = ImportRun.objects.filter(command="import_kwb_values").latest("pk")
    assert run.status == ImportRun.Status.FAILED and "JSON" in run.message
    assert (IndicatorValue.objects.count(), Area.objects.count()) == (count, areas)
    # A stock file whose header lost a column fails as a whole, too.
    stock = tmp_path / "stock.csv"
    shutil.copy(STOCK, stock)
    lines = stock.read_text(encoding="utf-8").splitlines()
    stock.write_text("\n".join([lines[0].replace("EindstandVoorraad_8", "X"), *lines[1:]]))
    with pytest.raises(CommandError):
        call_command("import_stock_changes", str(stock), stdout=io.StringIO())
    assert ImportRun.objects.filter(command="import_stock_changes").latest("pk").status == (
        ImportRun.Status.FAILED
    )
    assert IndicatorValue.objects.count() == count
