"""Print a new VAPID key pair for Web Push, as lines for .env (the private key is shown once, here)."""

from django.core.management.base import BaseCommand

from accounts.notifications import push


class Command(BaseCommand):
    help = "Print a new VAPID key pair (VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY) for push notifications."

    def handle(self, *args, **options):
        private, public = push.new_keys()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}\n")
        self.stderr.write(
            "Put both in .env. Changing them later turns push off on every device until it is turned on again."
        )
