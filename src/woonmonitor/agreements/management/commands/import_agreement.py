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
        parser.add_argument(
            "--allow-duplicate",
            action="store_true",
            help="Ook inlezen als dit document of deze editie van de gemeente er al is.",
        )

    def handle(self, *args, file: Path, allow_duplicate: bool = False, **options) -> None:
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        self.stdout.write(f"Lezen: {file} ...")
        try:
            agreement = services.import_agreement_file(path=file, allow_duplicate=allow_duplicate)
        except services.DuplicateAgreement as exc:
            listed = "; ".join(
                f"id {a.pk} ({a.get_status_display()}, editie {a.edition}): "
                f"/prestatieafspraken/{a.pk}/"
                for a in exc.existing
            )
            raise CommandError(
                f"{file.name}: {exc} Al aanwezig: {listed}. Er is niets gewijzigd; gebruik "
                "--allow-duplicate om toch een nieuw concept te maken."
            ) from exc
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
