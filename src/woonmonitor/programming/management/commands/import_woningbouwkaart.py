"""Read the national woningbouwkaart's project file into projects.

    manage.py import_woningbouwkaart project2.json.gz [--provincie Drenthe]
        [--shapes project_shape_topo.json.gz]
    manage.py import_woningbouwkaart --shapes project_shape_topo.json.gz

The rules (phase from Planstatus, absent prices unknown, names to codes, shapes joined on
project_id) are in ``programming/importing_woningbouwkaart.py``. All or nothing, the shapes
with the project file: one record with an error, or a shapes file that cannot be read, and
nothing is stored; every problem is listed. A shape that is no valid polygon, a project
without a shape and a shape without a project are reported; the project is stored without
(new) geometry. ``--shapes`` alone gives projects imported earlier (same project_id) their
shapes. Possible duplicates are listed for review on ``/woningbouw/dubbelingen/``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.tables import ADMIN_LIMITS

from ...duplicates_review import pairs_involving
from ...importing_woningbouwkaart import check_file, join_shapes, store_projects, store_shapes
from ...parsing import topojson
from ...parsing.woningbouwkaart import read_path

SHOWN = 20


class Command(ImportCommand):
    help = "Leest de projecten van de landelijke woningbouwkaart (project2.json[.gz]) in."
    source_key = "woningbouwkaart"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(
            parser,
            nargs="?",
            default=None,
            help="project2.json(.gz); zonder dit bestand alleen --shapes voor eerder ingelezen "
            "projecten.",
        )
        parser.add_argument(
            "--shapes",
            type=Path,
            default=None,
            help="De vlakken van de projecten (project_shape_topo.json[.gz], TopoJSON), gekoppeld "
            "op project_id.",
        )
        parser.add_argument(
            "--provincie",
            default="",
            help="Alleen de projecten van deze provincie (provincie_naam), bijvoorbeeld Drenthe.",
        )
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        if options["file"] is None and options["shapes"] is None:
            raise CommandError("Geef project2.json(.gz), --shapes of beide.")
        key = self.chosen_source_key(options)
        path = None if options["file"] is None else self.existing_file(options)
        shapes_path = None if options["shapes"] is None else Path(options["shapes"])
        shapes = self.read_shapes(shapes_path)
        if path is None:
            self.only_shapes(shapes_path, shapes, key=key, source=options["source"])
            return
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
            geometries = None
            if shapes is not None:
                joined = join_shapes(
                    [item.record.project_id for item in checked.planned],
                    [record.project_id for record in parsed.projects],
                    shapes,
                )
                for warning in shapes.warnings:
                    recorder.warn(warning.row, str(warning))
                self.report_join(joined, recorder)
                geometries = joined.geometries
            outcome.update(
                store_projects(
                    checked.planned, run=recorder.run, say=self.stdout.write, geometries=geometries
                )
            )
            recorder.accept(len(checked.planned))

        try:
            self.run_import(
                path=path,
                source_key=key,
                source=options["source"],
                work=work,
                file_name=f"{path.name} + {shapes_path.name}" if shapes_path is not None else "",
            )
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

    def read_shapes(self, path: Path | None) -> topojson.ParsedShapes | None:
        if path is None:
            return None
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        with self.refused():
            shapes = topojson.read_path(path, limits=ADMIN_LIMITS)
        self.stdout.write(
            f"{self.command_name} {path.name}: {shapes.objects} objecten met project_id, "
            f"{len(shapes.shapes)} geldige vlakken, {len(shapes.errors)} ongeldig, "
            f"{shapes.without_id} zonder project_id (coördinaten {shapes.crs})"
        )
        return shapes

    def say_ids(self, label: str, ids: list[str]) -> str:
        shown = ", ".join(ids[:SHOWN]) + (
            f" en {len(ids) - SHOWN} meer" if len(ids) > SHOWN else ""
        )
        line = f"{len(ids)} {label}: {shown}"
        self.stdout.write(f"  {line}")
        return line

    def report_join(self, joined, recorder: RunRecorder) -> None:
        self.stdout.write(
            f"  vlakken: {len(joined.geometries)} gekoppeld, {len(joined.invalid)} ongeldig, "
            f"{len(joined.without_shape)} projecten zonder vlak, {len(joined.without_project)} "
            f"vlakken zonder project, {joined.other_records} van projecten buiten deze import"
        )
        for project_id, message in joined.invalid.items():
            recorder.warn(project_id, f"vlak niet opgeslagen: {message}")
        for project_id, message in list(joined.invalid.items())[:SHOWN]:
            self.stdout.write(f"    project {project_id}: vlak niet opgeslagen: {message}")
        if joined.without_shape:
            recorder.warn(
                "",
                self.say_ids(
                    "projecten zonder vlak (bewaard, zonder locatie)", joined.without_shape
                ),
            )
        if joined.without_project:
            recorder.warn("", self.say_ids("vlakken zonder project", joined.without_project))

    def only_shapes(self, path: Path, shapes, *, key: str, source: str) -> None:
        """``--shapes`` without a project file: the projects imported earlier get their shapes."""
        outcome: dict = {}

        def work(recorder: RunRecorder) -> None:
            for warning in shapes.warnings:
                recorder.warn(warning.row, str(warning))
            stored = store_shapes(shapes, run=recorder.run)
            recorder.read(len(stored.changed) + len(stored.unchanged) + len(stored.invalid))
            recorder.read(len(stored.without_project))
            recorder.accept(len(stored.changed) + len(stored.unchanged))
            for project_id, message in stored.invalid.items():
                recorder.reject(project_id, f"vlak niet opgeslagen: {message}")
            for project_id in stored.without_project:
                recorder.skip(project_id, "geen project van de woningbouwkaart met dit project_id")
            outcome["stored"] = stored

        self.run_import(path=path, source_key=key, source=source, work=work)
        stored = outcome["stored"]
        self.stdout.write(
            f"  samenvatting: {len(stored.changed)} projecten met nieuw vlak, "
            f"{len(stored.unchanged)} ongewijzigd, {len(stored.invalid)} ongeldig, "
            f"{len(stored.without_project)} vlakken zonder project, {stored.without_shape} "
            "projecten van de woningbouwkaart zonder vlak (bewaard, zonder nieuwe locatie)"
        )
        for project_id, message in list(stored.invalid.items())[:SHOWN]:
            self.stdout.write(f"    project {project_id}: vlak niet opgeslagen: {message}")
        if stored.without_project:
            self.say_ids("vlakken zonder project", stored.without_project)
