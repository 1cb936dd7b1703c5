"""System checks of the accounts app."""

from django.conf import settings
from django.core.checks import Warning, register

DERIVED = "derived-from-secret-key:"


@register(deploy=True)
def mfa_keys_of_their_own(app_configs, **kwargs):
    """In production two-factor secrets should be encrypted under a key that is not SECRET_KEY."""
    keys = [key for key in getattr(settings, "MFA_ENCRYPTION_KEYS", []) if key.strip()]
    if keys and not any(key.startswith(DERIVED) for key in keys):
        return []
    return [
        Warning(
            "Two-factor secrets are encrypted with a key derived from SECRET_KEY.",
            hint="Set MFA_ENCRYPTION_KEYS to a long random value of its own (see SECURITY.md, key rotation).",
            id="accounts.W001",
        )
    ]
