"""Discreet mode and quick exit (issue 17 item 6): what a shared phone shows, and what "Back" finds."""

from pathlib import Path

import pytest
from django.urls import reverse

from moderation.models import Alert

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def discreet(member):
    member.discreet_mode = True
    member.save()
    return member


def test_discreet_mode_gives_every_page_a_neutral_title_and_brand(client, discreet, group):
    client.force_login(discreet)
    for url in (reverse("home"), reverse("groups:group-home", args=[group.slug]), reverse("accounts:settings")):
        html = client.get(url).content.decode()
        assert "<title>Notes</title>" in html, url
        assert ">Peersupport</a>" not in html and "· Peersupport" not in html, url


def test_discreet_mode_folds_harm_reduction_alerts(client, discreet, member, group, staff):
    from django.utils import timezone

    alert = Alert.objects.create(
        title="Strong batch going round",
        body_source="Test first.",
        body_html="<p>Test first.</p>",
        expires_at=timezone.now() + timezone.timedelta(days=1),
        created_by=staff,
    )
    alert.groups.add(group)
    client.force_login(discreet)
    html = client.get(reverse("groups:group-home", args=[group.slug])).content.decode()
    folded = html.index('<details class="pinned-alerts-folded')
    assert folded < html.index("Strong batch going round") < html.index("</details>", folded)
    discreet.discreet_mode = False
    discreet.save()
    html = client.get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "Strong batch going round" in html and "pinned-alerts-folded" not in html


def test_quick_exit_signs_out_only_a_member_who_chose_it(client, member):
    client.force_login(member)
    assert client.post(reverse("accounts:quick-exit")).status_code == 204
    assert client.get(reverse("accounts:settings")).status_code == 200  # still signed in: not chosen
    member.quick_exit_sign_out = True
    member.save()
    assert client.post(reverse("accounts:quick-exit")).status_code == 204
    assert client.get(reverse("accounts:settings")).status_code == 302  # signed out: back to sign-in


def test_quick_exit_button_carries_the_sign_out_address_only_when_chosen(client, member):
    client.force_login(member)
    assert "data-sign-out-url" not in client.get(reverse("home")).content.decode()
    client.post(
        reverse("accounts:settings"),
        {"display_name": member.display_name, "email_frequency": "digest", "quick_exit_sign_out": "on"},
    )
    member.refresh_from_db()
    assert member.quick_exit_sign_out
    html = client.get(reverse("home")).content.decode()
    assert f'data-sign-out-url="{reverse("accounts:quick-exit")}"' in html


def test_quick_exit_script_replaces_history_signs_out_and_reloads_restored_pages():
    script = (ROOT / "static" / "js" / "quick-exit.js").read_text()
    assert "window.location.replace(target)" in script
    assert "navigator.sendBeacon(signOutUrl" in script
    assert "event.persisted" in script and "window.location.reload()" in script


def test_settings_page_says_plainly_what_the_browser_still_keeps(client, member):
    client.force_login(member)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "On a shared device, use a private window, and sign out when you leave." in html
    assert "quick exit also signs me out" in html.lower()
