"""A run whose process was killed half-way ends as failed, never 'bezig' forever."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from tests.factories import ImportRunFactory

from woonmonitor.areas.models import Area
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import mark_abandoned_runs, recording_import, this_process

ROOT = Path(__file__).resolve().parents[4]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.django_db
def test_a_run_records_its_process_and_who_started_it(cast):
    with recording_import(command="test", source="bron", user=cast["association_editor"]):
        pass
    run = ImportRun.objects.get()
    assert run.process == this_process()
    assert run.started_by == cast["association_editor"]


@pytest.mark.django_db
def test_a_run_of_a_dead_process_on_this_machine_is_marked_failed():
    dead = ImportRunFactory(
        status=ImportRun.Status.RUNNING, process=f"{socket.gethostname()}:{_dead_pid()}:1"
    )
    alive = ImportRunFactory(status=ImportRun.Status.RUNNING, process=this_process())
    assert mark_abandoned_runs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportRun.Status.FAILED
    assert dead.message.startswith("Afgebroken: het proces stopte voordat de import klaar was")
    assert dead.finished_at is not None
    assert alive.status == ImportRun.Status.RUNNING


@pytest.mark.django_db
def test_a_reused_pid_is_not_taken_for_the_run_process():
    """Same pid, other start time: the run's own process is gone."""
    host, pid, _ticks = this_process().split(":")
    run = ImportRunFactory(status=ImportRun.Status.RUNNING, process=f"{host}:{pid}:1")
    assert mark_abandoned_runs() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED


@pytest.mark.django_db
def test_a_run_of_another_machine_is_given_up_after_hours():
    recent = ImportRunFactory(status=ImportRun.Status.RUNNING, process="elders:123:4")
    old = ImportRunFactory(status=ImportRun.Status.RUNNING, process="elders:124:5")
    ImportRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(hours=13))
    assert mark_abandoned_runs() == 1
    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, old.status) == (ImportRun.Status.RUNNING, ImportRun.Status.FAILED)
    assert "na 12 uur niet afgerond" in old.message


@pytest.mark.django_db
def test_the_history_page_shows_a_killed_run_as_failed(client_for):
    run = ImportRunFactory(
        status=ImportRun.Status.RUNNING, process=f"{socket.gethostname()}:{_dead_pid()}:1"
    )
    page = client_for("province_reader").get(f"/importhistorie/{run.pk}/")
    text = page.content.decode()
    assert "mislukt" in text and "Afgebroken" in text


KILLED_IMPORT = """
import django, time
django.setup()
from woonmonitor.areas.models import Area
from woonmonitor.imports.services import recording_import
with recording_import(command="test_killed", source="bron"):
    Area.objects.create(code="GM1681", vintage=2024, level="gemeente", name="Borger-Odoorn")
    print("started", flush=True)
    time.sleep(60)
"""


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_no_data_and_ends_failed():
    """A real process is killed half-way through an import (SIGKILL: no cleanup at all)."""
    database = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and (not database or "memory" in str(database)):
        pytest.skip("the SQLite test database is in memory: no second process can open it")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "woonmonitor.settings_test",
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
        "DATABASE_URL": _url(connection.settings_dict),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "started"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    deadline = time.monotonic() + 30
    while not mark_abandoned_runs() and time.monotonic() < deadline:
        time.sleep(0.2)  # the database may still be releasing the killed connection
    run = ImportRun.objects.get(command="test_killed")
    assert run.status == ImportRun.Status.FAILED
    assert not Area.objects.filter(code="GM1681").exists()


def _url(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"
