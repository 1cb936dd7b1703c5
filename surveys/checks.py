"""System checks of the surveys app."""

from django.conf import settings
from django.core.checks import Warning, register

DERIVED = "derived-from-secret-key:"


@register(deploy=True)
def answered_mark_key_of_its_own(app_configs, **kwargs):
    """Whoever holds SECRET_KEY (every app server) could otherwise recompute the "has answered" marks."""
    if settings.SURVEY_HMAC_KEY.strip() and not settings.SURVEY_HMAC_KEY.startswith(DERIVED):
        return []
    return [
        Warning(
            "The 'has answered' marks of anonymous surveys use a key derived from SECRET_KEY.",
            hint="Set SURVEY_HMAC_KEY to a long random value of its own.",
            id="surveys.W001",
        )
    ]
