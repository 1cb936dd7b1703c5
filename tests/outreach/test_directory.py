"""The public service directory: searchable by area and type, in Finnish, English and Swedish, nothing loaded
from another site, linked from the crisis page, the alerts and consultations; staff keep it."""

import pytest
from django.urls import reverse

from outreach.models import Service
from tests.crawl import is_off_site, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db):
    made = [
        Service.objects.create(name="Helsinki exchange", kind="needles", area="Helsinki", languages=["fi", "sv"]),
        Service.objects.create(name="Tampere testing", kind="testing", area="Tampere", anonymous=True),
        Service.objects.create(name="Turku shelter", kind="shelter", area="Turku"),
        Service.objects.create(name="Hidden draft", kind="shelter", area="Turku", published=False),
    ]
    return made


def _names(response):
    return [s.name for s in response.context["services"]]


def test_search_by_area_and_type_shows_only_published_services(client, services):
    url = reverse("outreach:services")
    assert _names(client.get(url)) == ["Helsinki exchange", "Tampere testing", "Turku shelter"]
    assert _names(client.get(url, {"q": "turku"})) == ["Turku shelter"]
    assert _names(client.get(url, {"kind": "testing"})) == ["Tampere testing"]
    assert client.get(url, {"q": "x" * 500, "kind": "nonsense"}).status_code == 200  # bounded, never a 500
    assert _names(client.get(url, {"q": "x" * 50})) == []


@pytest.mark.parametrize(("language", "word"), [("fi", "Hae"), ("sv", "Sök"), ("en", "Search")])
def test_the_directory_speaks_finnish_english_and_swedish(client, services, language, word, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("outreach:services")).content.decode()
    assert f'lang="{language}"' in html and word in html


def test_directory_pages_load_nothing_from_elsewhere(client, services):
    for url in (reverse("outreach:services"), reverse("outreach:service", args=[services[0].pk])):
        for tag, attr, asset in parse(client.get(url).content.decode()).assets:
            if tag != "a":
                assert not is_off_site(asset), (url, tag, attr, asset)


def test_an_unpublished_service_is_not_found(client, services):
    assert client.get(reverse("outreach:service", args=[services[3].pk])).status_code == 404


def test_crisis_page_links_to_the_directory_and_the_desk(client):
    html = client.get(reverse("crisis-help")).content.decode()
    assert reverse("outreach:services") in html and reverse("outreach:start") in html


def test_staff_add_a_service_and_a_mistake_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    bad = client.post(
        reverse("outreach:service-new"), {"name": "Kallio clinic", "kind": "nonsense", "area": "Helsinki"}
    )
    assert bad.status_code == 400 and 'value="Kallio clinic"' in bad.content.decode()
    good = client.post(
        reverse("outreach:service-new"),
        {"name": "Kallio clinic", "kind": "ost", "area": "Helsinki", "languages": ["fi"], "published": "on"},
    )
    assert good.status_code == 302
    assert Service.objects.get(name="Kallio clinic").language_names() == ["Finnish"]


def test_members_cannot_edit_the_directory(client, member):
    client.force_login(member)
    assert client.post(reverse("outreach:service-new"), {"name": "x", "kind": "ost", "area": "y"}).status_code == 403
