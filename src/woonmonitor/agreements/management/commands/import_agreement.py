"""Import the text of a prestatieafspraken document into a draft for review.

manage.py import_agreement ../shared/seeds/001_38dedbc85e70cbb7.txt
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from woonmonitor.agreements import services
from woonmonitor.agreements.parsing import NotAnAgreement


class Command(BaseCommand):
    help = "Leest een prestatieafsprakendocument (platte tekst) in als concept om te beoordelen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        self.stdout.write(f"Lezen: {file} ...")
        try:
            agreement = services.import_agreement_file(path=file)
        except (NotAnAgreement, services.AgreementError) as exc:
            raise CommandError(f"{file.name}: {exc} Er is niets gewijzigd.") from exc
        summary = services.import_summary(agreement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Concept aangemaakt: {agreement.title} (id {agreement.pk}), "
                f"{summary['parties']} partijen, {summary['themes']} thema's, "
                f"{summary['commitments']} afspraken, {summary['tables']} cijfertabellen, "
                f"{summary['flags']} markeringen, {summary['unplaced']} niet begrepen regels."
            )
        )
        review_url = f"/prestatieafspraken/{agreement.pk}/beoordelen/"
        self.stdout.write(f"Beoordelen en publiceren: {review_url}")
