"""The Django admin keeps to inspection: a rules version a member accepted stays as they accepted it, roles
do not change there (unlogged), groups are created on staff's own page, and a hidden group taking requests
is refused by the model there too."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from groups.models import Group, GroupRules, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_an_accepted_rules_version_cannot_be_edited_or_deleted(admin_client, group, member):
    rules = group.current_rules()  # member accepted version 1 (tests/conftest.py)
    change = reverse("admin:groups_grouprules_change", args=[rules.pk])
    response = admin_client.post(change, {"text": "Anything goes."})
    rules.refresh_from_db()
    assert rules.text.startswith("Be kind.")
    assert "Anything goes" not in response.content.decode()
    assert (
        admin_client.post(reverse("admin:groups_grouprules_delete", args=[rules.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert GroupRules.objects.filter(pk=rules.pk).exists()


def test_a_version_nobody_accepted_yet_may_be_corrected(admin_client, group, member, staff):
    fresh = GroupRules.objects.create(group=group, version=2, text="Be kidn.")
    change = reverse("admin:groups_grouprules_change", args=[fresh.pk])
    assert admin_client.post(change, {"text": "Be kind."}).status_code == 302
    fresh.refresh_from_db()
    assert fresh.text == "Be kind."


def test_roles_and_rules_are_read_only_in_the_group_form(staff, group):
    request = RequestFactory().get("/")
    request.user = staff
    for inline in site._registry[Group].get_inline_instances(request, group):
        assert not inline.has_add_permission(request, group)
        assert not inline.has_change_permission(request, group)
        assert not inline.has_delete_permission(request, group)
    assert not site._registry[Group].has_add_permission(request)


def test_the_admin_refuses_a_hidden_group_that_takes_requests(admin_client, hidden_group, moderator):
    change = reverse("admin:groups_group_change", args=[hidden_group.pk])
    data = {
        "name": hidden_group.name,
        "description": "",
        "kind": "bereavement",
        "visibility": "hidden",
        "join_policy": "request",
        "premoderation_count": 0,
        "report_threshold": 3,
        "slow_mode_seconds": 0,
    }
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "nobody outside it can find it to ask" in response.content.decode()
    hidden_group.refresh_from_db()
    assert hidden_group.join_policy == "invitation"
    assert Membership.objects.filter(user=moderator).get().role == "moderator"


def test_each_half_of_a_date_and_time_input_has_its_label(admin_client):
    html = admin_client.get(reverse("admin:groups_ban_add")).content.decode()
    assert '<label for="id_ends_at_0">' in html and '<label for="id_ends_at_1">' in html


def test_the_admin_uses_plain_multiple_selects_and_underlined_breadcrumbs(admin_client, staff):
    html = admin_client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    assert "SelectFilter2.js" not in html and "admin_a11y/admin.css" in html
