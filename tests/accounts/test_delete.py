"""Delete my account: identity gone, sessions ended, sockets closed, writing kept or deleted."""

import re
from importlib import import_module
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.deletion import delete_account
from groups.models import JoinAnswer, JoinRequest, Membership, Message, Topic
from moderation.models import ModerationLog, Report
from moderation.pipeline import Kind, submit

User = get_user_model()


@pytest.fixture
def written(member, other_member, group, chat):
    """The member started a topic alone, replied in another's topic and chatted."""
    mine = submit(member, group, "My own topic text", kind=Kind.TOPIC, title="My topic").message
    theirs = submit(other_member, group, "Someone else's topic", kind=Kind.TOPIC, title="Their topic").message
    reply = submit(member, group, "My reply in their topic", topic=theirs.topic).message
    said = submit(member, group, "Hello chat from me", topic=chat).message
    return {"mine": mine, "theirs": theirs, "reply": reply, "chat": said}


def _delete(client, user, choice, password):
    client.force_login(user)
    return client.post(reverse("accounts:account-delete"), {"messages": choice, "password": password})


def test_account_delete_keeping_messages_leaves_them_authorless(client, member, written, password):
    response = _delete(client, member, "keep", password)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not User.objects.filter(pk=member.pk).exists()
    for message in written.values():
        message.refresh_from_db()
    assert written["reply"].author is None
    assert written["reply"].body_source == "My reply in their topic"
    assert written["theirs"].author is not None
    assert Topic.objects.filter(title="My topic", created_by=None).exists()


def test_account_delete_everything_removes_writing_and_own_topics(client, member, written, password):
    _delete(client, member, "delete", password)
    remaining = set(Message.objects.values_list("body_source", flat=True))
    assert remaining == {"Someone else's topic"}
    assert not Topic.objects.filter(title="My topic").exists()
    assert Topic.objects.filter(title="Their topic").exists()
    assert Topic.objects.filter(is_chat=True).exists()


def test_account_delete_removes_identity_everywhere(client, group, member, moderator, written, password):
    EmailAddress.objects.get_or_create(user=member, email=member.email, defaults={"primary": True})
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "x"})
    request = JoinRequest.objects.create(group=group, user=member, status="approved")
    JoinAnswer.objects.create(join_request=request, question_text="Why?", answer="My private answer")
    Report.objects.create(message=written["theirs"], reporter=member, note="unkind")
    ModerationLog.objects.create(group=group, actor=moderator, action="mute", target_user=member)
    email, name = member.email, member.display_name

    _delete(client, member, "keep", password)

    assert not User.objects.filter(email=email).exists()
    assert not User.objects.filter(display_name=name).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Authenticator.objects.exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not JoinAnswer.objects.filter(answer="My private answer").exists()
    assert not Report.objects.filter(note="unkind").exists()
    assert ModerationLog.objects.get(action="mute").target_user is None
    assert _rows_pointing_at(member.pk) == []


def _rows_pointing_at(user_id):
    """Every row of every model with a foreign key to the user that still names them."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            names_user = field.is_relation and field.related_model is User
            if names_user and model._base_manager.filter(**{field.attname: user_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_account_delete_ends_every_session_and_closes_sockets(
    client, member, password, django_capture_on_commit_callbacks
):
    other_browser = import_module(settings.SESSION_ENGINE).SessionStore()
    other_browser["_auth_user_id"] = str(member.pk)
    other_browser.create()
    bystander = import_module(settings.SESSION_ENGINE).SessionStore()
    bystander["_auth_user_id"] = str(member.pk + 1000)
    bystander.create()
    layer = get_channel_layer()
    socket = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user-{member.pk}", socket)
    with django_capture_on_commit_callbacks(execute=True):
        _delete(client, member, "keep", password)
    event = async_to_sync(layer.receive)(socket)
    assert event["type"] == "session.close" and event["group_id"] is None
    assert not Session.objects.filter(session_key=other_browser.session_key).exists()
    assert Session.objects.filter(session_key=bystander.session_key).exists()
    assert not client.get(reverse("accounts:settings")).wsgi_request.user.is_authenticated


def test_account_delete_tells_open_screens_that_messages_are_gone(member, written, django_capture_on_commit_callbacks):
    with (
        mock.patch("accounts.deletion.live.message_gone") as gone,
        django_capture_on_commit_callbacks(execute=True),
    ):
        delete_account(member, keep_messages=False)
    assert {call.args[0].pk for call in gone.call_args_list} == {
        written["mine"].pk,
        written["reply"].pk,
        written["chat"].pk,
    }
    assert {call.args[0].status for call in gone.call_args_list} == {"deleted"}


def test_account_delete_wrong_password_keeps_account_and_choice(client, member, written):
    response = _delete(client, member, "delete", "not-my-password")
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    assert Message.objects.filter(author=member).count() == 3
    html = response.content.decode()
    assert "That is not your password" in html
    assert re.search(r'<input[^>]*value="delete"[^>]*checked', html)


def test_account_delete_needs_a_choice(client, member, password):
    client.force_login(member)
    response = client.post(reverse("accounts:account-delete"), {"password": password})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()


def test_account_delete_outsider_deletes_only_themselves(client, outsider, member, password):
    _delete(client, outsider, "delete", password)
    assert not User.objects.filter(pk=outsider.pk).exists()
    assert User.objects.filter(pk=member.pk).exists()


def test_account_delete_page_asks_anonymous_to_sign_in(client, db):
    response = client.get(reverse("accounts:account-delete"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_account_delete_is_linked_from_settings(client, member):
    client.force_login(member)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:account-delete") in html
    assert reverse("accounts:data-export") in html
