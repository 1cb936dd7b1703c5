"""Demo alerts and a bad-batch report for `seed_demo`, after the built-in crisis words and resources.

The crisis words and resources are product data (moderation/alerts/crisis.py,
installed by migration 0003); `seed_demo` only tops them up, idempotently.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from moderation import sanitize

from . import crisis
from .models import Alert, BadBatchReport

DEMO_ALERTS = [
    # title, body, substance, area, severity, days to expiry, verified, source
    (
        "Strong opioids found in pills sold as oxycodone",
        "Drug checking found **fentanyl-type opioids** in pills sold as oxycodone in Kallio, Helsinki.\n\n"
        "- Do not use alone; have naloxone at hand.\n- Start with a small amount.\n- In an overdose call 112.",
        "Fentanyl analogue",
        "Helsinki, Kallio",
        Alert.Severity.URGENT,
        14,
        True,
        "Drug checking service",
    ),
    (
        "Naloxone kits: free training this month",
        "Free naloxone kits and a short training are available at the low-threshold health counselling points.",
        "",
        "Helsinki",
        Alert.Severity.INFO,
        -3,
        True,
        "Health counselling service",
    ),
]


def seed_resources():
    """The built-in crisis resources (migration 0003 installs them already; this only fills gaps)."""
    crisis.install()


def seed_demo_alerts():
    author = User.objects.filter(email="admin@example.org").first()
    now = timezone.now()
    for title, body, substance, area, severity, days, verified, source in DEMO_ALERTS:
        if Alert.objects.filter(title=title).exists():
            continue
        alert = Alert(
            title=title,
            body_source=body,
            substance=substance,
            area=area,
            severity=severity,
            expires_at=now + timedelta(days=days),
            all_groups=True,
            verified=verified,
            source_note=source,
            created_at=now - timedelta(days=max(0, -days) + 7),
        )
        # Saved directly: the demo notifies nobody and has no open pages.
        alert.body_html = sanitize.render_markdown(body)
        alert.created_by = author
        alert.save()
    if not BadBatchReport.objects.exists():
        BadBatchReport.objects.create(
            what="Blue pills sold as ecstasy, much stronger than usual.",
            where="Tampere, city centre",
            effects="Two friends had seizures and needed an ambulance.",
        )


def seed_alerts():
    """Top up the built-in crisis words and resources, then create the demo alerts and report once."""
    crisis.install()
    seed_demo_alerts()
