"""Visitors at the desk: a consultation without an account.

The person gives a pseudonym (and a topic and a language); they get a minimal account flagged as a desk visitor
(no e-mail of theirs, an unusable password, no membership anywhere) signed in for this browser, and a one-time
recovery code, shown once and stored only as an HMAC, that reopens the consultation from another browser (it is
then replaced by a new one, shown once again). Opening and recovering are rate-limited per client address, counted
in the cache under a daily HMAC of the address (peersupport/privacy_keys.py): the database never holds it.
"""

import contextlib
import hashlib
import hmac
import secrets
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.validators import validate_pseudonym
from peersupport.privacy_keys import daily_hmac

from . import consultations
from .models import DeskVisitor

SESSION_FLAG = "outreach_visitor"
NEW_CODE = "outreach_new_code"  # the code to show once on the next page
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
WINDOW = 3600
BACKEND = "django.contrib.auth.backends.ModelBackend"


def open_limit():
    return getattr(settings, "OUTREACH_OPEN_PER_HOUR", 5)


def new_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def code_hash(code):
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    key = settings.PRIVACY_HMAC_KEY.encode()
    return hmac.new(key, f"outreach.recovery\x00{cleaned}".encode(), hashlib.sha256).hexdigest()


def _counter(request, action):
    address = get_adapter().get_client_ip(request)
    window = int(time.time() // WINDOW)
    return f"outreach:{action}:{window}:{daily_hmac('outreach.' + action, address)}"


def limited(request, action):
    """True when this address already used up this hour's `action`s (opening or recovering)."""
    return cache.get(_counter(request, action), 0) >= open_limit()


def count(request, action):
    key = _counter(request, action)
    cache.add(key, 0, WINDOW * 2)
    with contextlib.suppress(ValueError):  # the cache is down: the limit fails open (peersupport/cache.py)
        cache.incr(key)


def check_pseudonym(name):
    """The cleaned pseudonym, or raises ValidationError with the project's own sentences."""
    name = " ".join((name or "").split())
    validate_pseudonym(name)
    return name


def _free_name(name):
    """`name`, or `name` with a short number when someone already uses it (never a refusal that tells who)."""
    users = get_user_model().objects
    if not users.filter(display_name__iexact=name).exists():
        return name
    for _attempt in range(20):
        candidate = f"{name[:25]} {secrets.randbelow(9000) + 1000}"
        if not users.filter(display_name__iexact=candidate).exists():
            return candidate
    raise ValidationError("no free pseudonym")


def open_as_visitor(request, pseudonym, area, language):
    """Make the visitor's account and consultation, sign them in here; returns (consultation, recovery code)."""
    code = new_code()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    email=f"visitor-{secrets.token_hex(12)}@desk.invalid",
                    password=None,
                    display_name=_free_name(pseudonym),
                    language=language,
                    email_frequency="never",
                )
                DeskVisitor.objects.create(user=user, recovery_hash=code_hash(code))
                consultation = consultations.open_consultation(user, area, language)
            break
        except IntegrityError:  # the same name taken at the same moment: try another
            continue
    else:
        raise ValidationError("could not open")
    count(request, "open")
    sign_in(request, user, code)
    return consultation, code


def sign_in(request, user, code=None):
    login(request, user, backend=BACKEND)
    request.session[SESSION_FLAG] = True
    if code:
        request.session[NEW_CODE] = code


def recover(request, code):
    """The visitor behind a recovery code, signed in here with a fresh code; None when the code is unknown."""
    count(request, "recover")
    visitor = DeskVisitor.objects.select_related("user").filter(recovery_hash=code_hash(code)).first()
    if visitor is None or not visitor.user.is_active:
        return None
    fresh = new_code()
    visitor.recovery_hash = code_hash(fresh)
    visitor.save(update_fields=["recovery_hash"])
    sign_in(request, visitor.user, fresh)
    return visitor.user


def take_new_code(request):
    """The recovery code to show on this page, once (None after that)."""
    return request.session.pop(NEW_CODE, None)


def forget(request):
    """A visitor deleted their only consultation: their account goes too, and this browser is signed out."""
    user = request.user
    logout(request)
    get_user_model().objects.filter(pk=user.pk, desk_visitor__isnull=False).delete()
