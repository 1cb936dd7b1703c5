"""Group addresses that do not name the group (groups/addresses.py, issue 17): history keeps no slug."""

import re

import pytest
from django.urls import resolve, reverse

from groups.addresses import code_for, slug_for

pytestmark = pytest.mark.django_db


def test_every_address_the_site_makes_carries_a_code_not_the_slug(hidden_group):
    url = reverse("groups:group-home", args=[hidden_group.slug])
    assert hidden_group.slug not in url
    assert resolve(url).kwargs["slug"] == hidden_group.slug
    for name in ("groups:chat", "groups:topic-list", "groups:member-list"):
        assert hidden_group.slug not in reverse(name, args=[hidden_group.slug])
    assert hidden_group.slug not in reverse("moderation:group-queue", args=[hidden_group.slug])


def test_codes_are_stable_hide_the_length_and_cannot_be_forged(settings):
    assert code_for("remembering") == code_for("remembering")
    assert len(code_for("a")) == len(code_for("bereaved-parents"))
    forged = code_for("remembering")[:-2] + "aa"
    assert slug_for(forged) == forged  # not ours: treated as a typed slug, so "not found"
    old = code_for("remembering")
    settings.SECRET_KEY = "another-secret-key-" + "z" * 40
    assert code_for("remembering") != old and slug_for(old) == old


def test_a_member_sees_no_slug_in_any_link_of_the_group_pages(client, member, group, hidden_group, staff):
    client.force_login(member)
    for name in ("groups:group-home", "groups:chat", "groups:topic-list"):
        page = client.get(reverse(name, args=[group.slug])).content.decode()
        hrefs = re.findall(r'(?:href|action)="([^"]+)"', page)
        assert hrefs and not [h for h in hrefs if f"/{group.slug}/" in h]


def test_a_typed_slug_still_opens_the_group_and_a_hidden_code_is_a_plain_404(client, member, group, hidden_group):
    client.force_login(member)
    assert client.get(f"/groups/{group.slug}/").status_code == 200
    hidden = client.get(reverse("groups:group-home", args=[hidden_group.slug]))
    absent = client.get(reverse("groups:group-home", args=["no-such-group"]))
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
