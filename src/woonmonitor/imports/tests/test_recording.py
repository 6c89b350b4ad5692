"""Tests of recording_import: all or nothing per file, with the run kept on failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from woonmonitor.areas.models import Area
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import

pytestmark = pytest.mark.django_db


def test_successful_run_is_recorded(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with recording_import(command="test", source="bron", path=path, vintage=2024) as recorder:
        recorder.read(2)
        recorder.accept()
        recorder.reject("rij 2", "ongeldige code")
        recorder.warn("rij 1", "geen geometrie")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.rows_read, run.rows_accepted, run.rows_rejected) == (2, 1, 1)
    assert run.file_name == "file.txt" and len(run.file_sha256) == 64
    assert run.message == (
        "2 rijen gelezen, 1 geaccepteerd, 1 afgewezen, 0 overgeslagen, 1 waarschuwingen"
    )


def test_failed_run_rolls_back_data_but_keeps_the_run(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(MalformedFile), recording_import(command="test", source="bron", path=path):
        Area.objects.create(code="GM1681", vintage=2024, level="gemeente", name="Borger-Odoorn")
        raise MalformedFile("kapot")
    assert not Area.objects.exists()
    run = ImportRun.objects.get()
    assert (run.status, run.message) == (ImportRun.Status.FAILED, "kapot")


def test_missing_file():
    with (
        pytest.raises(MalformedFile, match="niet gevonden"),
        recording_import(command="test", source="bron", path=Path("/nonexistent/file.csv")),
    ):
        pass
    assert not ImportRun.objects.exists()
