"""Load the allocation app's data for `make run`: the priority groups, the national half-year
numbers of statushouders, the statutory tasks computed from them, the real per-association stock
figures, the older-people ratios and the demo figures (marked as such on every page).

Each step prints what it did; the command ends with a summary. Safe to run again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.management.base import BaseCommand

from woonmonitor.allocation import (
    care,
    loading,
    placements,
    publishing,
    realised_demo,
    scenarios,
    statushouders,
)


class Command(BaseCommand):
    help = (
        "Laad de aandachtsgroepen, de landelijke aantallen statushouders per halfjaar, de "
        "berekende taakstellingen, verdeelgegevens, verhoudingen wonen-zorg en demonstratiecijfers."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        self.done: list[str] = []
        self.step("Aandachtsgroepen en omschrijvingen", loading.load_groups)
        self.step("Landelijke aantallen statushouders per halfjaar", loading.load_national_numbers)
        self.step("Taakstellingen statushouders (alle gemeenten)", statushouders.compute_all_tasks)
        self.step("Plaatsingen statushouders (demo)", placements.load_demo_placements)
        self.step("Verdeelgegevens en demoscenario's (fair share)", scenarios.load_fair_share)
        self.step("Verhoudingen wonen-zorg (voorbeeld)", care.load_care_ratios)
        self.step("Demo gerealiseerd en spreiding", realised_demo.load_demo_realisation)
        self.step("Statushouders als indicatoren in de monitor", publishing.publish_indicators)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Klaar in {seconds:.1f} s: {len(self.done)} stappen.")
        )
        for line in self.done:
            self.stdout.write(f"  - {line}")

    def step(self, title: str, work: Callable[[], object]) -> None:
        self.stdout.write(f"{title} ...")
        started = time.monotonic()
        outcome = work()
        line = f"{title}: {outcome} ({time.monotonic() - started:.1f} s)"
        self.stdout.write(f"  {outcome}")
        self.done.append(line)
