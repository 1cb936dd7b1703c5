import pytest
from django.urls import reverse

from peersupport import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_up(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "channel_layer": "ok"},
    }


@pytest.mark.parametrize("failing", ["database", "cache", "channel_layer"])
def test_healthz_answers_503_when_a_service_is_down(client, monkeypatch, failing):
    monkeypatch.setitem(health.CHECKS, failing, lambda: False)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"][failing] == "error"
    assert response.json()["status"] == "error"


def test_healthz_cache_check_fails_on_broken_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
