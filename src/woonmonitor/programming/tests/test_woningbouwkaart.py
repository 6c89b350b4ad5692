"""Reading the woningbouwkaart project file, segments and duplicates. Pure: no database.

``data/woningbouwkaart_sample.json`` is hand-made (invented "Voorbeeldplan" projects), shaped
like the records of ``project2.json.gz`` as domain.md describes them; see ``data/README.md``.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.tables import ADMIN_LIMITS, UPLOAD_LIMITS
from woonmonitor.programming.parsing.duplicates import (
    Candidate,
    find_duplicates,
    normalise,
    normalise_municipality,
)
from woonmonitor.programming.parsing.peilmoment import parse_peilmoment
from woonmonitor.programming.parsing.segments import (
    WONINGBOUWKAART_CLASSES,
    Certainty,
    Segment,
    Units,
    parse_count,
    sum_problem,
    tally,
)
from woonmonitor.programming.parsing.woningbouwkaart import (
    MAX_JSON_BYTES,
    certainty_of_status,
    parse_bytes,
    read_path,
)

SAMPLE = Path(__file__).parent / "data" / "woningbouwkaart_sample.json"
HARD, SOFT = Certainty.HARD, Certainty.SOFT


def record(**changes) -> dict:
    base = {
        "project_id": 1,
        "Plannaam": "Voorbeeldplan",
        "Planstatus": "Vastgesteld",
        "peilmoment": "2024-01-01",
        "gemeente_naam": "Borger-Odoorn",
        "provincie_naam": "Drenthe",
        "Netto Plancapaciteit": 10,
        "Bruto Plancapaciteit": 10,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not ...}


def parse(*records, **options):
    return parse_bytes(json.dumps(list(records)).encode(), **options)


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


# ----------------------------------------------------------------------- the sample file


def test_sample_is_a_list_of_four_projects_without_errors():
    result = read_path(SAMPLE)
    assert result.shape == "list"
    assert result.records == 4
    assert [p.project_id for p in result.projects] == ["900001", "900002", "900003", "900004"]
    assert result.ok and result.errors == []
    assert result.unknown_fields == []
    first = result.projects[0]
    assert first.name == "Voorbeeldplan De Es"
    assert first.plan_status == "Vastgesteld" and first.certainty == HARD
    assert first.peilmoment == date(2024, 1, 1) and first.peilmoment_text == "2024-01-01"
    assert (first.municipality_name, first.province_name) == ("Borger-Odoorn", "Drenthe")
    assert (first.net, first.gross) == (40, 44)
    assert len(first.units) == 14


def test_absent_price_fields_are_unknown_and_zero_stays_zero():
    first, second, third, fourth = read_path(SAMPLE).projects
    assert first.count(Segment.SOCIAL_RENT, SOFT) == 0
    assert first.count(Segment.SOCIAL_RENT, HARD) == 12
    assert first.segment_total(Segment.SOCIAL_RENT) == 12
    assert second.count(Segment.SOCIAL_RENT, HARD) is None  # absent
    assert second.count(Segment.SOCIAL_RENT, SOFT) == 36
    assert second.count(Segment.AFFORDABLE_PURCHASE, SOFT) == 0
    assert second.segment_total(Segment.SOCIAL_RENT) is None
    assert all(unit.count is None for unit in third.units)
    assert fourth.count(Segment.MIDDLE_RENT, SOFT) is None  # null


def test_tally_says_how_much_is_unknown():
    first, second, third, _fourth = read_path(SAMPLE).projects
    assert first.tally().complete and first.tally().adds_up is True
    result = second.tally()
    assert (result.known, result.total, result.unaccounted) == (36, 120, 84)
    assert len(result.unknown) == 12 and result.adds_up is None and not result.exceeds
    assert "sociale huur (hard)" in result.unknown
    assert third.tally().known == 0 and third.tally().unaccounted == 25


def test_sample_duplicate_is_reported_not_summed():
    result = read_path(SAMPLE)
    (duplicate,) = result.duplicates
    assert [c.reference for c in duplicate.candidates] == ["900001", "900004"]
    assert duplicate.reasons == ("zelfde naam en gemeente",)
    assert "Mogelijk dubbel" in str(duplicate)
    assert len(result.projects) == 4  # both kept, nothing merged


def test_gzip_reads_like_plain(tmp_path):
    packed = tmp_path / "project2.json.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert read_path(packed).projects == read_path(SAMPLE).projects
    assert parse_bytes(packed.read_bytes()).projects == read_path(SAMPLE).projects


def test_feature_collection_shape():
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": 77, "geometry": None, "properties": record(project_id=...)},
            {"type": "Feature", "properties": record(project_id="A-2", Plannaam="Ander plan")},
        ],
    }
    result = parse_bytes(json.dumps(document).encode())
    assert result.shape == "features"
    assert [p.project_id for p in result.projects] == ["77", "A-2"]


# ------------------------------------------------------------------------ refused files


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"not json {", "geen geldige JSON"),
        (b"", "geen geldige JSON"),
        (b'{"projects": []}', "niet de vorm van project2.json"),
        (b"42", "niet de vorm van project2.json"),
        (b"[1, 2, 3]", "geen projecten"),
        (b"\x1f\x8bnot really gzip", "geen geldig gzip-bestand"),
        (b"\xff\xfe[\x00]\x00", "geen UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    ],
)
def test_malformed_files_are_refused_in_dutch(data, expected):
    with pytest.raises(MalformedFile, match=expected):
        parse_bytes(data)


def test_file_name_is_named_in_the_refusal(tmp_path):
    path = tmp_path / "project2.json"
    path.write_text("{kapot")
    with pytest.raises(MalformedFile, match=r"^project2\.json: Het bestand is geen geldige JSON"):
        read_path(path)


def test_missing_file_is_malformed(tmp_path):
    with pytest.raises(MalformedFile, match="niet te lezen"):
        read_path(tmp_path / "nope.json")


def test_file_size_is_bounded(tmp_path):
    small = dataclasses.replace(UPLOAD_LIMITS, max_file_bytes=100)
    path = tmp_path / "project2.json"
    path.write_text(json.dumps([record()] * 5))
    with pytest.raises(MalformedFile, match="te groot"):
        read_path(path, limits=small)
    with pytest.raises(MalformedFile, match="te groot"):
        parse_bytes(path.read_bytes(), limits=small)


def test_decompressed_size_is_bounded():
    limits = dataclasses.replace(UPLOAD_LIMITS, max_unzipped_bytes=1000)
    bomb = gzip.compress(b"[" + b" " * 10_000_000 + b"]")
    assert len(bomb) < 20_000
    with pytest.raises(MalformedFile, match="uitgepakt groter dan"):
        parse_bytes(bomb, limits=limits)
    assert min(ADMIN_LIMITS.max_unzipped_bytes, MAX_JSON_BYTES) == MAX_JSON_BYTES


def test_number_of_records_is_bounded():
    limits = dataclasses.replace(ADMIN_LIMITS, max_rows=2)
    with pytest.raises(MalformedFile, match="3 projecten; hoogstens 2"):
        parse(record(), record(), record(), limits=limits)


# --------------------------------------------------------------------- per-record errors


def test_errors_are_collected_per_record_and_name_it():
    result = parse(
        record(project_id=1),
        record(project_id=2, Plannaam=..., gemeente_naam=" ", **{"Sociale huur hard": -3}),
        record(project_id=..., peilmoment="ooit"),
        "geen object",
    )
    assert not result.ok
    assert [p.project_id for p in result.projects] == ["1"]
    by_row: dict[str, list[str]] = {}
    for error in result.errors:
        assert isinstance(error, InvalidRow)
        by_row.setdefault(error.row, []).append(str(error))
    assert by_row["record 2 (project 2)"] == [
        "Plannaam ontbreekt.",
        "gemeente_naam ontbreekt.",
        "Sociale huur hard is -3: een aantal woningen is 0 of meer",
    ]
    assert by_row["record 3"][0] == "project_id ontbreekt."
    assert "peilmoment 'ooit' is geen bekende vorm" in by_row["record 3"][1]
    assert by_row["record 4"] == ["Dit record is geen JSON-object."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.5, "Middenhuur zacht 2.5 is geen geheel aantal woningen"),
        (True, "Middenhuur zacht is geen aantal"),
        ("veel", "'veel' bij Middenhuur zacht is geen geheel aantal (schrijf bijvoorbeeld 12)"),
    ],
)
def test_bad_counts_are_errors_never_rounded(value, expected):
    result = parse(record(**{"Middenhuur zacht": value}))
    assert messages(result) == [expected]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("onbekend", None),
        ("n.b.", None),
        (0, 0),
        ("0", 0),
        (12.0, 12),
        ("12", 12),
        ("1.234", 1234),
        ("12,0", 12),
        (" 7 ", 7),
    ],
)
def test_counts_read(value, expected):
    (project,) = parse(record(**{"Dure koop hard": value})).projects
    assert project.count(Segment.EXPENSIVE_PURCHASE, HARD) == expected


def test_peilmoment_absent_uses_the_default_or_is_an_error():
    assert messages(parse(record(peilmoment=...))) == ["peilmoment ontbreekt."]
    (project,) = parse(record(peilmoment=None), default_peilmoment=date(2024, 7, 1)).projects
    assert project.peilmoment == date(2024, 7, 1)
    assert project.peilmoment_text == "2024-07-01"


def test_key_spellings_of_hard_and_zacht():
    (project,) = parse(
        record(
            **{
                "Sociale huur_hard": 1,
                "zacht Sociale huur": 2,
                "MIDDENHUUR - hard": 3,
                "Dure huur": {"hard": 4, "zacht": 5, "anders": 9},
                "Betaalbare Koop (zacht)": 6,
            }
        )
    ).projects
    assert project.count(Segment.SOCIAL_RENT, HARD) == 1
    assert project.count(Segment.SOCIAL_RENT, SOFT) == 2
    assert project.count(Segment.MIDDLE_RENT, HARD) == 3
    assert project.count(Segment.EXPENSIVE_RENT, HARD) == 4
    assert project.count(Segment.EXPENSIVE_RENT, SOFT) == 5
    assert project.count(Segment.AFFORDABLE_PURCHASE, SOFT) == 6


def test_unknown_fields_are_listed_and_conflicting_keys_refused():
    result = parse(record(Fase="2025-2029", **{"Dure huur": {"anders": 1}}))
    assert result.unknown_fields == ["Dure huur.anders", "Fase"]
    result = parse(record(**{"Sociale huur hard": 1, "sociale_huur_hard": 2}))
    assert messages(result) == [
        "sociale_huur_hard staat twee keer in het record, met verschillende waarden."
    ]


def test_warnings_do_not_stop_a_record():
    classes = {
        f"{label} {c}": 0 for label in WONINGBOUWKAART_CLASSES.values() for c in ["hard", "zacht"]
    }
    classes["Sociale huur hard"] = 7
    result = parse(
        record(project_id=1, **classes),
        record(project_id=2, **{"Netto Plancapaciteit": 12, "Bruto Plancapaciteit": 10}),
        record(project_id=3, **{"Netto Plancapaciteit": None}),
    )
    assert result.ok and len(result.projects) == 3
    assert [(w.row, str(w)) for w in result.warnings] == [
        (
            "record 1 (project 1)",
            "De prijsklassen tellen op tot 7 woningen, maar Netto Plancapaciteit is 10 "
            "(verschil 3)",
        ),
        (
            "record 2 (project 2)",
            "Netto Plancapaciteit (12) is groter dan Bruto Plancapaciteit (10).",
        ),
        ("record 3 (project 3)", "Netto Plancapaciteit ontbreekt: de plancapaciteit is onbekend."),
    ]
    assert result.projects[2].net is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Vastgesteld", HARD),
        ("onherroepelijk", HARD),
        ("Harde plancapaciteit", HARD),
        ("In voorbereiding", SOFT),
        ("zacht", SOFT),
        ("Initiatief", SOFT),
        ("", None),
        ("Ontwerp vastgesteld", None),
        ("Afgerond", None),
    ],
)
def test_certainty_only_from_plain_statuses(status, expected):
    assert certainty_of_status(status) == expected


# ----------------------------------------------------------------------------- peilmoment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-01", date(2024, 1, 1)),
        ("2024-07-01T00:00:00Z", date(2024, 7, 1)),
        ("2024-07-01 12:30:00", date(2024, 7, 1)),
        ("1-7-2024", date(2024, 7, 1)),
        ("01/07/2024", date(2024, 7, 1)),
        ("2024-07", date(2024, 7, 1)),
        ("2024/7", date(2024, 7, 1)),
        ("2024-Q1", date(2024, 1, 1)),
        ("2024Q3", date(2024, 7, 1)),
        ("Q4 2024", date(2024, 10, 1)),
        ("2024-K2", date(2024, 4, 1)),
        ("2024-H2", date(2024, 7, 1)),
        ("H1 2025", date(2025, 1, 1)),
        ("juli 2024", date(2024, 7, 1)),
        ("Jan. 2024", date(2024, 1, 1)),
        (1704067200000, date(2024, 1, 1)),
        (date(2024, 1, 1), date(2024, 1, 1)),
    ],
)
def test_peilmoment_forms(raw, expected):
    assert parse_peilmoment(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2024", "alleen een jaar"),
        ("gisteren", "geen bekende vorm"),
        ("2024-13", "geen bestaande datum"),
        ("2024-02-30", "geen bestaande datum"),
        ("1999-01-01", "ligt niet tussen 2000 en 2100"),
        ("2024-Q5", "geen bekende vorm"),
        (2024, "geen bekende vorm"),
        (True, "geen bekende vorm"),
        ("", "ontbreekt"),
    ],
)
def test_peilmoment_refused_with_a_dutch_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_peilmoment(raw)


# ----------------------------------------------------------------------------- duplicates


def test_normalisation():
    assert normalise("  Ter Apel-Zuid & Oost ") == "ter apel zuid en oost"
    assert normalise("Café 't Hoekje") == "cafe t hoekje"
    assert normalise_municipality("Gemeente Borger-Odoorn") == "borger odoorn"
    assert normalise_municipality("Bergen (NH.)") != normalise_municipality("Bergen (L.)")


def test_same_id_is_a_possible_duplicate():
    result = parse(record(project_id=5), record(project_id=5, Plannaam="Iets anders"))
    (duplicate,) = result.duplicates
    assert duplicate.reasons == ("zelfde id 5 in woningbouwkaart",)
    assert len(result.projects) == 2


def test_same_id_and_name_give_one_group_with_both_reasons():
    result = parse(record(project_id=5), record(project_id=5))
    (duplicate,) = result.duplicates
    assert duplicate.reasons == ("zelfde id 5 in woningbouwkaart", "zelfde naam en gemeente")


def test_same_name_elsewhere_is_no_duplicate():
    result = parse(
        record(project_id=1, gemeente_naam="Assen"),
        record(project_id=2, gemeente_naam="Tynaarlo"),
    )
    assert result.duplicates == []


def test_duplicates_across_sources():
    (project,) = parse(record(project_id=9, Plannaam="Het Oude Dorp")).projects
    planned = Candidate("planlijst", "", "het oude-dorp", "Gemeente Borger-Odoorn", 3)
    other = Candidate("planlijst", "", "Nieuw Dorp", "Borger-Odoorn", 4)
    (duplicate,) = find_duplicates([project.candidate(), planned, other])
    assert duplicate.candidates == (project.candidate(), planned)
    # the same reference in two sources is not the same id
    assert find_duplicates([Candidate("a", "1", "x", "m"), Candidate("b", "1", "y", "m")]) == []


# ------------------------------------------------------------------------------- segments


def test_segments_and_labels():
    assert len(Segment) == 8 and Segment.UNKNOWN.value == "onbekend"
    assert str(Segment.SOCIAL_RENT.label) == "sociale huur"
    assert [c.value for c in Certainty] == ["hard", "zacht"]
    assert Units(Segment.MIDDLE_RENT, None, SOFT).label == "middenhuur (zacht)"
    assert not Units(Segment.MIDDLE_RENT, None).known and Units(Segment.MIDDLE_RENT, 0).known


def test_sum_problem_names_both_numbers():
    units = [Units(Segment.SOCIAL_RENT, 30), Units(Segment.MIDDLE_RENT, 65)]
    assert sum_problem(tally(units, 100), parts="De segmenten", total_name="netto") == (
        "De segmenten tellen op tot 95 woningen, maar netto is 100 (verschil 5)"
    )
    partial = [*units, Units(Segment.UNKNOWN, None)]
    assert sum_problem(tally(partial, 100), parts="De segmenten", total_name="netto") is None
    assert sum_problem(tally(partial, 90), parts="De segmenten", total_name="netto") == (
        "De segmenten die zijn ingevuld tellen al op tot 95 woningen, meer dan netto (90)"
    )
    assert sum_problem(tally(units, None), parts="x", total_name="y") is None
    assert tally(units, 95).adds_up is True


def test_parse_count_refuses_negative_text():
    with pytest.raises(ValueError, match="0 of meer"):
        parse_count("-4", "sloop")
    with pytest.raises(ValueError, match="geen geheel aantal"):
        parse_count(float("nan"), "sloop")
