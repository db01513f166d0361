from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studies.demo import DEMO_STUDY_SLUG, demo_load


class Command(BaseCommand):
    help = "Creates the demo study and demo accounts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even though DJANGO_ENV=production.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts in production; pass --allow-production."
            )
        logins = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo study ready: /studies/{DEMO_STUDY_SLUG}/"))
        self.stdout.write("Demo logins (username / password / role):")
        for account, password in logins:
            self.stdout.write(f"  {account.username:<14} {password}   {account.role}")
