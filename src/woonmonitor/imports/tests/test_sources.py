"""The table of sources: every entry valid, resolved per vintage, and cited by import runs."""

from __future__ import annotations

from datetime import date

import pytest

from woonmonitor.imports.models import DataSource, ImportRun
from woonmonitor.imports.services import recording_import
from woonmonitor.imports.sources import (
    SOURCES_FILE,
    Reference,
    SourceTableError,
    read_sources,
    resolve,
)


def test_the_shipped_table_is_valid_and_every_entry_resolves():
    entries = read_sources()
    assert "cbs-kwb" in entries
    for key in entries:
        entry = resolve(key, 2024)
        assert entry.citation.startswith(entry.publisher)
        assert "{" not in entry.title and "{" not in entry.url


def test_a_vintage_brings_its_table_and_publication_date():
    entry = resolve("cbs-kwb", 2024)
    assert entry.table_id == "85984NED"
    assert entry.published_on == date(2025, 3, 27)
    assert entry.citation == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    assert entry.url.endswith("/85984NED/table")
    assert entry.reference_date_for(2024) == date(2024, 1, 1)


def test_a_later_vintage_needs_no_code_change_and_claims_nothing_it_does_not_know():
    entry = resolve("cbs-kwb", 2031)
    assert entry.title == "Kerncijfers wijken en buurten 2031"
    assert entry.table_id == ""
    assert entry.published_on is None
    assert entry.url == ""
    assert entry.citation == "CBS, Kerncijfers wijken en buurten 2031"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (Reference.START_OF_YEAR, date(2020, 1, 1)),
        (Reference.END_OF_YEAR, date(2020, 12, 31)),
        (Reference.YEAR, date(2020, 12, 31)),
        (Reference.PER_ROW, None),
    ],
)
def test_reference_dates_follow_the_rule(tmp_path, reference, expected):
    path = tmp_path / "s.toml"
    path.write_text(
        f'[[source]]\nkey = "x"\npublisher = "P"\ntitle = "T"\nreference = "{reference}"\n'
        'licence = "CC BY 4.0"\nroute = "r"\n',
        encoding="utf-8",
    )
    assert resolve("x", 2020, entries=read_sources(path)).reference_date_for(2020) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('key = "x"\npublisher = "P"\ntitle = "T"\nreference = "1-januari"\n', "ontbreekt"),
        (
            'key = "x"\npublisher = "P"\ntitle = "T"\nreference = "ooit"\n'
            'licence = "l"\nroute = "r"\n',
            "onbekend",
        ),
        (
            'key = "x"\npublisher = "P"\ntitle = "T"\nreference = "datum"\n'
            'licence = "l"\nroute = "r"\n',
            "reference_date",
        ),
        (
            'key = "x"\npublisher = "P"\ntitle = "T"\nreference = "jaar"\nlicence = "l"\n'
            'route = "r"\ntabel = "1"\n',
            "onbekende velden",
        ),
    ],
)
def test_an_invalid_table_is_refused_with_the_reason(tmp_path, body, message):
    path = tmp_path / "s.toml"
    path.write_text("[[source]]\n" + body, encoding="utf-8")
    with pytest.raises(SourceTableError, match=message):
        read_sources(path)


def test_an_unknown_key_is_refused():
    with pytest.raises(SourceTableError, match="niet in de bronnentabel"):
        resolve("geen-bron")


def test_the_table_file_ships_with_the_package():
    assert SOURCES_FILE.is_file()


@pytest.mark.django_db
def test_a_run_cites_its_source_and_a_second_run_reuses_it(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with recording_import(command="t", source_key="cbs-kwb", path=path, vintage=2024) as rec:
        rec.read()
        rec.accept()
    with recording_import(
        command="t",
        source_key="cbs-kwb",
        path=path,
        vintage=2024,
        published_on=date(2025, 6, 1),
    ):
        pass
    runs = ImportRun.objects.order_by("pk")
    assert runs[0].source == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    assert runs[0].data_source_id == runs[1].data_source_id
    assert DataSource.objects.get().published_on == date(2025, 6, 1)


@pytest.mark.django_db
def test_skipped_rows_are_counted_with_their_reason(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with recording_import(command="t", source="s", path=path) as rec:
        rec.read(12)
        rec.accept(2)
        rec.reject("3", "geen getal")
        rec.skip("4-12", "buiten de gekozen gemeenten", count=9)
    run = ImportRun.objects.get()
    assert (run.rows_read, run.rows_accepted, run.rows_rejected, run.rows_skipped) == (12, 2, 1, 9)
    assert run.skipped == [{"row": "4-12", "reason": "buiten de gekozen gemeenten", "count": 9}]
    assert "9 overgeslagen" in run.message
