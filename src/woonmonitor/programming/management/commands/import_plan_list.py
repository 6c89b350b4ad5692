"""Read a municipality's or association's plan list (CSV or Excel from the template).

    manage.py import_plan_list plannen.xlsx --organisation gemeente-borger-odoorn

The same as the upload on ``/woningbouw/plannen/upload/`` (``programming/importing_plan_list.py``),
for an operator: the projects belong to ``--organisation`` and must lie in the municipalities it
keeps plans in. All or nothing: one wrong row and nothing is stored; every problem is listed.
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from woonmonitor.accounts.models import Organisation
from woonmonitor.imports.commands import ImportCommand, closing_line
from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.tables import UPLOAD_LIMITS, TableTooLarge, check_size

from ...importing_plan_list import import_plan_list
from ...permissions import PLAN_KINDS


class Command(ImportCommand):
    help = (
        "Leest de planlijst (CSV of Excel volgens het sjabloon) van een gemeente of corporatie in."
    )
    source_key = "planlijst"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        parser.add_argument(
            "--organisation",
            required=True,
            help="Slug van de gemeente of corporatie van wie de plannen zijn.",
        )

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None or organisation.kind not in PLAN_KINDS:
            raise CommandError(
                f"Geen gemeente of woningcorporatie met slug {options['organisation']!r}."
            )
        try:
            check_size(path.stat().st_size, UPLOAD_LIMITS)
        except TableTooLarge as exc:
            raise CommandError(f"Import afgebroken, niets gewijzigd: {exc}") from exc
        data = path.read_bytes()
        self.stdout.write(f"{self.command_name} {path.name}: controleren voor {organisation} ...")
        report = import_plan_list(
            user=None, organisation=organisation, name=path.name, data=data, check_permission=False
        )
        if not report.ok:
            for error in report.errors:
                self.stdout.write(f"    {error}")
            raise CommandError(
                f"Import afgebroken, niets opgeslagen: {len(report.errors)} fout(en) "
                f"in {path.name}."
            )
        run = report.run
        recorder = RunRecorder(run)
        recorder.rows_read, recorder.rows_accepted = run.rows_read, run.rows_accepted
        recorder.rejections, recorder.rows_skipped = run.rejections, run.rows_skipped
        self.stdout.write(f"{self.command_name} {path.name}: {run.message}")
        self.stdout.write(f"  {closing_line(recorder)}")
        self.stdout.write(
            f"  samenvatting: {len(report.created)} nieuw, {len(report.changed)} gewijzigd, "
            f"{len(report.unchanged)} ongewijzigd, {len(report.missing)} niet in deze lijst; "
            f"{len(report.duplicates)} mogelijke dubbelingen"
        )
        for pair in report.duplicates:
            self.stdout.write(
                f"    mogelijk dubbel: {pair.first.name} ({pair.first.get_source_display()}) en "
                f"{pair.second.name} ({pair.second.get_source_display()}), "
                f"{pair.first.municipality_code}: {'; '.join(pair.reasons)}"
            )
