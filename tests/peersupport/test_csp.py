"""Content-Security-Policy: the header on every page of the demo, and nothing inline that it would block."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User
from tests.crawl import crawl

EXPECTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}  # not executed, CSP does not apply


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts and styles, on* handlers, style attributes."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._inline = None  # tag name while inside an inline <script>/<style>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")
        if tag == "style":
            self._inline = "style"
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_BLOCK_TYPES:
            self._inline = "script"
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:>")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._inline = None

    def handle_data(self, data):
        if self._inline and data.strip():
            self.problems.append(f"inline <{self._inline}>: {data.strip()[:60]}")


def inline_problems(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def directives(header):
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_csp_finder_catches_what_the_policy_blocks():
    html = (
        '<div style="color:red" onclick="x()"></div><script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:void(0)">x</a><script src="/static/js/ok.js"></script>'
        '<script type="application/json">{"data": 1}</script>'
    )
    assert len(inline_problems(html)) == 5


def test_csp_header_has_every_directive(client, db):
    found = directives(client.get(reverse("home"))["Content-Security-Policy"])
    for name, value in EXPECTED_DIRECTIVES.items():
        assert found[name] == value, name
    assert found["connect-src"].split() == ["'self'", "ws://127.0.0.1:8000", "ws://localhost:8000"]


def test_csp_websocket_sources_follow_the_allowed_origins():
    from peersupport.settings import _websocket_sources

    origins = ["https://peers.example.org", "http://localhost:8000", "not a url"]
    assert _websocket_sources(origins) == ["wss://peers.example.org", "ws://localhost:8000"]


@pytest.mark.parametrize("email", [None] + [email for email, _n, _e in DEMO_ACCOUNTS])
def test_csp_every_demo_page_sends_the_policy_and_has_nothing_inline(client, demo, email):
    if email:
        client.force_login(User.objects.get(email=email))
    pages = 0
    for path, response in crawl(client):
        assert response.status_code < 500, path
        assert "Content-Security-Policy" in response, path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path
        if email:
            assert "no-store" in response.get("Cache-Control", ""), path
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        assert inline_problems(response.content.decode()) == [], path
    assert pages >= 3
