"""Load the indicator catalogue (``monitor/data/indicators.toml``) into the database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from woonmonitor.monitor.catalogue import DEFAULT_PATH, CatalogueError, read_catalogue
from woonmonitor.monitor.catalogue_services import load_catalogue
from woonmonitor.monitor.models import Theme


class Command(BaseCommand):
    help = "Laad de indicatorcatalogus (standaard het meegeleverde indicators.toml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_PATH,
            help="Catalogusbestand (TOML); standaard monitor/data/indicators.toml.",
        )

    def handle(self, *args, path: Path, verbosity: int = 1, **options) -> None:
        say = self.stdout.write if verbosity >= 1 else (lambda *args, **kwargs: None)
        say(f"Catalogus lezen: {path}")
        try:
            catalogue = read_catalogue(path)
        except CatalogueError as exc:
            problems = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                f"De catalogus is ongeldig ({len(exc.errors)}):\n{problems}"
            ) from exc
        per_theme = catalogue.per_theme()
        themes = ", ".join(
            f"{str(Theme(theme).label).lower()} {len(specs)}" for theme, specs in per_theme.items()
        )
        say(f"Versie {catalogue.version}: {len(catalogue.indicators)} indicatoren ({themes})")
        summary = load_catalogue(catalogue=catalogue)
        for key in summary.kept:
            say(self.style.WARNING(f"Niet meer in catalogus, blijft (heeft waarden): {key}"))
        say(self.style.SUCCESS(f"Klaar: {summary}"))
