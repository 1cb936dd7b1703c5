"""axe on every page of the demo, as each kind of demo account, at a phone's and a desktop's width (issue 20).

The pages come from a crawl of the seeded demo as that person (tests/crawl.py); one address per URL name is
opened in Chromium, since the same view with another id draws the same markup. The Django admin is left
out: staff work in the product's own pages, and the admin is Django's.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User
from tests.crawl import crawl

from .helpers import axe_violations

pytestmark = pytest.mark.browser

ACCOUNTS = [
    None,
    "member@example.org",
    "moderator@example.org",
    "admin@example.org",
    "professional@example.org",
    "applicant@example.org",
]


def _pages(user):
    """One signed-in address per URL name, in crawl order."""
    client = Client()
    if user is not None:
        client.force_login(user)
    chosen = {}
    for path, response in crawl(client):
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if path.startswith("/" + settings.ADMIN_URL):
            continue
        try:
            name = resolve(path.split("?", 1)[0]).view_name
        except Resolver404:
            continue
        chosen.setdefault(name, path)
    return list(chosen.values())


@pytest.mark.parametrize("email", ACCOUNTS, ids=[e or "visitor" for e in ACCOUNTS])
def test_every_demo_page_has_no_serious_axe_finding(browse, server, email):
    call_command("seed_demo", force=True, verbosity=0)  # the test database is a throwaway one
    user = User.objects.get(email=email) if email else None
    paths = _pages(user)
    assert len(paths) >= 5
    page = browse(user)
    page.allowed_errors.append("WebSocket")  # pages closed mid-handshake while the crawl moves on
    problems = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        if found := axe_violations(page):
            problems[path] = found
    assert not problems, f"axe as {email or 'a visitor'} ({page.viewport_name}): {problems}"
