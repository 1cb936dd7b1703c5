"""Project-wide guarantees: deployable settings, migrations, demo data, assets."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-production-test-secret-key-with-entropy-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "peers.example.org",
    "ADMIN_URL": "staff-door-test/",
    "MFA_ENCRYPTION_KEYS": "test-only-mfa-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "COMPANION_ENCRYPTION_KEYS": "test-only-companion-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SURVEY_HMAC_KEY": "test-only-survey-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "sqlite:////tmp/peersupport-deploy-check.sqlite3",
    "WEBSOCKET_ALLOWED_ORIGINS": "https://peers.example.org",
    "DEBUG": "False",
}


def _manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_with_development_defaults():
    """Proves the test above can fail: dev defaults are not deployable."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = _row_counts()
    call_command("seed_demo", verbosity=0)
    assert _row_counts() == counts
    for email, _name, _extra in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert user.emailaddress_set.get().verified
    assert User.objects.get(email="professional@example.org").is_professional
    assert User.objects.get(email="admin@example.org").is_superuser


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert User.objects.filter(email="admin@example.org").exists()


def _row_counts():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href", "action", "srcset", "poster", "data"} and value:
                self.urls.append((tag, name, value))


def collect_urls(html):
    parser = _LinkCollector()
    parser.feed(html)
    return parser.urls


def test_link_collector_catches_off_site_urls():
    html = '<link href="https://cdn.example.com/x.css"><script src="//evil.example/x.js"></script><a href="/ok">'
    offsite = [u for _t, _n, u in collect_urls(html) if urlsplit(u).netloc]
    assert offsite == ["https://cdn.example.com/x.css", "//evil.example/x.js"]
