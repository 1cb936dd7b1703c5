"""A visitor without an account: pseudonym, one-time recovery code, rate limit, and nothing else to reach."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from groups.models import JoinRequest, Membership
from outreach import visitors
from outreach.models import Consultation, DeskVisitor

pytestmark = pytest.mark.django_db


def _open(client, name="Night Owl", area="health", language="en"):
    return client.post(reverse("outreach:start"), {"area": area, "language": language, "pseudonym": name})


def test_a_visitor_opens_a_consultation_with_only_a_pseudonym(client, consultant):
    response = _open(client)
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == reverse("outreach:consultation", args=[consultation.pk])
    person = consultation.person
    assert person.display_name == "Night Owl" and not person.has_usable_password()
    assert person.email.endswith("@desk.invalid") and not Membership.objects.filter(user=person).exists()
    page = client.get(response.url).content.decode()
    code = page.split('id="recovery-code-value">')[1].split("<")[0]
    assert len(code) == 19
    assert DeskVisitor.objects.get(user=person).recovery_hash == visitors.code_hash(code)
    assert code not in client.get(response.url).content.decode()  # shown once


def test_a_taken_pseudonym_gets_a_number_instead_of_a_refusal(client, member):
    _open(client, name=member.display_name)
    person = Consultation.objects.get().person
    assert person.display_name != member.display_name and person.display_name.startswith(member.display_name)


def test_a_bad_pseudonym_keeps_what_was_typed_and_says_why(client):
    response = _open(client, name="a@b")
    assert response.status_code == 400
    assert 'value="a@b"' in response.content.decode()
    assert not User.objects.filter(email__endswith="@desk.invalid").exists()


def test_the_recovery_code_reopens_it_once_from_another_browser(client, consultant):
    response = _open(client)
    code = client.get(response.url).content.decode().split('id="recovery-code-value">')[1].split("<")[0]
    other = Client()
    reopened = other.post(reverse("outreach:recover"), {"code": code.lower()})
    assert reopened.status_code == 302
    assert other.get(reverse("outreach:mine")).url == response.url
    assert other.get(response.url).status_code == 200
    third = Client()
    assert third.post(reverse("outreach:recover"), {"code": code}).status_code == 400  # one time only


def test_opening_is_rate_limited_per_address(settings, consultant):
    settings.OUTREACH_OPEN_PER_HOUR = 2
    for n in range(2):
        assert _open(Client(), name=f"Visitor {n}").status_code == 302
    response = _open(Client(), name="Visitor 3")
    assert response.status_code == 429
    assert 'value="Visitor 3"' in response.content.decode()  # nothing lost
    assert Consultation.objects.count() == 2


def test_a_visitor_reaches_nothing_but_their_consultation(client, group):
    _open(client)
    mine = reverse("outreach:consultation", args=[Consultation.objects.get().pk])
    for url in (
        reverse("home"),
        reverse("groups:group-list"),
        reverse("groups:group-home", args=[group.slug]),
        reverse("accounts:settings"),
        reverse("accounts:notifications"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("outreach:mine"), url
    client.post(reverse("groups:join-request", args=[group.slug]), {})
    assert not JoinRequest.objects.exists()
    assert client.get(reverse("crisis-help")).status_code == 200
    assert client.get(reverse("outreach:services")).status_code == 200
    assert client.get(mine).status_code == 200


def test_deleting_their_only_consultation_removes_the_visitor_account(client, consultant):
    _open(client)
    consultation = Consultation.objects.get()
    response = client.post(reverse("outreach:consultation-delete", args=[consultation.pk]), follow=True)
    assert response.status_code == 200
    assert not User.objects.filter(email__endswith="@desk.invalid").exists()


def test_visitors_are_not_listed_in_the_admin(client, staff, consultant):
    _open(Client(), name="Night Owl")
    client.force_login(staff)
    html = client.get("/" + settings.ADMIN_URL.lstrip("/") + "accounts/user/").content.decode()
    assert staff.display_name in html and "Night Owl" not in html


def test_the_navigation_is_the_visitors_own_and_consultants_find_the_desk(client, consultant):
    _open(client)
    html = client.get(reverse("crisis-help")).content.decode()
    assert reverse("outreach:mine") in html and reverse("groups:group-list") not in html
    assert reverse("accounts:settings") not in html
    other = Client()
    other.force_login(consultant)
    assert reverse("outreach:desk") in other.get(reverse("crisis-help")).content.decode()
