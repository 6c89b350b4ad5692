"""Read the national woningbouwkaart's project file into projects.

    manage.py import_woningbouwkaart project2.json.gz [--provincie Drenthe]

The rules (phase from Planstatus, absent prices unknown, names to codes) are in
``programming/importing_woningbouwkaart.py``. All or nothing: one record with an error and
nothing is stored; every problem is listed. Possible duplicates are listed for review on
``/woningbouw/dubbelingen/``.
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.tables import ADMIN_LIMITS

from ...duplicates_review import pairs_involving
from ...importing_woningbouwkaart import check_file, store_projects
from ...parsing.woningbouwkaart import read_path

SHOWN = 20


class Command(ImportCommand):
    help = "Leest de projecten van de landelijke woningbouwkaart (project2.json[.gz]) in."
    source_key = "woningbouwkaart"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        parser.add_argument(
            "--provincie",
            default="",
            help="Alleen de projecten van deze provincie (provincie_naam), bijvoorbeeld Drenthe.",
        )
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        key = self.chosen_source_key(options)
        with self.refused():
            parsed = read_path(path, limits=ADMIN_LIMITS)
        self.stdout.write(
            f"{self.command_name} {path.name}: {parsed.records} records ({parsed.shape}), "
            f"{len(parsed.projects)} projecten gelezen"
        )
        if parsed.unknown_fields:
            self.stdout.write(f"  onbekende velden: {', '.join(parsed.unknown_fields[:20])}")
        outcome: dict = {}

        def work(recorder: RunRecorder) -> None:
            checked = check_file(parsed, province=options["provincie"])
            recorder.read(parsed.records)
            if checked.errors:
                for where, message in checked.errors:
                    recorder.reject(where, message)
                raise MalformedFile(
                    f"{len(checked.errors)} fout(en); alle of geen projecten worden opgeslagen",
                    errors=[f"{where}: {message}" for where, message in checked.errors],
                )
            for where, reason in checked.skipped:
                recorder.skip(where, reason)
            for warning in parsed.warnings:
                recorder.warn(warning.row, str(warning))
            for item in checked.planned:
                for warning in item.warnings:
                    recorder.warn(str(item.record.position), warning)
            outcome.update(store_projects(checked.planned, run=recorder.run, say=self.stdout.write))
            recorder.accept(len(checked.planned))

        try:
            self.run_import(path=path, source_key=key, source=options["source"], work=work)
        except CommandError as exc:
            cause = exc.__cause__
            if isinstance(cause, MalformedFile):
                for line in cause.errors[:SHOWN]:
                    self.stdout.write(f"    {line}")
                if len(cause.errors) > SHOWN:
                    self.stdout.write(f"    ... en {len(cause.errors) - SHOWN} meer")
            raise
        touched = [p.pk for projects in outcome.values() for p in projects]
        pairs = pairs_involving(touched)
        self.stdout.write(
            f"  samenvatting: {len(outcome['created'])} nieuw, {len(outcome['changed'])} "
            f"gewijzigd, {len(outcome['unchanged'])} ongewijzigd; {len(pairs)} mogelijke "
            "dubbelingen (beoordelen op /woningbouw/dubbelingen/)"
        )
        for pair in pairs[:SHOWN]:
            self.stdout.write(
                f"    mogelijk dubbel: {pair.first.name} ({pair.first.get_source_display()}) en "
                f"{pair.second.name} ({pair.second.get_source_display()}), "
                f"{pair.first.municipality_code}: {'; '.join(pair.reasons)}"
            )
