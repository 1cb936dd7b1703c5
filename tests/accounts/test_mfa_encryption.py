"""Two-factor secrets are encrypted at rest under keys of their own, and the keys can be rotated."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management import call_command

from accounts import mfa_adapter


def _code(secret):
    """The code an authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


@pytest.fixture
def keys(settings):
    settings.MFA_ENCRYPTION_KEYS = ["first-key-for-tests-0123456789"]
    return settings


def test_mfa_totp_secret_is_not_stored_in_clear_and_still_validates(keys, moderator):
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    stored = Authenticator.objects.get(user=moderator, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored and stored.startswith(mfa_adapter.PREFIX)
    totp = TOTP(Authenticator.objects.get(user=moderator, type=Authenticator.Type.TOTP))
    assert totp.validate_code(_code(secret))


def test_mfa_recovery_codes_seed_is_encrypted(keys, moderator):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(moderator)
    stored = Authenticator.objects.get(user=moderator, type=Authenticator.Type.RECOVERY_CODES).data
    assert stored["seed"].startswith(mfa_adapter.PREFIX)
    assert codes.get_unused_codes()  # still derived from the decrypted seed


def test_mfa_rotation_re_encrypts_with_the_new_key_and_drops_the_old(keys, moderator):
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    keys.MFA_ENCRYPTION_KEYS = ["second-key-for-tests-abcdef", "first-key-for-tests-0123456789"]
    call_command("rotate_mfa_keys")
    keys.MFA_ENCRYPTION_KEYS = ["second-key-for-tests-abcdef"]
    stored = Authenticator.objects.get(user=moderator).data["secret"]
    assert mfa_adapter.decrypt(stored) == secret
    keys.MFA_ENCRYPTION_KEYS = ["first-key-for-tests-0123456789"]
    with pytest.raises(ValueError):
        mfa_adapter.decrypt(stored)


def test_mfa_secrets_from_before_encryption_are_encrypted_by_the_command(keys, moderator):
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert mfa_adapter.decrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"
    call_command("rotate_mfa_keys")
    stored = Authenticator.objects.get(user=moderator).data["secret"]
    assert stored.startswith(mfa_adapter.PREFIX) and mfa_adapter.decrypt(stored) == "JBSWY3DPEHPK3PXP"


def test_mfa_deploy_check_warns_about_a_key_derived_from_secret_key(settings):
    from accounts.checks import mfa_keys_of_their_own

    settings.MFA_ENCRYPTION_KEYS = ["derived-from-secret-key:abc"]
    assert [w.id for w in mfa_keys_of_their_own(None)] == ["accounts.W001"]
    settings.MFA_ENCRYPTION_KEYS = ["a-key-of-its-own-0123456789"]
    assert mfa_keys_of_their_own(None) == []
