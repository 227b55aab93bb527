"""`python manage.py seed_demo`: the demo municipalities Esimerkkilä and Toisala (see demo/schools.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from demo.schools import DEMO_PASSWORD, FIXED_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo municipalities Esimerkkilä (three school centres) and Toisala (one school) with "
        "two school years, the standard role catalog and about 50 people with their roles. Idempotent: "
        "only what is missing is created, in one transaction, so running it again changes nothing. "
        f"New accounts get the password {DEMO_PASSWORD}; existing accounts keep theirs, so a password "
        "changed since the last run is not reset."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = seed_demo()
        if report.changed:
            created = ", ".join(f"{kind}: {count}" for kind, count in report.created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo data created ({created})."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already in place; nothing to create."))
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD} unless changed since):")
        for email in FIXED_ACCOUNTS:
            self.stdout.write(f"  {email}")
