"""The one base of every import command: a file, its source, a recorded run, a report that adds up.

    class Command(ImportCommand):
        source_key = "huurprijsgrenzen"          # a key of imports/data/sources.toml

        def add_arguments(self, parser):
            self.add_file_argument(parser)
            self.add_source_argument(parser)

        def handle(self, *args, **options):
            self.run_import(path=options["file"], source=options["source"], work=self.load)

        def load(self, recorder):
            for row in ...:
                recorder.read()
                ...  # recorder.accept(), recorder.reject(row, reason) or recorder.skip(row, reason)

``run_import`` records one all-or-nothing import run that cites its source from the sources
table (``imports/sources.py``); a ``MalformedFile`` becomes a ``CommandError`` and nothing is
changed. It closes with the run's counts and whether they add up: every row read is accepted,
rejected with a reason or skipped with a reason. Area commands add ``--gemeenten`` through
``areas.importing.AreaImportCommand``; the monitor's value commands build on that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from .errors import MalformedFile
from .services import RunRecorder, recording_import
from .sources import SourceTableError, source_keys

PROGRESS_EVERY = 500


def closing_line(recorder: RunRecorder) -> str:
    """``gelezen = geaccepteerd + afgewezen + overgeslagen`` with the numbers, or the gap."""
    sum_text = (
        f"{recorder.rows_accepted} geaccepteerd + {recorder.rows_rejected} afgewezen + "
        f"{recorder.rows_skipped} overgeslagen"
    )
    if recorder.adds_up:
        return f"telt op: {recorder.rows_read} gelezen = {sum_text}"
    return (
        f"LET OP, telt niet op: {recorder.rows_read} gelezen, {sum_text} "
        f"({recorder.unaccounted:+d} rijen zonder oordeel)"
    )


class ImportCommand(BaseCommand):
    """A command that reads one file into the database inside a recorded import run."""

    #: The key of the command's source in ``imports/data/sources.toml``.
    source_key = ""

    def add_file_argument(self, parser: CommandParser, **options) -> None:
        options.setdefault("help", "Het bestand om in te lezen.")
        parser.add_argument("file", type=Path, **options)

    def add_vintage_argument(self, parser: CommandParser, *, required: bool = True) -> None:
        parser.add_argument(
            "--vintage",
            type=int,
            required=required,
            default=None,
            help="Jaargang van de CBS-gebiedsindeling.",
        )

    def add_source_argument(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            default="",
            help="Bronvermelding voor deze import (standaard die uit de bronnentabel).",
        )
        parser.add_argument(
            "--source-key",
            default="",
            help=f"Sleutel in de bronnentabel (standaard {self.source_key or 'per bestand'}).",
        )

    @property
    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def existing_file(self, options: dict) -> Path:
        """The ``file`` argument, or a clear error when there is no such file."""
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        return path

    @contextmanager
    def refused(self) -> Iterator[None]:
        """A malformed file read before the run starts becomes the command's error: nothing
        was changed."""
        try:
            yield
        except MalformedFile as exc:
            raise CommandError(f"Import afgebroken, niets gewijzigd: {exc}") from exc

    def chosen_source_key(self, options: dict, default: str = "") -> str:
        """``--source-key``, else ``default``, else the command's ``source_key``; checked."""
        key = (options.get("source_key") or "").strip() or default or self.source_key
        if key not in source_keys():
            raise CommandError(
                f"Bron {key!r} staat niet in de bronnentabel (imports/data/sources.toml); "
                f"kies uit {', '.join(source_keys())}."
            )
        return key

    def run_import(
        self,
        *,
        path: Path | None,
        work: Callable[[RunRecorder], None],
        source_key: str = "",
        source: str = "",
        vintage: int | None = None,
        published_on: date | None = None,
        file_name: str = "",
        label: str = "",
    ) -> RunRecorder:
        """Run ``work`` in a recorded, all-or-nothing import of the source ``source_key``
        (default: the command's); ``source`` overrides the citation text (``--source``).
        Without a ``path`` (a download), ``file_name`` says what was read and ``label`` names it
        in the closing lines. A malformed file becomes a ``CommandError``: nothing was changed."""
        key = source_key or self.source_key
        label = label or (path.name if path is not None else file_name)
        try:
            with recording_import(
                command=self.command_name,
                source=source,
                source_key=key or None,
                path=path,
                vintage=vintage,
                published_on=published_on,
            ) as recorder:
                if file_name:
                    recorder.run.file_name = file_name[:500]
                work(recorder)
        except MalformedFile as exc:
            raise CommandError(f"Import afgebroken, niets gewijzigd: {exc}") from exc
        except SourceTableError as exc:
            raise CommandError(f"Bronnentabel: {exc}") from exc
        self.stdout.write(f"{self.command_name} {label}: {recorder.summary()}")
        self.stdout.write(f"  {closing_line(recorder)}")
        return recorder

    def progress(self, recorder: RunRecorder) -> None:
        if recorder.rows_read and recorder.rows_read % PROGRESS_EVERY == 0:
            self.stdout.write(f"  ... {recorder.rows_read} rijen verwerkt")
