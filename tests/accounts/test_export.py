"""Download my data: a ZIP with data.json and index.html holding the person's own data only."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.export import collect_data
from groups.models import JoinAnswer, JoinRequest
from moderation.pipeline import Kind, submit


@pytest.fixture
def written(member, other_member, group, chat):
    submit(member, group, "Tonight was <hard> & I stayed", topic=chat)
    submit(other_member, group, "Not yours to download", topic=chat)
    request = JoinRequest.objects.create(group=group, user=member, status="approved")
    JoinAnswer.objects.create(join_request=request, question_text="Why?", answer="My own answer")


def _download(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="peersupport-data-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_data_export_zip_holds_json_and_readable_html(client, member, group, written):
    archive = _download(client, member)
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["display_name"] == "Quiet Member"
    assert data["profile"]["email"] == "member@example.net"
    assert [m["group"] for m in data["memberships"]] == ["Recovery circle"]
    assert [m["text"] for m in data["messages"]] == ["Tonight was <hard> & I stayed"]
    assert data["join_requests"][0]["answers"] == [{"question": "Why?", "answer": "My own answer"}]
    assert isinstance(data["notifications"], list)
    html = archive.read("index.html").decode()
    assert "Tonight was &lt;hard&gt; &amp; I stayed" in html
    assert "My own answer" in html
    assert "<script" not in html


def test_data_export_contains_nobody_elses_messages(client, member, written):
    archive = _download(client, member)
    everything = archive.read("data.json").decode() + archive.read("index.html").decode()
    assert "Not yours to download" not in everything
    assert "Other Member" not in everything and "other@example.net" not in everything


def test_data_export_holds_every_setting_the_person_chose(member):
    member.quick_exit_sign_out = True
    member.discreet_mode = True
    member.save()
    profile = collect_data(member)["profile"]
    assert profile["quick_exit_sign_out"] is True and profile["discreet_mode"] is True
    assert profile["email_frequency"] == member.email_frequency


def test_data_export_of_an_outsider_is_just_the_profile(client, outsider, written):
    data = json.loads(_download(client, outsider).read("data.json"))
    assert data["profile"]["display_name"] == "Outsider"
    assert data["memberships"] == data["messages"] == data["join_requests"] == []


def test_data_export_includes_rows_of_any_notification_model(member, monkeypatch):
    """Stand in a model with a user foreign key for the notifications engineer's model."""
    from allauth.account.models import EmailAddress

    from accounts.notifications import models as notification_models

    monkeypatch.setattr(notification_models, "StandIn", EmailAddress, raising=False)
    monkeypatch.setattr(EmailAddress, "__module__", notification_models.__name__)
    rows = collect_data(member)["notifications"]
    assert [(r["kind"], r["user_id"]) for r in rows] == [("emailaddress", member.pk)]


def test_data_export_page_explains_and_get_downloads_nothing(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
    assert "index.html" in response.content.decode()


def test_data_export_asks_anonymous_to_sign_in(client, db):
    response = client.post(reverse("accounts:data-export"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_data_export_is_not_cached(client, member):
    client.force_login(member)
    assert "no-store" in client.post(reverse("accounts:data-export"))["Cache-Control"]


def test_data_export_includes_topics_started(client, member, group):
    submit(member, group, "First words", kind=Kind.TOPIC, title="A topic I started")
    data = json.loads(_download(client, member).read("data.json"))
    assert data["messages"][0]["topic"] == "A topic I started"
