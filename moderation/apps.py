from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            watched_words,  # noqa: F401  (a changed word makes every process read the words again)
        )
        from .alerts import crisis  # noqa: F401  (the same for a changed crisis resource)
