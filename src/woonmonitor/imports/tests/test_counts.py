"""Import reports add up: gelezen = geaccepteerd + afgewezen + overgeslagen (issue 10, point 8)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management.base import CommandError
from tests.factories import ImportRunFactory

from woonmonitor.imports import services
from woonmonitor.imports.commands import ImportCommand, closing_line
from woonmonitor.imports.errors import InvalidRow, MalformedFile
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import RunRecorder, recording_import
from woonmonitor.imports.tables import TableError


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def recorder(read: int, accepted: int, rejected: int, skipped: int) -> RunRecorder:
    rec = RunRecorder(ImportRun())
    rec.read(read)
    rec.accept(accepted)
    for number in range(rejected):
        rec.reject(str(number), "kapot")
    if skipped:
        rec.skip("-", "buiten de scope", count=skipped)
    return rec


def test_the_closing_line_says_whether_the_counts_add_up():
    assert closing_line(recorder(10, 6, 1, 3)) == (
        "telt op: 10 gelezen = 6 geaccepteerd + 1 afgewezen + 3 overgeslagen"
    )
    short = recorder(10, 6, 1, 1)
    assert not short.adds_up and short.unaccounted == 2
    assert closing_line(short).startswith("LET OP, telt niet op: 10 gelezen")
    assert "(+2 rijen zonder oordeel)" in closing_line(short)
    assert "telt niet op: +2 rijen zonder oordeel" in short.summary()
    assert "telt niet op" not in recorder(3, 3, 0, 0).summary()


def test_skipped_rows_past_the_limit_are_counted_per_reason(monkeypatch):
    monkeypatch.setattr(services, "MAX_STORED_REJECTIONS", 3)
    monkeypatch.setattr(services, "MAX_SKIP_REASONS", 2)
    rec = RunRecorder(ImportRun())
    for number in range(5):
        rec.skip(f"regel {number}", "buiten de scope")
    rec.skip("regel 9", "lege regel", count=4)
    rec.skip("regel 10", "nog een reden")
    rec.skip("regel 11", "nul", count=0)
    assert rec.rows_skipped == 10
    entries = rec.skipped_entries
    assert sum(entry["count"] for entry in entries) == rec.rows_skipped
    assert entries[:3] == [
        {"row": f"regel {n}", "reason": "buiten de scope", "count": 1} for n in range(3)
    ]
    assert {entry["reason"]: entry["count"] for entry in entries[3:]} == {
        "buiten de scope": 2,
        "lege regel": 4,
        services.OTHER_SKIP_REASONS: 1,
    }


@pytest.mark.django_db
def test_the_run_keeps_the_skipped_rows_and_groups_them_by_reason():
    with recording_import(command="t", source_key="cbs-kwb", vintage=2024) as rec:
        rec.read(6)
        rec.accept(2)
        rec.skip("rij 1", "land of provincie")
        rec.skip("rij 2", "land of provincie")
        rec.skip("3 rijen", "buiten de gekozen gemeenten", count=2)
    run = ImportRun.objects.get()
    assert (run.rows_skipped, run.adds_up, run.data_source.table_id) == (4, True, "85984NED")
    assert run.skip_reasons() == [
        {"reason": "buiten de gekozen gemeenten", "count": 2, "rows": ["3 rijen"]},
        {"reason": "land of provincie", "count": 2, "rows": ["rij 1", "rij 2"]},
    ]


def test_one_set_of_error_types():
    assert issubclass(TableError, MalformedFile)
    error = MalformedFile(["kolom a ontbreekt", "kolom b ontbreekt"])
    assert error.errors == ["kolom a ontbreekt", "kolom b ontbreekt"]
    assert str(error) == "kolom a ontbreekt; kolom b ontbreekt"
    assert MalformedFile("kapot").errors == ["kapot"]
    assert InvalidRow("geen getal", row="regel 3").row == "regel 3"


class Example(ImportCommand):
    source_key = "huurprijsgrenzen"

    def __init__(self, work):
        super().__init__(stdout=StringIO())
        self.work = work

    def handle(self, *args, **options):
        return self.run_import(path=None, label="voorbeeld", work=self.work)


@pytest.mark.django_db
def test_the_command_base_records_cites_and_refuses_malformed_files():
    def work(rec):
        rec.read(3)
        rec.accept(2)
        rec.skip("regel 3", "lege regel")

    command = Example(work)
    command.handle()
    output = command.stdout.getvalue()
    assert "voorbeeld: 3 rijen gelezen, 2 geaccepteerd" in output
    assert "telt op: 3 gelezen = 2 geaccepteerd + 0 afgewezen + 1 overgeslagen" in output
    assert ImportRun.objects.get().data_source.key == "huurprijsgrenzen"

    def broken(rec):
        raise MalformedFile("kolom jaar ontbreekt")

    with pytest.raises(CommandError, match="niets gewijzigd: kolom jaar ontbreekt"):
        Example(broken).handle()
    assert ImportRun.objects.order_by("-pk").first().status == ImportRun.Status.FAILED
    with pytest.raises(CommandError, match="staat niet in de bronnentabel"):
        Example(work).chosen_source_key({"source_key": "bestaat-niet"})


@pytest.mark.django_db
def test_pages_show_skipped_rows_and_whether_the_counts_add_up(client_for):
    ok = ImportRunFactory(
        rows_read=10,
        rows_accepted=6,
        rows_rejected=1,
        rows_skipped=3,
        rejections=[{"row": "7", "reason": "onbekende gemeentecode"}],
        skipped=[
            {"row": "regel 2", "reason": "buiten de gekozen gemeenten", "count": 1},
            {"row": "…", "reason": "buiten de gekozen gemeenten", "count": 2},
        ],
    )
    short = ImportRunFactory(rows_read=5, rows_accepted=4)
    client = client_for("province_reader")
    page = client.get(f"/importhistorie/{ok.pk}/").content.decode()
    assert "De telling klopt: 10 gelezen = 6 geaccepteerd + 1 afgewezen + 3 overgeslagen." in page
    assert "Overgeslagen rijen" in page and "buiten de gekozen gemeenten" in page
    assert ">3<" in page and "regel 2" in page
    page = client.get(f"/importhistorie/{short.pk}/").content.decode()
    assert "De telling klopt niet: 5 gelezen" in page and "(verschil 1)" in page
    listing = client.get("/importhistorie/").content.decode()
    assert "Overgeslagen" in listing and "nee: 1 rij zonder oordeel" in listing
