"""The installable app (issue 18): manifest, service worker, offline page. None of them holds a person's data."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_offline_page_names_nobody_even_for_a_signed_in_member(client, member, group):
    client.force_login(member)
    page = client.get(reverse("offline")).content.decode()
    assert "112" in page
    for private in (member.display_name, member.email, group.name, group.slug):
        assert private not in page


def test_the_service_worker_precaches_only_the_offline_page_and_static_files(client):
    response = client.get(reverse("service-worker"))
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", response.content.decode()).group(1))
    assert precache[0] == reverse("offline")
    assert all(url.startswith("/static/") for url in precache[1:])
    # Pages are never stored: only /static/ responses are put in the cache.
    assert response.content.decode().count("cache.put(") == 1


def test_the_manifest_makes_it_installable_and_discreet_mode_gets_a_neutral_one(client, member):
    plain = client.get(reverse("manifest")).json()
    assert plain["display"] == "standalone" and plain["start_url"] == "/"
    assert plain["name"] == "Peersupport"
    neutral = client.get(reverse("manifest-neutral")).json()
    assert neutral["name"] == "Notes" and "neutral" in neutral["icons"][0]["src"]
    member.discreet_mode = True
    member.save(update_fields=["discreet_mode"])
    client.force_login(member)
    home = client.get(reverse("home")).content.decode()
    assert f'rel="manifest" href="{reverse("manifest-neutral")}"' in home
