"""Load woningbouwprogrammering for `make run`: the phase ladder, the real plan capacity of
2021 per municipality (Data Bewijst / Follow the Money), and the demonstration projects with
two peilmomenten (marked as demo everywhere, never in a total). Safe to run again; ends with a
summary of every step."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from woonmonitor.programming.demo import load_demo_projects
from woonmonitor.programming.ladder import load_ladders

PLAN_CAPACITY = "ftm-woningvoorraad-plancapaciteit/plancapaciteit_databewijst.xlsx"


class Command(BaseCommand):
    help = (
        "Laad de fasering van woningbouwplannen, de plancapaciteit 2021 per gemeente en de "
        "demonstratieprojecten (met twee peilmomenten)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Map met de openbare gegevens (standaard ../shared/data naast de repository).",
        )
        parser.add_argument(
            "--zonder-demo", action="store_true", help="Laad geen demonstratieprojecten."
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        self.done: list[str] = []
        data_dir = options["data_dir"] or Path(settings.WOONMONITOR_DATA_DIR)
        self.step("Fasering woningbouwplannen", load_ladders)
        self.step(
            "Plancapaciteit 2021 per gemeente",
            lambda: self.capacity(data_dir / PLAN_CAPACITY),
        )
        if not options["zonder_demo"]:
            self.step("Demonstratieprojecten en peilmomenten", load_demo_projects)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Klaar in {seconds:.1f} s: {len(self.done)} stappen.")
        )
        for line in self.done:
            self.stdout.write(f"  - {line}")

    def capacity(self, path: Path) -> str:
        out = io.StringIO()
        call_command("import_plan_capacity", str(path), stdout=out)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        return lines[-1].strip() if lines else "ingelezen"

    def step(self, title: str, work: Callable[[], object]) -> None:
        self.stdout.write(f"{title} ...")
        started = time.monotonic()
        outcome = work()
        self.stdout.write(f"  {outcome}")
        self.done.append(f"{title}: {outcome} ({time.monotonic() - started:.1f} s)")
