"""Shared plumbing of the area import commands: run recording, errors, progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from woonmonitor.areas.loaders import FileFormatError
from woonmonitor.areas.loaders.codes import parse_code_list
from woonmonitor.imports.services import MalformedFile, RunRecorder, recording_import

PROGRESS_EVERY = 500

#: CBS StatLine table of Kerncijfers wijken en buurten per vintage.
KWB_TABLES = {
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}


def kwb_source(vintage: int) -> str:
    table = KWB_TABLES.get(vintage)
    suffix = f" ({table})" if table else ""
    return f"CBS Kerncijfers wijken en buurten {vintage}{suffix}"


class ImportCommand(BaseCommand):
    """A command that reads one file into the database inside a recorded import run."""

    def add_file_argument(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Het bestand om in te lezen.")

    def add_vintage_argument(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--vintage", type=int, required=True, help="Jaargang van de CBS-gebiedsindeling."
        )

    def add_gemeenten_argument(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gemeenten",
            default="",
            help="Alleen deze gemeenten (en hun wijken en buurten), bijv. GM1681,GM0106.",
        )

    def add_source_argument(self, parser: CommandParser) -> None:
        parser.add_argument("--source", default="", help="Bronvermelding voor deze import.")

    @property
    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def municipalities(self, value: str) -> set[str]:
        try:
            return parse_code_list(value, "gemeente")
        except ValueError as exc:
            raise CommandError(f"Ongeldige --gemeenten: {exc}") from exc

    def run_import(
        self,
        *,
        path: Path,
        source: str,
        vintage: int | None,
        work: Callable[[RunRecorder], None],
    ) -> RunRecorder:
        """Run ``work`` in a recorded, all-or-nothing import; file faults become CommandError."""
        try:
            with recording_import(
                command=self.command_name, source=source, path=path, vintage=vintage
            ) as recorder:
                work(recorder)
        except (FileFormatError, MalformedFile) as exc:
            raise CommandError(f"Import afgebroken, niets gewijzigd: {exc}") from exc
        self.stdout.write(f"{self.command_name} {path.name}: {recorder.summary()}")
        return recorder

    def progress(self, recorder: RunRecorder) -> None:
        if recorder.rows_read and recorder.rows_read % PROGRESS_EVERY == 0:
            self.stdout.write(f"  ... {recorder.rows_read} rijen verwerkt")
