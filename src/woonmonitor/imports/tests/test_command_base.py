"""The command base's two guards: a missing file and a malformed file are the command's error."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.errors import MalformedFile


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        ImportCommand().existing_file({"file": tmp_path / "geen.csv"})
    present = tmp_path / "wel.csv"
    present.write_text("a\n", encoding="utf-8")
    assert ImportCommand().existing_file({"file": present}) == present


def test_a_malformed_file_stops_the_command_and_says_nothing_changed():
    refusal = pytest.raises(CommandError, match="Import afgebroken, niets gewijzigd: kapot")
    with refusal, ImportCommand().refused():
        raise MalformedFile("kapot")
    with ImportCommand().refused():
        pass  # nothing to refuse
