"""A municipality's own plan list: read through the one reader, checked row by row, all or
nothing. Pure: no database. ``data/plan_list_*.csv`` are invented lists (see data/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from woonmonitor.imports.tables.template import RowError
from woonmonitor.programming.parsing.duplicates import find_duplicates
from woonmonitor.programming.parsing.plan_list import (
    COLUMNS,
    SEGMENT_COLUMNS,
    TEMPLATE,
    PlanChecks,
    check_upload,
)
from woonmonitor.programming.parsing.segments import DwellingType, Segment

DATA = Path(__file__).parent / "data"


def csv_bytes(*rows: dict, columns=COLUMNS) -> bytes:
    lines = [";".join(columns)]
    lines += [";".join(str(row.get(column, "")) for column in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def row(**cells) -> dict:
    return {"projectnaam": "Voorbeeldplan", "gemeentecode": "GM1681", **cells}


def check(*rows: dict, checks: PlanChecks | None = None):
    return check_upload("plannen.csv", csv_bytes(*rows), checks)


def errors(result) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in result.errors]


# ------------------------------------------------------------------------------ the files


def test_valid_file():
    result = check_upload("plannen.csv", (DATA / "plan_list_valid.csv").read_bytes())
    assert result.ok, [str(e) for e in result.errors]
    first, second, third = result.rows
    assert (first.row, first.name, first.municipality_code) == (
        2,
        "Voorbeeldplan Centrum",
        "GM1681",
    )
    assert first.developer == "Woningcorporatie Voorbeeld"
    assert (first.gross, first.demolition, first.net, first.net_derived) == (24, 4, 20, False)
    assert first.segment(Segment.SOCIAL_RENT) == 6
    assert first.segment(Segment.EXPENSIVE_RENT) is None  # empty cell: unknown
    assert first.segment(Segment.PURCHASE_UNKNOWN) == 0  # a 0 stays 0
    assert first.types[DwellingType.STEP_FREE] == 8 and first.types[DwellingType.CLUSTERED] is None
    assert (first.phase, first.delivery_year) == ("vastgesteld", 2026)
    assert all(unit.count is None for unit in second.segments)
    assert second.demolition is None
    assert (third.net, third.net_derived) == (30, True)


def test_errors_file_reports_every_row_and_stores_nothing():
    result = check_upload("plannen.csv", (DATA / "plan_list_errors.csv").read_bytes())
    assert not result.ok and result.rows == []
    assert [(e.row, e.column) for e in result.errors] == [
        (2, ""),
        (3, "woningen_netto"),
        (4, "projectnaam"),
        (5, "gemeentecode"),
        (6, "sociale_huur"),
        (7, ""),
        (8, "oplevering_jaar"),
        (9, "projectnaam"),
    ]
    messages = [str(e) for e in result.errors]
    assert messages[0] == (
        "rij 2: De segmenten (sociale_huur, middenhuur, dure_huur, huur_onbekend, "
        "betaalbare_koop, dure_koop, koop_onbekend, segment_onbekend) tellen op tot 95 "
        "woningen, maar woningen_netto is 100 (verschil 5)"
    )
    assert messages[1] == (
        "rij 3, kolom woningen_netto: woningen_netto is 40, maar woningen_bruto min sloop is "
        "50 - 5 = 45"
    )
    assert messages[3] == "rij 5, kolom gemeentecode: 'Borger' is geen gemeentecode (zoals GM1681)"
    assert "'12,5' bij sociale_huur is geen geheel aantal" in messages[4]
    assert "De woonvormen (grondgebonden, appartement, flexwoning) tellen op tot 15" in messages[5]
    assert "al op rij 2" in messages[7]


def test_template_columns():
    assert TEMPLATE.sheet == "Plannen"
    assert set(SEGMENT_COLUMNS.values()) <= set(COLUMNS)
    assert SEGMENT_COLUMNS[Segment.UNKNOWN] == "segment_onbekend"
    assert len(COLUMNS) == 22


# ---------------------------------------------------------------------------- segments


def test_all_segments_empty_is_unknown_not_zero():
    (plan,) = check(row(woningen_netto=10)).rows
    assert [unit.count for unit in plan.segments] == [None] * 8


def test_all_segments_zero_must_add_up():
    zeros = {column: 0 for column in SEGMENT_COLUMNS.values()}
    result = check(row(woningen_netto=10, **zeros))
    assert errors(result) == [
        (
            2,
            "",
            "De segmenten (sociale_huur, middenhuur, dure_huur, huur_onbekend, betaalbare_koop, "
            "dure_koop, koop_onbekend, segment_onbekend) tellen op tot 0 woningen, maar "
            "woningen_netto is 10 (verschil 10)",
        )
    ]


def test_partly_known_segments_may_stay_below_but_not_exceed():
    assert check(row(woningen_netto=100, sociale_huur=30, middenhuur=40)).ok
    result = check(row(woningen_netto=100, sociale_huur=70, dure_koop=50))
    assert "die zijn ingevuld tellen al op tot 120 woningen, meer dan woningen_netto (100)" in (
        result.errors[0].message
    )


def test_segments_that_add_up():
    cells = dict.fromkeys(SEGMENT_COLUMNS.values(), 0) | {"sociale_huur": 3, "dure_koop": 7}
    (plan,) = check(row(woningen_netto=10, **cells)).rows
    assert plan.segment(Segment.SOCIAL_RENT) == 3 and plan.segment(Segment.UNKNOWN) == 0


# ---------------------------------------------------------------------- dwelling types


def test_features_overlap_and_are_not_summed():
    result = check(row(woningen_netto=20, nultreden=20, geclusterd=20, zorggeschikt=20))
    assert result.ok


def test_a_feature_above_the_total_is_an_error():
    result = check(row(woningen_netto=20, zorggeschikt=21))
    assert errors(result) == [
        (2, "zorggeschikt", "zorggeschikt (21) is meer dan woningen_netto (20)")
    ]


def test_forms_add_up_when_all_given_and_never_exceed():
    assert check(row(woningen_netto=20, grondgebonden=12, appartement=8, flexwoning=0)).ok
    assert check(row(woningen_netto=20, grondgebonden=12)).ok
    result = check(row(woningen_netto=20, grondgebonden=12, appartement=12))
    assert "al op tot 24 woningen, meer dan woningen_netto (20)" in result.errors[0].message


# --------------------------------------------------------------------- gross, demolition


def test_net_is_gross_minus_demolition():
    assert check(row(woningen_bruto=50, sloop=5, woningen_netto=45)).ok
    (plan,) = check(row(woningen_bruto=50, sloop=5)).rows
    assert (plan.net, plan.net_derived) == (45, True)


def test_demolition_above_gross():
    result = check(row(woningen_bruto=5, sloop=8, woningen_netto=0))
    assert errors(result) == [(2, "sloop", "sloop (8) is meer dan woningen_bruto (5)")]


def test_net_missing_without_gross_and_demolition():
    result = check(row(woningen_bruto=50))
    assert errors(result) == [
        (
            2,
            "woningen_netto",
            "woningen_netto ontbreekt (of vul woningen_bruto en sloop allebei in)",
        )
    ]


def test_net_above_gross():
    result = check(row(woningen_bruto=10, woningen_netto=12))
    assert errors(result) == [
        (2, "woningen_netto", "woningen_netto (12) is meer dan woningen_bruto (10)")
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-3", "woningen_netto is -3: een aantal woningen is 0 of meer"),
        ("veel", "'veel' bij woningen_netto is geen geheel aantal (schrijf bijvoorbeeld 12)"),
        ("2,5", "'2,5' bij woningen_netto is geen geheel aantal (schrijf bijvoorbeeld 12)"),
    ],
)
def test_bad_numbers(value, message):
    assert errors(check(row(woningen_netto=value))) == [(2, "woningen_netto", message)]


def test_thousands_dot():
    (plan,) = check(row(woningen_netto="1.250")).rows
    assert plan.net == 1250


# -------------------------------------------------------------- municipality, phase, year


def test_municipality_codes():
    (plan,) = check(row(gemeentecode="1681", woningen_netto=1)).rows
    assert plan.municipality_code == "GM1681"
    checks = PlanChecks(municipalities={"GM1681", "GM0106"}, writable={"GM1681"})
    assert errors(check(row(gemeentecode="GM9999", woningen_netto=1), checks=checks)) == [
        (2, "gemeentecode", "gemeente GM9999 is onbekend")
    ]
    assert errors(check(row(gemeentecode="GM0106", woningen_netto=1), checks=checks)) == [
        (2, "gemeentecode", "u mag geen plannen invoeren voor gemeente GM0106")
    ]
    assert errors(check(row(gemeentecode="", woningen_netto=1))) == [
        (2, "gemeentecode", "gemeentecode ontbreekt")
    ]


def test_phase_against_the_ladder():
    checks = PlanChecks(phases=["Initiatief", "Vastgesteld"])
    (plan,) = check(row(woningen_netto=1, fase="vastgesteld"), checks=checks).rows
    assert plan.phase == "Vastgesteld"
    result = check(row(woningen_netto=1, fase="droom"), checks=checks)
    assert errors(result) == [
        (2, "fase", "onbekende fase 'droom'; kies uit Initiatief, Vastgesteld")
    ]


def test_delivery_year():
    assert check(row(woningen_netto=1, oplevering_jaar="")).rows[0].delivery_year is None
    result = check(row(woningen_netto=1, oplevering_jaar=1990))
    assert errors(result) == [(2, "oplevering_jaar", "1990 ligt niet tussen 2000 en 2100")]


def test_long_texts():
    result = check(row(woningen_netto=1, ontwikkelaar="x" * 201))
    assert errors(result) == [(2, "ontwikkelaar", "ontwikkelaar is langer dan 200 tekens")]


def test_same_project_in_another_year_is_fine_the_same_year_is_not():
    assert check(
        row(woningen_netto=5, oplevering_jaar=2026), row(woningen_netto=5, oplevering_jaar=2027)
    ).ok
    result = check(row(woningen_netto=5), row(projectnaam="VOORBEELDPLAN ", woningen_netto=5))
    assert errors(result) == [
        (
            3,
            "projectnaam",
            "project 'VOORBEELDPLAN' staat met dezelfde gemeente en hetzelfde opleveringsjaar "
            "al op rij 2",
        )
    ]


def test_all_or_nothing():
    result = check(row(woningen_netto=5), row(projectnaam="Tweede", woningen_netto="x"))
    assert result.rows == [] and len(result.errors) == 1


# ------------------------------------------------------------------------------- reading


def test_missing_columns_is_one_file_error():
    result = check_upload("plannen.csv", csv_bytes(row(), columns=("projectnaam", "gemeentecode")))
    (error,) = result.errors
    assert isinstance(error, RowError) and error.row == 0
    assert str(error).startswith("bestand: Kolommen ontbreken in de eerste regel: woningen_netto.")


def test_other_file_types_are_refused():
    result = check_upload("plannen.pdf", b"%PDF")
    assert result.errors[0].message == "Kies een .csv- of .xlsx-bestand (zoals het sjabloon)."


def test_excel_upload():
    workbook = Workbook()
    readme = workbook.active
    readme.title = "Leesmij"
    readme.append(["Vul het blad Plannen in."])
    sheet = workbook.create_sheet("Plannen")
    sheet.append(list(COLUMNS))
    values = row(woningen_bruto=12.0, sloop=2.0, woningen_netto=10.0, sociale_huur=4.0)
    sheet.append([values.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check_upload("plannen.xlsx", buffer.getvalue())
    assert result.ok, [str(e) for e in result.errors]
    (plan,) = result.rows
    assert (plan.gross, plan.demolition, plan.net) == (12, 2, 10)
    assert plan.segment(Segment.SOCIAL_RENT) == 4 and plan.segment(Segment.MIDDLE_RENT) is None


def test_plan_rows_meet_the_national_file_in_the_duplicate_detector():
    from woonmonitor.programming.parsing.duplicates import Candidate

    (plan,) = check(row(projectnaam="De Es", woningen_netto=5)).rows
    national = Candidate("woningbouwkaart", "900001", "De Es", "Borger-Odoorn", 1)
    assert find_duplicates([plan.candidate(), national]) == []  # code vs name: not compared
    (duplicate,) = find_duplicates([plan.candidate("Borger-Odoorn"), national])
    assert duplicate.reasons == ("zelfde naam en gemeente",)
