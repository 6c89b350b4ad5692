"""Create one demo user per role (idempotent) and print their logins."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from woonmonitor.accounts.services import DEMO_USERS, ensure_demo_user, missing_demo_organisations


class Command(BaseCommand):
    help = "Maakt demo-gebruikers aan, een per rol, en toont hun inloggegevens."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--password", help="Eén wachtwoord voor alle demo-gebruikers")

    def handle(self, *args, password: str | None = None, **options) -> None:
        if password:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        if missing_demo_organisations():
            self.stdout.write("Organisaties ontbreken; load_organisations wordt eerst uitgevoerd.")
            call_command("load_organisations", stdout=self.stdout, stderr=self.stderr)
        rows = [("gebruikersnaam", "wachtwoord", "organisatie", "rol")]
        for demo in DEMO_USERS:
            user, organisation = ensure_demo_user(demo, password)
            rows.append(
                (
                    user.username,
                    password or demo.password,
                    organisation.name if organisation else "-",
                    demo.role_label,
                )
            )
        self._print_table(rows)
        self.stdout.write(
            self.style.WARNING(
                "LET OP: dit zijn demo-accounts met bekende wachtwoorden. "
                "Gebruik ze nooit op een publiek bereikbare of productie-installatie."
            )
        )

    def _print_table(self, rows: list[tuple[str, ...]]) -> None:
        widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
        for number, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
