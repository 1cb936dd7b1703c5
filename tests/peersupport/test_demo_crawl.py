"""Crawl the demo as every demo person: no off-site assets, no leaked e-mails."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User
from tests.crawl import crawl, is_off_site, parse

OUTBOUND_REL = {"noopener", "noreferrer", "nofollow", "ugc"}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def _visitors():
    return [None] + [email for email, _n, _e in DEMO_ACCOUNTS]


@pytest.mark.parametrize("email", _visitors())
def test_demo_pages_load_nothing_off_site_and_show_no_other_email(client, demo, email):
    if email:
        client.force_login(User.objects.get(email=email))
    others = [e for e, _n, _x in DEMO_ACCOUNTS if e != email]
    pages = 0
    for path, response in crawl(client):
        assert response.status_code < 500, path
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        links = parse(html)
        for tag, attr, url in links.assets:
            if tag == "a":
                continue
            assert not is_off_site(url), f"{path}: <{tag} {attr}> loads {url}"
        for href, rel in links.anchors:
            if is_off_site(href):
                assert set(rel.split()) >= OUTBOUND_REL, f"{path}: outbound link {href} lacks rel"
        for other in others:
            assert other not in html, f"{path} shows {other} to {email}"
    assert pages >= 3
