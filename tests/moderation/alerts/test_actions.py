"""Harm-reduction alerts: publishing to chosen groups, live push, seen counts, archive, edit and withdrawal."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse
from django.utils import timezone

from moderation.alerts import actions as alerts
from moderation.models import Alert, AlertAcknowledgement


def _form(**extra):
    data = {
        "title": "Fentanyl in pills sold as oxycodone",
        "body_source": "Drug checking found **fentanyl**. Do not use alone.",
        "substance": "Fentanyl",
        "area": "Kallio",
        "severity": "urgent",
        "expires_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "verified": "on",
        "source_note": "Drug checking service",
    }
    data.update(extra)
    return data


def _make_alert(author, groups, *, days=1, title="Strong batch going round", all_groups=False):
    alert = Alert(
        title=title,
        body_source="Take **care**.",
        severity="warning",
        expires_at=timezone.now() + timedelta(days=days),
        all_groups=all_groups,
    )
    return alerts.publish_alert(author, alert, groups)


class Listener:
    """A socket's view of the in-memory channel layer: joins channel groups, collects events."""

    def __init__(self, *channel_groups):
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        for name in channel_groups:
            async_to_sync(self.layer.group_add)(name, self.channel)

    def events(self):
        found = []
        while True:
            queue = self.layer.channels.get(self.channel)
            if not queue or queue.empty():
                return found
            event = async_to_sync(self.layer.receive)(self.channel)
            found.append(json.loads(event["text"]))


def test_alert_publish_to_selection_reaches_only_those_groups(
    login, staff, group, other_group, hidden_group, member, other_group_member, django_capture_on_commit_callbacks
):
    chosen, left_out = Listener(f"group-{group.pk}"), Listener(f"group-{other_group.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("moderation:alert-new"), _form(groups=[group.pk, hidden_group.pk]))
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.created_by == staff
    assert "<strong>fentanyl</strong>" in alert.body_html

    [event] = chosen.events()
    assert event["type"] == "alert.new"
    assert event["alert"]["id"] == alert.pk
    assert "Fentanyl in pills sold as oxycodone" in event["alert"]["html"]
    assert left_out.events() == []

    page = login(member).get(reverse("moderation:alert-archive", args=[group.slug]))
    assert "Fentanyl in pills sold as oxycodone" in page.content.decode()
    assert 'id="pinned-alerts"' in page.content.decode()
    other = login(other_group_member).get(reverse("moderation:alert-archive", args=[other_group.slug]))
    assert "Fentanyl in pills" not in other.content.decode()


def test_alert_for_every_group_reaches_each_group_and_later_ones(staff, group, other_group, member, rf):
    alert = _make_alert(staff, [], all_groups=True)
    assert list(alerts.active_alerts(group)) == [alert]
    assert list(alerts.active_alerts(other_group)) == [alert]
    from groups.models import Group

    later = Group.objects.create(name="New group", slug="new-group", kind="family")
    assert list(alerts.active_alerts(later)) == [alert]


def test_alert_pinned_only_for_people_who_may_read_the_group(staff, group, other_group, member, outsider, applicant):
    from groups import access
    from moderation.templatetags.alerts import pinned_alerts

    _make_alert(staff, [group])
    assert len(pinned_alerts({}, group, member)) == 1
    assert pinned_alerts({}, group, outsider) is None
    assert pinned_alerts({}, group, applicant) is None
    # A standing the page already holds is used, but only for its own group.
    assert pinned_alerts({"standing": access.standing(outsider, group)}, group, outsider) is None
    assert len(pinned_alerts({"standing": access.standing(member, other_group)}, group, member)) == 1
    assert pinned_alerts({"standing": access.standing(member, other_group)}, group, outsider) is None


def test_alert_not_on_the_group_page_of_an_outsider(login, staff, group, outsider, member):
    _make_alert(staff, [group])
    outside = login(outsider).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "Strong batch going round" not in outside
    assert 'id="pinned-alerts"' not in outside
    inside = login(member).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    assert "Strong batch going round" in inside


def test_alert_form_keeps_input_and_names_limits(login, staff, group):
    response = login(staff).post(reverse("moderation:alert-new"), _form(title="x" * 151, groups=[group.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "At most 150 characters" in html
    assert "Drug checking found **fentanyl**" in html
    assert not Alert.objects.exists()


def test_alert_form_needs_groups_and_a_source_when_verified(login, staff, group):
    response = login(staff).post(reverse("moderation:alert-new"), _form(source_note=""))
    html = response.content.decode()
    assert "Choose the groups to warn" in html
    assert "Say who verified it" in html
    assert not Alert.objects.exists()


def test_alert_form_offers_professionals_no_hidden_group(login, professional, group, hidden_group):
    html = login(professional).get(reverse("moderation:alert-new")).content.decode()
    assert group.name in html
    assert hidden_group.name not in html
    response = login(professional).post(reverse("moderation:alert-new"), _form(groups=[hidden_group.pk]))
    assert response.status_code == 200
    assert not Alert.objects.exists()


def test_alert_acknowledge_counts_once_and_never_says_who(login, staff, group, member, other_member):
    alert = _make_alert(staff, [group])
    url = reverse("moderation:alert-ack", args=[alert.pk])
    login(member).post(url, {"group": group.slug})
    login(member).post(url, {"group": group.slug})
    login(other_member).post(url, {"group": group.slug})

    assert AlertAcknowledgement.objects.count() == 2
    stored = list(AlertAcknowledgement.objects.values_list("reader", flat=True))
    for user in (member, other_member):
        assert all(str(user.pk) != value and user.email not in value for value in stored)
    assert {f.name for f in AlertAcknowledgement._meta.get_fields()} == {"id", "alert", "group", "reader"}

    page = login(staff).get(reverse("moderation:alert-list")).content.decode()
    assert '<td class="seen-count">2</td>' in page
    for user in (member, other_member):
        assert user.display_name not in page
        assert user.email not in page


def test_alert_acknowledged_card_says_seen(login, staff, group, member):
    alert = _make_alert(staff, [group])
    client = login(member)
    archive = reverse("moderation:alert-archive", args=[group.slug])
    response = client.post(reverse("moderation:alert-ack", args=[alert.pk]), {"group": group.slug, "next": archive})
    assert response["Location"] == archive
    assert "You marked this as seen." in client.get(archive).content.decode()


def test_alert_acknowledge_refuses_off_site_next(login, staff, group, member):
    alert = _make_alert(staff, [group])
    response = login(member).post(
        reverse("moderation:alert-ack", args=[alert.pk]), {"group": group.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("moderation:alert-archive", args=[group.slug])


def test_alert_expired_moves_to_the_group_archive(login, staff, group, member):
    alert = _make_alert(staff, [group], title="Old warning")
    Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert list(alerts.active_alerts(group)) == []
    assert list(alerts.archived_alerts(group)) == [alert]
    html = login(member).get(reverse("moderation:alert-archive", args=[group.slug])).content.decode()
    assert "Old warning" in html
    assert "Shown until" in html
    assert reverse("moderation:alert-ack", args=[alert.pk]) not in html


def test_alert_withdraw_disappears_live_and_from_pages(
    login, staff, group, other_group, member, django_capture_on_commit_callbacks
):
    alert = _make_alert(staff, [group])
    socket, elsewhere = Listener(f"group-{group.pk}"), Listener(f"group-{other_group.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("moderation:alert-withdraw", args=[alert.pk]))
    assert response.status_code == 302
    assert socket.events() == [{"type": "alert.withdrawn", "id": alert.pk}]
    assert elsewhere.events() == []
    assert list(alerts.active_alerts(group)) == []
    assert list(alerts.archived_alerts(group)) == []
    html = login(member).get(reverse("moderation:alert-archive", args=[group.slug])).content.decode()
    assert "Strong batch going round" not in html


def test_alert_edit_replaces_the_card_live(login, staff, group, other_group, django_capture_on_commit_callbacks):
    alert = _make_alert(staff, [group])
    before, after = Listener(f"group-{group.pk}"), Listener(f"group-{other_group.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(
            reverse("moderation:alert-edit", args=[alert.pk]), _form(title="Corrected warning", groups=[other_group.pk])
        )
    assert response.status_code == 302
    assert before.events() == [{"type": "alert.withdrawn", "id": alert.pk}]
    [event] = after.events()
    assert event["type"] == "alert.new"
    assert "Corrected warning" in event["alert"]["html"]
    assert list(alerts.active_alerts(group)) == []


def test_alert_professional_cannot_change_someone_elses_alert(login, staff, professional, group):
    alert = _make_alert(staff, [group])
    response = login(professional).post(reverse("moderation:alert-withdraw", args=[alert.pk]))
    assert response.status_code == 403
    assert Alert.objects.get(pk=alert.pk).withdrawn_at is None


def test_alert_professional_changes_own_alert(login, professional, group):
    alert = _make_alert(professional, [group])
    response = login(professional).post(reverse("moderation:alert-withdraw", args=[alert.pk]))
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).withdrawn_at is not None


@pytest.mark.parametrize("actor", ["member", "outsider", "moderator"])
def test_alert_publishing_refused_with_what_to_do(request, login, actor):
    response = login(request.getfixturevalue(actor)).get(reverse("moderation:alert-new"))
    assert response.status_code == 403


def test_alert_body_is_sanitized(staff, group):
    alert = Alert(
        title="<b>Title</b>",
        body_source='<script>alert(1)</script> <img src="https://x.example/a.png">',
        expires_at=timezone.now() + timedelta(days=1),
    )
    alerts.publish_alert(staff, alert, [group])
    assert "<script>" not in alert.body_html
    assert "<img" not in alert.body_html
    assert alert.title == "Title"


def test_alert_card_carries_its_expiry_for_the_page_to_drop_it(login, staff, group, member):
    alert = _make_alert(staff, [group], days=2)
    html = login(member).get(reverse("groups:group-home", args=[group.slug])).content.decode()
    expected = timezone.localtime(alert.expires_at).isoformat()
    assert f'data-alert-id="{alert.pk}" data-expires="{expected}"' in html
    assert f'data-expires="{expected}"' in alerts.render_card(alert)  # the live card, too
