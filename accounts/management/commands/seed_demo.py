from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each app adds its demo data through one function; they run in this order.
SEEDERS = [
    "accounts.demo.seed_accounts",
    "groups.demo.seed_groups",
    "moderation.demo.seed_moderation",
    "moderation.alerts.demo.seed_alerts",
    "moderation.duty.demo.seed_duty",
    "groups.content.demo.seed_support",
    "accounts.notifications.demo.seed_notifications",
    "surveys.demo.seed_surveys",
    "accounts.companion.demo.seed_companion",
    "outreach.demo.seed_outreach",
]


class Command(BaseCommand):
    help = "Create the demo accounts, groups and content (idempotent; demo only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run when DEBUG is off. "
                "Use --force only on a throwaway demo server."
            )
        with transaction.atomic():
            for path in SEEDERS:
                import_string(path)()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: peer-support-demo"))
