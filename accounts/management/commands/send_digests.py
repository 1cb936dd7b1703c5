from django.core.management.base import BaseCommand

from accounts import tasks


class Command(BaseCommand):
    help = "Send today's notification digests now (beat does this daily; `make run` prints them to the console)."

    def handle(self, *args, **options):
        count = tasks.send_digests()
        self.stdout.write(f"Digests queued for {count} member(s); each is sent at most once a day.")
