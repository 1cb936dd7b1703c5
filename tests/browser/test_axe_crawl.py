"""axe on every page of the demo, as each kind of demo account, at a phone's and a desktop's width (issue 20).

The pages come from a crawl of the seeded demo as that person (tests/crawl.py); one address per URL name is
opened in Chromium, since the same view with another id draws the same markup. The Django admin, which staff
keep for inspection, is crawled on its own (peersupport/admin_a11y labels its date and time inputs).
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


def _pages(user, admin=False):
    """One signed-in address per URL name, in crawl order: the product's pages, or the admin's."""
    client = Client()
    if user is not None:
        client.force_login(user)
    chosen, admin_root = {}, "/" + settings.ADMIN_URL
    for path, response in crawl(client, start=admin_root if admin else "/"):
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if path.startswith(admin_root) != admin:
            continue
        try:
            name = resolve(path.split("?", 1)[0]).view_name
        except Resolver404:
            continue
        chosen.setdefault(name, path)
    return list(chosen.values())


def _axe_problems(page, paths):
    problems = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        if found := axe_violations(page):
            problems[path] = found
    return problems


@pytest.mark.parametrize("email", ACCOUNTS, ids=[e or "visitor" for e in ACCOUNTS])
def test_every_demo_page_has_no_serious_axe_finding(browse, server, email):
    call_command("seed_demo", force=True, verbosity=0)  # the test database is a throwaway one
    user = User.objects.get(email=email) if email else None
    paths = _pages(user)
    assert len(paths) >= 5
    page = browse(user)
    page.allowed_errors.append("WebSocket")  # pages closed mid-handshake while the crawl moves on
    problems = _axe_problems(page, paths)
    assert not problems, f"axe as {email or 'a visitor'} ({page.viewport_name}): {problems}"


def test_the_admin_has_no_serious_axe_finding(browse, server):
    call_command("seed_demo", force=True, verbosity=0)
    staff = User.objects.get(email="admin@example.org")
    paths = _pages(staff, admin=True)
    assert len(paths) >= 20 and any(p.endswith("/add/") for p in paths)  # lists, change and add forms
    page = browse(staff)
    # Django's admin scripts set a few inline styles, which the site's Content-Security-Policy refuses (no
    # 'unsafe-inline'); the admin works without them, so those console errors are expected here.
    page.allowed_errors.append("violates the following Content Security Policy directive 'style-src")
    problems = _axe_problems(page, paths)
    assert not problems, f"axe in the admin ({page.viewport_name}): {problems}"
