from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studies.apps_above import modules_above
from studies.demo import DEMO_STUDY_SLUG, demo_load
from studies.models import Study


def extend_demo(study: Study) -> None:
    """Lets each app above studies add its part of the demo (vignettes, transcripts,
    codes), in INSTALLED_APPS order, through its own `demo.demo_extend`. Found by
    name, so studies never imports the apps that depend on it."""
    for module in modules_above("demo"):
        extend = getattr(module, "demo_extend", None)
        if extend is not None:
            extend(study)


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
        extend_demo(Study.objects.get(slug=DEMO_STUDY_SLUG))
        self.stdout.write(self.style.SUCCESS(f"Demo study ready: /studies/{DEMO_STUDY_SLUG}/"))
        self.stdout.write("Demo logins (username / password / role):")
        for account, password in logins:
            self.stdout.write(f"  {account.username:<14} {password}   {account.role}")
