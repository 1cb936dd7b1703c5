"""Issue 17's closing audit: a newcomer's whole journey in the production shape, then a look at what is left.

gunicorn (web), daphne (sockets, --proxy-headers) and a Celery worker run as in docker-compose.yml on one
Redis database and one PostgreSQL database of their own (SQLite without DATABASE_URL), in production mode
(DEBUG off, SECRET_KEY set). Every request carries a made-up client address in X-Forwarded-For, as the proxy
passes it. A newcomer opens an invitation to a
hidden group while signed out, signs up, confirms the address, asks to join, is let in, writes in the chat,
resets the password and deletes the account with everything written.

Then the audit reads what a seized server would show: every log line of the three processes, every Redis
key and value, and every session row decoded. None may hold the person's e-mail address, the client
address, the hidden group's address (slug) or the invitation token and password-reset key.
"""

import asyncio
import http.cookies
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.peersupport.test_operate_stack import NoRedirect, free_port, started, wait_for

websockets = pytest.importorskip("websockets.asyncio.client")
redis = pytest.importorskip("redis")

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
AUDIT_REDIS_DB = 13  # a database of its own, emptied first: every key in it belongs to this journey
ADDRESS = "203.0.113.77"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis: set REDIS_URL (CI does)"),
]


class Forms(HTMLParser):
    """The POST forms of a page: action and the fields a browser would send by default."""

    def __init__(self, html):
        super().__init__()
        self.forms, self._form, self._textarea = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "radios": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "radio":
                self._form["radios"].setdefault(attrs["name"], []).append(attrs.get("value", ""))
            elif kind == "checkbox":
                self._form["fields"][attrs["name"]] = attrs.get("value", "on")
            elif kind not in {"submit", "button"}:
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif self._form is not None and tag == "textarea":
            self._textarea = attrs.get("name")
            self._form["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None


class Browser:
    """Cookies, CSRF and a fixed client address; redirects are followed by hand so each hop is a request."""

    def __init__(self, origin):
        self.origin, self.cookies = origin, {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        headers = {"X-Forwarded-For": ADDRESS, "User-Agent": "audit"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + "/"
        request = urllib.request.Request(self.origin + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                status, headers_, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers_, text = error.code, error.headers, error.read().decode()
        for header in headers_.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        assert status < 500, f"{path} answered {status}: {text[:400]}"
        return status, headers_.get("Location", ""), text

    def follow(self, path, data=None):
        status, location, text = self.request(path, data)
        hops = 0
        while status in (301, 302, 303) and hops < 10:
            path = urllib.parse.urlsplit(location)._replace(scheme="", netloc="").geturl()
            status, location, text = self.request(path)
            hops += 1
        return path, text

    def submit(self, path, **values):
        """Open `path`, fill the POST form that has these fields and send it like a browser would."""
        _, page = self.follow(path)
        forms = [f for f in Forms(page).forms if "set-language" not in f["action"] and "/i18n/" not in f["action"]]
        form = next((f for f in forms if set(values) <= {*f["fields"], *f["radios"]}), forms[0] if forms else None)
        assert form is not None, f"no form on {path}"
        fields = {**form["fields"], **{name: choices[0] for name, choices in form["radios"].items()}, **values}
        return self.follow(form["action"] or path, fields)


def mail_link(folder, pattern):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for path in sorted(Path(folder).glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            found = re.search(pattern, path.read_text().replace("=\n", ""))
            if found:
                return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no e-mail with {pattern} arrived")


@pytest.fixture
def database(tmp_path):
    """PostgreSQL as in production when the tests have it (CI), a database of the audit's own; else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    parts = urllib.parse.urlsplit(url)
    name = f"audit_{uuid.uuid4().hex[:8]}"
    psql = ["psql", "-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username, "-d", parts.path[1:]]
    admin = {**os.environ, "PGPASSWORD": parts.password or ""}
    subprocess.run([*psql, "-qc", f"CREATE DATABASE {name}"], env=admin, check=True, capture_output=True)
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        subprocess.run([*psql, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env=admin, check=False)


@pytest.fixture
def production(tmp_path, database):
    web, ws = free_port(), free_port()
    origin = f"http://127.0.0.1:{web}"
    redis_url = re.sub(r"/\d*$", "", REDIS_URL.rstrip("/")) + f"/{AUDIT_REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DEBUG", "DEMO_", "PYTEST", "DJANGO", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "SECRET_KEY": "audit-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1",
            "ADMIN_URL": "staff-door-audit/",
            "CSRF_TRUSTED_ORIGINS": origin,
            "WEBSOCKET_ALLOWED_ORIGINS": origin,
            "SITE_URL": origin,
            "SECURE_SSL_REDIRECT": "false",
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": database,
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # django-environ drops one leading slash
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )

    def helper(*args):
        result = subprocess.run(
            [sys.executable, "-m", "tests.integration.audit_helper", *args],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else None

    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    gunicorn = [sys.executable, "-m", "gunicorn", "peersupport.wsgi:application", "-c", "deploy/gunicorn.conf.py",
                "--bind", f"127.0.0.1:{web}", "--workers", "1"]  # fmt: skip
    daphne = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(ws), "--proxy-headers",
              "--access-log", "/dev/null", "peersupport.asgi:application"]  # fmt: skip
    worker = [sys.executable, "-m", "celery", "-A", "peersupport", "worker", "--loglevel", "INFO",
              "--concurrency", "1", "--pool", "solo"]  # fmt: skip
    logs = {name: tmp_path / f"{name}.log" for name in ("web", "ws", "worker")}
    with (
        started(gunicorn, env, logs["web"]) as web_process,
        started(daphne, env, logs["ws"]) as ws_process,
        started(worker, env, logs["worker"]),
    ):
        wait_for(web, web_process)
        wait_for(ws, ws_process)
        yield {
            "origin": origin,
            "ws": f"ws://127.0.0.1:{ws}",
            "mail": tmp_path / "mail",
            "helper": helper,
            "redis": redis.Redis.from_url(redis_url),
            "logs": logs,
        }


READERS = {
    "string": lambda client, key: client.get(key),
    "list": lambda client, key: client.lrange(key, 0, -1),
    "set": lambda client, key: client.smembers(key),
    "zset": lambda client, key: client.zrange(key, 0, -1, withscores=True),
    "hash": lambda client, key: client.hgetall(key),
}


def redis_contents(client):
    """Every key of the audit's Redis database with its value, as text."""
    lines = []
    for key in client.scan_iter(count=1000):
        read = READERS.get(client.type(key).decode(), lambda client, key: b"")
        lines.append(f"{key!r} {read(client, key)!r}")
    return "\n".join(lines)


def wait_until_the_worker_is_idle(client, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and client.llen("celery"):
        time.sleep(0.2)
    time.sleep(1)


def test_a_newcomers_journey_leaves_no_address_email_hidden_slug_or_token_behind(production):
    slug = f"quiet-harbour-{uuid.uuid4().hex[:8]}"
    token = production["helper"]("setup", slug)["token"]
    email = f"harbour.{uuid.uuid4().hex[:8]}@example.org"
    password = "a-long-night-" + uuid.uuid4().hex[:8]
    person = Browser(production["origin"])

    # Signed out, the invitation link leads to sign-up; the invitation is kept through every step.
    # (the link's token is in its fragment, which a browser never sends: the landing page posts it)
    path, _ = person.submit("/groups/invite/", token=token)
    assert path.startswith("/accounts/signup/")
    person.submit(
        "/accounts/signup/", display_name="Harbour Newcomer", email=email, password1=password, password2=password
    )
    confirm = mail_link(production["mail"], r"http://\S+/accounts/confirm-email/[^/\s]+/")
    person.submit(urllib.parse.urlsplit(confirm).path)
    path, page = person.follow("/groups/invite/continue/")
    fields = [name for form in Forms(page).forms for name in form["fields"] if name.startswith("answer_")]
    assert fields, page[:2000]
    person.submit(path, **dict.fromkeys(fields, "I lost my brother last spring."))
    production["helper"]("approve", slug)
    _, home = person.follow(f"/groups/{slug}/")
    assert "Quiet harbour" in home

    async def write_in_the_chat():
        cookie = "; ".join(f"{k}={v}" for k, v in person.cookies.items())
        async with websockets.connect(
            f"{production['ws']}/ws/groups/{slug}/",
            origin=production["origin"],
            additional_headers={"Cookie": cookie, "X-Forwarded-For": ADDRESS},
            open_timeout=10,
        ) as socket_:
            assert json.loads(await asyncio.wait_for(socket_.recv(), 10))["type"] == "hello"
            await socket_.send(json.dumps({"type": "send", "text": "Thank you for letting me in."}))
            while (frame := json.loads(await asyncio.wait_for(socket_.recv(), 10)))["type"] != "ack":
                pass
            assert frame["outcome"] == "published"
            return redis_contents(production["redis"])  # while the socket is open: presence and groups

    while_connected = asyncio.run(write_in_the_chat())

    # A forgotten password: the reset link from the e-mail, then a new password.
    person.follow("/accounts/logout/", {})
    person.submit("/accounts/password/reset/", email=email)
    reset = mail_link(production["mail"], r"http://\S+/accounts/password/reset/key/[^/\s]+/")
    reset_key = urllib.parse.urlsplit(reset).path.rstrip("/").rsplit("/", 1)[-1]
    new_password = password + "-new"
    set_password, _ = person.follow(urllib.parse.urlsplit(reset).path)
    sessions_mid_journey = production["helper"]("sessions")  # allauth holds the reset key in the session now
    person.submit(set_password, password1=new_password, password2=new_password)
    person.submit("/accounts/login/", login=email, password=new_password)
    sessions_mid_journey += production["helper"]("sessions")
    person.submit("/account/delete/", messages="delete", password=new_password)
    wait_until_the_worker_is_idle(production["redis"])

    seized = {
        **{f"{name} log": path.read_text() for name, path in production["logs"].items()},
        "Redis while connected": while_connected,
        "Redis afterwards": redis_contents(production["redis"]),
        "session rows during the journey": "\n".join(sessions_mid_journey),
        "session rows afterwards": "\n".join(production["helper"]("sessions")),
    }
    secrets = {
        "the e-mail address": email,
        "the e-mail's local part": email.split("@")[0],
        "the client address": ADDRESS,
        "the hidden group's address": slug,
        "the invitation token": token,
        "the password-reset token": reset_key.split("-", 1)[-1],
    }
    found = [f"{what} in the {where}" for where, text in seized.items() for what, secret in secrets.items()
             if secret in text]  # fmt: skip
    assert not found, found
    # The audit looked at something real: the processes logged, Redis held the socket's state.
    assert "celery@" in seized["worker log"] and "account deleted" in seized["web log"]
    assert "_auth_user_id" in seized["session rows during the journey"] and while_connected
