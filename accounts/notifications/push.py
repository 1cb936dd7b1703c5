"""Web Push: a content-free "New activity" to the browsers and phones that asked for it.

A reply at 3 a.m. should not wait for the morning digest, and a lock screen must not out anyone: the
payload says "New activity" in the member's language and nothing else (no group, no pseudonym, no text),
encrypted for the browser (RFC 8291) and signed with the site's VAPID key (RFC 8292) by pywebpush.

Keys: VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY from the environment (`manage.py vapid_keys` makes a pair).
Outside production, without them, a pair is derived from SECRET_KEY so `make run` can try push; in
production push is off until they are set.

A subscription belongs to the session that made it: signing out on that device ends it (receivers.py),
deleting the account deletes it, and a push service that answers 404 or 410 has forgotten it, so we do.
"""

import base64
import hashlib
import json
import logging
import re
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from .models import Notification, PushSubscription

log = logging.getLogger(__name__)
Kind = Notification.Kind
# What is worth waking a phone for: a person answered, a decision about you, an alert, an urgent item.
PUSHED_KINDS = frozenset(
    {
        Kind.REPLY,
        Kind.MENTION,
        Kind.SUPPORT,
        Kind.JOIN_DECIDED,
        Kind.MESSAGE_APPROVED,
        Kind.MESSAGE_REMOVED,
        Kind.MESSAGE_HIDDEN,
        Kind.MESSAGE_WARNED,
        Kind.MESSAGES_SHOWN,
        Kind.ALERT,
        Kind.URGENT,
        Kind.REMINDER,
        Kind.CONSULTATION,
    }
)
_B64URL = re.compile(r"[A-Za-z0-9_\-]+=*")
TTL = 12 * 3600  # seconds a push service keeps an undelivered push
GONE = (404, 410)


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _derived_private_key():
    """A P-256 key derived from SECRET_KEY, for `make run` only (never used in production)."""
    digest = hashlib.sha256(f"peersupport-vapid:{settings.SECRET_KEY}".encode()).digest()
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    return ec.derive_private_key(int.from_bytes(digest, "big") % (order - 1) + 1, ec.SECP256R1())


def _raw_pair(private_key):
    private = _b64(private_key.private_numbers().private_value.to_bytes(32, "big"))
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, _b64(public)


def new_keys():
    """A fresh VAPID pair as (VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY), both base64url."""
    return _raw_pair(ec.generate_private_key(ec.SECP256R1()))


def keys():
    """(private, public) base64url, or None when push is off (production without keys)."""
    if settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY:
        return settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY
    if settings.PRODUCTION:
        return None
    return _raw_pair(_derived_private_key())


def public_key():
    pair = keys()
    return pair[1] if pair else ""


def session_hash(session_key):
    return salted_hmac("accounts.push.session", session_key or "").hexdigest()


def check_subscription(data):
    """(endpoint, p256dh, auth) from what the browser sent, or ValidationError.

    Only a known push service is ever sent a request (PUSH_SERVICE_HOSTS), so a made-up endpoint cannot make
    the server post to an address of someone's choosing.
    """
    keys_ = data.get("keys") if isinstance(data, dict) else None
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not (isinstance(endpoint, str) and isinstance(keys_, dict)):
        raise ValidationError(_("This browser sent an incomplete subscription. Reload the page and try again."))
    p256dh, auth = keys_.get("p256dh"), keys_.get("auth")
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    known = any(host == allowed or host.endswith("." + allowed) for allowed in settings.PUSH_SERVICE_HOSTS)
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in ("127.0.0.1", "localhost"))
    fields_ok = all(isinstance(v, str) and 0 < len(v) <= 200 and _B64URL.fullmatch(v) for v in (p256dh, auth))
    if not (known and secure and len(endpoint) <= 1000 and fields_ok):
        raise ValidationError(_("This browser's push service is not one this site can use."))
    return endpoint, p256dh, auth


def subscribe(user, session_key, endpoint, p256dh, auth):
    """Remember this browser for `user` (the same endpoint moves to whoever subscribes it last)."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "session_hash": session_hash(session_key)},
    )
    return subscription


def unsubscribe(user, endpoint):
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()[0]


def forget_session(session_key):
    """Signing out ends the subscriptions that session made."""
    return PushSubscription.objects.filter(session_hash=session_hash(session_key)).delete()[0]


def targets(notification):
    """Ids of the subscriptions to wake for `notification` (none for kinds not worth a push)."""
    if notification.kind not in PUSHED_KINDS or keys() is None:
        return []
    return list(PushSubscription.objects.filter(user_id=notification.user_id).values_list("pk", flat=True))


def payload(user):
    """The whole payload: the same words for every kind, in the member's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return json.dumps(
            {
                "title": _("New activity"),
                "body": _("Open the app to read it."),
                "url": reverse("accounts:notifications"),
                "icon": static("img/neutral.svg" if user.discreet_mode else "img/icon.svg"),
            }
        )


def send(notification_id, subscription_id):
    """Push one notification to one browser; "sent", "gone" (forgotten), or "skipped".

    Network errors and other push-service answers raise, so the task retries with back-off.
    """
    subscription = PushSubscription.objects.select_related("user").filter(pk=subscription_id).first()
    user_id = getattr(subscription, "user_id", None)
    kind = Notification.objects.filter(pk=notification_id, user_id=user_id).values_list("kind", flat=True).first()
    pair = keys()
    if subscription is None or kind is None or pair is None:
        return "skipped"
    urgent = kind == Kind.URGENT
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload(subscription.user),
            vapid_private_key=pair[0],
            vapid_claims={"sub": settings.VAPID_CONTACT},
            ttl=TTL,
            headers={"Topic": "activity", "Urgency": "high" if urgent else "normal"},
            timeout=10,
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in GONE:
            subscription.delete()
            return "gone"
        raise
    PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return "sent"
