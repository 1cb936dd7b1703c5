"""Browser tests: a live daphne server (HTTP and WebSockets) and Debian's Chromium driven by Playwright.

The server is channels' DaphneProcess, forked for each test and sharing its database: the
whole application (views, consumers, the in-memory channel layer when REDIS_URL is unset,
eager Celery) runs in that one process, against the same test database. An in-memory SQLite
database cannot be shared with another process, so with SQLite the test database becomes a
file while these tests are collected.

Chromium is never downloaded: CHROMIUM_PATH (default /usr/bin/chromium). Without it the tests
skip with a message, except in CI (CI=true), where they fail.
"""

import os
import socket
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = ROOT / "test-output" / "screenshots"

if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _test = settings.DATABASES["default"].setdefault("TEST", {})
    if not _test.get("NAME"):
        _test["NAME"] = str(Path(tempfile.gettempdir()) / f"peersupport-browser-{os.getpid()}.sqlite3")


def _missing():
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    """Browser tests run last (they are the slowest, and Playwright's loop must not meet pytest-asyncio)."""
    items.sort(key=lambda item: "browser" in item.keywords)
    reason = _missing()
    if reason is None:
        return
    for item in items:
        if "browser" in item.keywords:
            if IN_CI:
                item.add_marker(pytest.mark.usefixtures("_browser_required_in_ci"))
            else:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture
def _browser_required_in_ci():
    pytest.fail(f"CI must run the browser tests: {_missing()}")


# --- the live server -----------------------------------------------------------------

_INHERITED = []  # the parent's database connections, kept referenced in the child and never closed


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Child:
    """Runs in the forked server process before it serves (picklable by reference under fork)."""

    def __init__(self, port, mail_dir, clock=None):
        self.port, self.mail_dir, self.clock = port, mail_dir, clock

    def setup(self):
        from concurrent.futures import ThreadPoolExecutor

        from asgiref.sync import AsyncToSync, SyncToAsync
        from channels.layers import channel_layers

        from peersupport.celery import app as celery_app

        for conn in connections.all(initialized_only=True):
            _INHERITED.append(conn.connection)  # the parent's socket: closing it would end the parent's session
            conn.connection = None
        # Layers made by earlier tests in the parent hold queues bound to its event loops, and
        # asgiref's one thread-sensitive executor has no thread after a fork: start both afresh.
        channel_layers.backends.clear()
        SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
        AsyncToSync.loop_thread_executors.clear()
        origin = f"http://127.0.0.1:{self.port}"
        settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
        settings.WEBSOCKET_ALLOWED_ORIGINS = [origin]
        settings.SITE_URL = origin
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = self.mail_dir
        settings.CELERY_TASK_ALWAYS_EAGER = True
        celery_app.conf.task_always_eager = True
        if self.clock is not None:
            import time_machine

            # The server's clock starts at `clock` and runs on from there (every datetime and time call).
            time_machine.travel(self.clock, tick=True).start()

    def application(self):
        """The project's own ASGI application, rebuilt so its origin allow-list names this server."""
        import importlib

        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        import peersupport.asgi

        self.setup()  # DaphneProcess asks for the application before it calls its setup hook
        return ASGIStaticFilesHandler(importlib.reload(peersupport.asgi).application)


class LiveServer:
    def __init__(self, port, mail_dir):
        self.url = f"http://127.0.0.1:{port}"
        self.mail_dir = Path(mail_dir)

    def mails(self):
        """Every e-mail the server sent so far, as text, oldest first."""
        files = sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns)
        return [p.read_text() for p in files]


def server_clock(request):
    """The aware datetime a test's `@pytest.mark.server_clock("03:00")` starts the server's clock at (tonight,
    local time), or None."""
    from datetime import datetime, time

    from django.utils import timezone

    marker = request.node.get_closest_marker("server_clock")
    if marker is None:
        return None
    hour, minute = (int(part) for part in marker.args[0].split(":"))
    today = timezone.localdate()
    return datetime.combine(today, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def server(request, transactional_db, tmp_path):
    """A live daphne on a free 127.0.0.1 port, serving the test database; e-mails land in mail_dir."""
    from daphne.testing import DaphneProcess

    port = _free_port()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    child = _Child(port, str(mail_dir), server_clock(request))
    process = DaphneProcess("127.0.0.1", child.application, port=port)
    process.start()
    if not process.ready.wait(30):
        process.terminate()
        raise RuntimeError("daphne did not start: " + (process.errors.get()[1] if not process.errors.empty() else ""))
    yield LiveServer(port, mail_dir)
    process.terminate()
    process.join(10)


# --- Chromium --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    """One Chromium per module. Playwright's sync API keeps an asyncio loop running in this
    thread while it lives, so Django's async-safety check is off meanwhile, and the loop is
    stopped before the other tests (which run first: see pytest_collection_modifyitems)."""
    from playwright.sync_api import sync_playwright

    reason = _missing()
    if reason:
        pytest.fail(reason) if IN_CI else pytest.skip(reason)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture
def browse(request, chromium, server, viewport):
    """browse(user=None) -> a Page in a fresh context at the test's viewport, signed in as user.

    Every context fails the test on an off-site request or a console error (a test may
    allow an expected one with page.allowed_errors.append(substring)).
    """
    from django.test import Client

    from .helpers import Watch

    watches = []

    def _open(user=None):
        context = chromium.new_context(viewport=VIEWPORTS[viewport], base_url=server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
        watch = Watch(context, viewport)
        watches.append(watch)
        return watch.page

    yield _open
    problems = []
    if getattr(request.node, "browser_failed", False):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for number, watch in enumerate(watches):
            name = f"FAILED-{request.node.name}-{number}.png".replace("/", "_")
            watch.page.screenshot(path=str(SHOTS / name), full_page=True)
    for watch in watches:
        problems.extend(watch.problems())
        watch.context.close()
    assert not problems, "\n".join(problems)
