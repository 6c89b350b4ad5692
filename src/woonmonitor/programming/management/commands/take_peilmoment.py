"""Record the quarterly peilmoment: a copy of every plan as it is now (for a scheduler, e.g. on
the first day of each quarter with ``--op`` the last day of the quarter before). Ends with a
summary."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from woonmonitor.programming.services import take_peilmoment


class Command(BaseCommand):
    help = "Leg het peilmoment van het kwartaal vast: een kopie van elk plan zoals het nu is."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--op",
            default="",
            help="Een dag in het kwartaal (JJJJ-MM-DD); standaard vandaag.",
        )

    def handle(self, *args, **options) -> None:
        on = None
        if options["op"]:
            try:
                on = datetime.date.fromisoformat(options["op"])
            except ValueError as exc:
                raise CommandError(f"--op {options['op']!r} is geen datum (JJJJ-MM-DD)") from exc
        peilmoment, copied = take_peilmoment(on=on)
        self.stdout.write(
            self.style.SUCCESS(
                f"Peilmoment {peilmoment.date.isoformat()} vastgelegd: {copied} plannen gekopieerd."
            )
        )
