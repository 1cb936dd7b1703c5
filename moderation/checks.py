"""System checks: every language people can choose has a crisis line to show."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from .alerts.models import CrisisResource

MISSING_RESOURCE = "moderation.W001"


@checks.register(checks.Tags.database)
def crisis_resource_per_language(app_configs=None, databases=None, **kwargs):
    """Warn when an active UI language has no shown crisis resource (its page would fall back to English).

    A database check: Django runs it with `migrate` and `check --database default`, never
    where the database may not be touched. Skipped quietly before the tables exist.
    """
    if not databases:
        return []
    try:
        shown = set(CrisisResource.objects.filter(active=True).values_list("language", flat=True).distinct())
    except DatabaseError:
        return []
    return [
        checks.Warning(
            f"No crisis resource is shown for {name} ({code}): people using {name} see another language's lines.",
            hint="Add or verify one in the admin: Moderation > Crisis resources.",
            obj="moderation.CrisisResource",
            id=MISSING_RESOURCE,
        )
        for code, name in settings.LANGUAGES
        if code not in shown
    ]
