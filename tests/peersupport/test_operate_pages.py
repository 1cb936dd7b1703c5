"""What an installation shows when things go wrong or mail goes out: 500 page, e-mails, no test files served."""

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.template import loader
from django.test import Client
from django.urls import include, path


def boom(request):
    raise RuntimeError("a bug, not the visitor's fault")


urlpatterns = [path("boom/", boom), path("", include("peersupport.urls"))]


def test_500_page_renders_with_no_request_and_no_context():
    """Django renders 500.html without context processors; it must not need user, session or database."""
    html = loader.get_template("500.html").render()
    assert 'href="/help/"' in html
    assert 'id="quick-exit"' in html and 'data-exit-url="https://' in html
    assert "js/quick-exit.js" in html


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_crash_shows_crisis_help_and_quick_exit_and_no_details(settings):
    settings.DEBUG = False
    settings.QUICK_EXIT_URL = "https://weather.example"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'href="/help/"' in html
    assert 'data-exit-url="https://weather.example"' in html
    assert "RuntimeError" not in html and "visitor&#x27;s fault" not in html


def test_test_only_axe_is_not_a_static_file():
    assert finders.find("vendor/axe/axe.min.js") is None
    assert not [found for found in finders.find("vendor", find_all=True) if "axe" in str(found)]


@pytest.mark.django_db
def test_account_emails_greet_neutrally_with_the_site_name_from_settings(client, settings):
    settings.SITE_NAME = "Evening Notes"
    settings.SITE_URL = "https://notes.example.org"
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.net",
            "password1": "lantern-harbour-47",
            "password2": "lantern-harbour-47",
            "display_name": "New Moon",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.body.startswith("Hello,")
    assert "Evening Notes" in message.body
    assert "https://notes.example.org" in message.body
    # (the confirmation link itself is built from the address the person used, as allauth does)
    for unwanted in ["Hello from", "localhost", "Peersupport", "Thank you for using"]:
        assert unwanted not in message.body
