"""Import, review and publish the two real seed agreements and the province's programme, then
attach the agreements' targets.

The review is done by the demo loader itself and recorded as such in the audit
trail: every flag is confirmed and every unplaced line settled by the user
``demo-import`` with a note that says so. These documents were signed by their
parties, so the loader records that signature for every signing party (as a
platform administrator would, basis "ondertekend brondocument") before it
publishes. The programme (seed 000, issue 12) was issued by the province itself: its one
party, the province, is recorded as having adopted it. No status or progress is invented:
the programme text reports none, so its actions carry no progress report.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from woonmonitor.accounts.models import User
from woonmonitor.agreements import services
from woonmonitor.agreements.models import Agreement
from woonmonitor.agreements.parsing import NotAnAgreement

SEEDS = (
    "001_38dedbc85e70cbb7.txt",
    "002_8c2198bb28f9bb11.txt",
    "000_e1cad4dc2678b261.txt",  # programme (issue 12): Uitvoeringsprogramma Wonen, Drenthe
)
REVIEW_NOTE = "Bekeken bij het laden van de demodata (load_demo_agreements)."
SIGNED_NOTE = "Ondertekend brondocument ({date}), vastgelegd bij het laden van de demodata."
ISSUED_NOTE = (
    "Uitgave van de provincie zelf ({date}): vastgelegd als vastgesteld bij het laden van de "
    "demodata."
)


class Command(BaseCommand):
    help = (
        "Importeert, beoordeelt en publiceert de prestatieafspraken van Borger-Odoorn en "
        "Hoogeveen en het Uitvoeringsprogramma Wonen van de provincie Drenthe."
    )

    def handle(self, *args, **options) -> None:
        # the loader acts as a platform administrator who cannot log in
        reviewer, _created = User.objects.update_or_create(
            username="demo-import",
            defaults={"first_name": "Demodata", "is_active": False, "is_staff": True},
        )
        for position, name in enumerate(SEEDS, start=1):
            path = settings.WOONMONITOR_SEEDS_DIR / name
            self.stdout.write(f"[{position}/{len(SEEDS)}] {path}")
            if not path.is_file():
                raise CommandError(f"Bestand niet gevonden: {path} (zet WOONMONITOR_SEEDS_DIR)")
            existing = Agreement.objects.filter(source_name=name).first()
            if existing is not None:
                self.stdout.write(f"  al aanwezig: {existing.title} (id {existing.pk})")
                continue
            try:
                agreement = services.import_agreement_file(path=path, user=reviewer)
            except (NotAnAgreement, services.AgreementError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            settled = services.review_all(
                agreement=agreement, user=reviewer, resolution=REVIEW_NOTE
            )
            services.record_signed_document(
                agreement=agreement,
                user=reviewer,
                note=(ISSUED_NOTE if agreement.is_programme else SIGNED_NOTE).format(
                    date=agreement.date_text or agreement.edition
                ),
            )
            services.publish(agreement=agreement, user=reviewer)
            summary = services.import_summary(agreement)
            self.stdout.write(
                f"  gepubliceerd: {agreement.title}: {summary['commitments']} afspraken, "
                f"{summary['tables']} tabellen, {settled} markeringen/regels bekeken"
            )
        call_command("load_agreement_targets", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {Agreement.objects.count()} documenten met afspraken aanwezig."
            )
        )
