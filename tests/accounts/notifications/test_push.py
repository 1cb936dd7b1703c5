"""Web Push for real (issue 18): a local push service receives what pywebpush sends; the test decrypts it.

The "browser" is a P-256 key and an auth secret made here, as a browser makes them. The push service is an
HTTP server on 127.0.0.1. Nothing of the sending library is mocked: the request is encrypted (RFC 8291,
aes128gcm), decrypted here with the browser's private key, and its VAPID signature (RFC 8292) is checked
against the site's public key.
"""

import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.deletion import delete_account
from accounts.models import Notification, PushSubscription
from accounts.notifications import push
from moderation import pipeline

pytestmark = pytest.mark.django_db


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """What a browser keeps for one push subscription: its private key and auth secret."""

    def __init__(self, endpoint):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self):
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}

    def decrypt(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


@pytest.fixture
def push_service():
    """A push service on loopback: records every request; a path under /gone/ answers 410."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {name.lower(): value for name, value in self.headers.items()}
            received.append({"path": self.path, "headers": headers, "body": body})
            self.send_response(410 if self.path.startswith("/gone/") else 201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "received": received}
    server.shutdown()


@pytest.fixture
def vapid(settings):
    private, public = push.new_keys()
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = private, public
    settings.VAPID_CONTACT = "mailto:push-test@example.org"
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    return public


def subscribe(client, browser):
    return client.post(reverse("accounts:push-subscribe"), browser.subscription(), content_type="application/json")


def verify_vapid(headers, endpoint_origin, public_key):
    """The JWT in the Authorization header is signed by the site's key and names this push service."""
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    head, claims, signature = fields["t"].split(".")
    raw = unb64(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(public_key))
    key.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    claims = json.loads(unb64(claims))
    assert claims["aud"] == endpoint_origin
    assert claims["sub"] == "mailto:push-test@example.org"
    assert claims["exp"] > time.time()


def test_a_mention_reaches_the_phone_as_content_free_new_activity(
    run_after_commit, push_service, vapid, member, other_member, chat, group
):
    phone = Browser(push_service["url"] + "/push/device-1")
    client = Client()
    client.force_login(other_member)
    assert subscribe(client, phone).status_code == 201

    run_after_commit(pipeline.submit, member, group, "thanks @other member, the night was long", topic=chat)

    [request] = push_service["received"]
    assert request["path"] == "/push/device-1"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["topic"] == "activity" and int(request["headers"]["ttl"]) > 0
    verify_vapid(request["headers"], push_service["url"], vapid)
    shown = phone.decrypt(request["body"])
    assert shown == {
        "title": "New activity",
        "body": "Open the app to read it.",
        "url": reverse("accounts:notifications"),
        "icon": shown["icon"],
    }
    text = json.dumps(shown)
    for private in (group.name, group.slug, member.display_name, "night was long"):
        assert private not in text
    assert PushSubscription.objects.get().last_sent_at is not None


def test_the_signature_check_would_catch_another_key(push_service, vapid, other_member, run_after_commit, member):
    phone = Browser(push_service["url"] + "/push/device-1")
    push.subscribe(other_member, "session", *push.check_subscription(phone.subscription()))
    notification = Notification.objects.create(user=other_member, kind=Notification.Kind.ALERT)
    push.send(notification.pk, PushSubscription.objects.get().pk)
    _, someone_else = push.new_keys()
    with pytest.raises((InvalidSignature, AssertionError)):
        verify_vapid(push_service["received"][0]["headers"], push_service["url"], someone_else)


def test_the_words_come_in_the_members_language(push_service, vapid, other_member):
    other_member.language = "fi"
    other_member.save(update_fields=["language"])
    phone = Browser(push_service["url"] + "/push/device-1")
    push.subscribe(other_member, "session", *push.check_subscription(phone.subscription()))
    notification = Notification.objects.create(user=other_member, kind=Notification.Kind.REPLY)
    assert push.send(notification.pk, PushSubscription.objects.get().pk) == "sent"
    with translation.override("fi"):
        expected = translation.gettext("New activity")
    assert expected != "New activity"
    assert phone.decrypt(push_service["received"][0]["body"])["title"] == expected


def test_a_push_service_that_forgot_the_browser_ends_the_subscription(push_service, vapid, other_member):
    gone = Browser(push_service["url"] + "/gone/device-2")
    push.subscribe(other_member, "session", *push.check_subscription(gone.subscription()))
    notification = Notification.objects.create(user=other_member, kind=Notification.Kind.MENTION)
    assert push.send(notification.pk, PushSubscription.objects.get().pk) == "gone"
    assert not PushSubscription.objects.exists()


def test_kinds_not_worth_waking_a_phone_for_send_nothing(push_service, vapid, other_member):
    phone = Browser(push_service["url"] + "/push/device-1")
    push.subscribe(other_member, "session", *push.check_subscription(phone.subscription()))
    survey = Notification.objects.create(user=other_member, kind=Notification.Kind.SURVEY)
    assert push.targets(survey) == []
    mention = Notification.objects.create(user=other_member, kind=Notification.Kind.MENTION)
    assert push.targets(mention) == [PushSubscription.objects.get().pk]


def test_signing_out_ends_this_devices_subscription_only(push_service, vapid, other_member):
    phone, laptop = Client(), Client()
    phone.force_login(other_member)
    laptop.force_login(other_member)
    subscribe(phone, Browser(push_service["url"] + "/push/phone"))
    subscribe(laptop, Browser(push_service["url"] + "/push/laptop"))
    phone.post(reverse("account_logout"))
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [push_service["url"] + "/push/laptop"]


def test_deleting_the_account_deletes_its_subscriptions(push_service, vapid, other_member):
    push.subscribe(other_member, "s", *push.check_subscription(Browser(push_service["url"] + "/push/a").subscription()))
    delete_account(other_member, keep_messages=False)
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": "https://evil.example/collect", "keys": {"p256dh": "abc", "auth": "def"}},
        {"endpoint": "http://fcm.googleapis.com/fcm/send/x", "keys": {"p256dh": "abc", "auth": "def"}},
        {"endpoint": "https://fcm.googleapis.com.evil.example/x", "keys": {"p256dh": "abc", "auth": "def"}},
        {"endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": {"p256dh": "<script>", "auth": "def"}},
        {"endpoint": "https://fcm.googleapis.com/fcm/send/x"},
        ["not", "an", "object"],
    ],
)
def test_only_a_known_push_service_can_be_named(client, member, settings, body):
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = push.new_keys()
    client.force_login(member)
    response = client.post(reverse("accounts:push-subscribe"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_real_push_service_address_is_accepted(client, member, settings):
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = push.new_keys()
    client.force_login(member)
    body = Browser("https://fcm.googleapis.com/fcm/send/abc123").subscription()
    assert subscribe(client, type("B", (), {"subscription": lambda self: body})()).status_code == 201
    assert PushSubscription.objects.get().user == member


def test_signed_out_people_cannot_subscribe(client):
    response = client.post(reverse("accounts:push-subscribe"), {}, content_type="application/json")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_in_production_without_keys_push_is_off_and_says_so(client, member, settings):
    settings.PRODUCTION, settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = True, "", ""
    client.force_login(member)
    response = client.post(reverse("accounts:push-subscribe"), {}, content_type="application/json")
    assert response.status_code == 503 and "not set up" in response.json()["error"]
    assert 'id="push"' in client.get(reverse("accounts:settings")).content.decode()
    assert 'data-key=""' in client.get(reverse("accounts:settings")).content.decode()
