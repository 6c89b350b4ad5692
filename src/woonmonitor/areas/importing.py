"""The import command base of area data: ``imports.commands.ImportCommand`` with ``--gemeenten``.

The area, boundary and monitor value commands read national files and can keep to some
gemeenten; the rows of other gemeenten are skipped with that reason (``skip_outside``), so the
run's counts still add up.
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.services import RunRecorder

from .loaders.codes import OUTSIDE_MUNICIPALITIES, parse_code_list

OUTSIDE_GEMEENTEN = OUTSIDE_MUNICIPALITIES


class AreaImportCommand(ImportCommand):
    """An import command whose file may be limited to some gemeenten."""

    def add_gemeenten_argument(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gemeenten",
            default="",
            help="Alleen deze gemeenten (en hun wijken en buurten), bijv. GM1681,GM0106.",
        )

    def municipalities(self, value: str) -> set[str]:
        try:
            return parse_code_list(value, "gemeente")
        except ValueError as exc:
            raise CommandError(f"Ongeldige --gemeenten: {exc}") from exc

    @staticmethod
    def skip_outside(recorder: RunRecorder, count: int, reason: str = OUTSIDE_GEMEENTEN) -> None:
        """Count ``count`` rows read and skipped because they lie outside the chosen scope."""
        if count:
            recorder.read(count)
            recorder.skip("-", reason, count=count)
