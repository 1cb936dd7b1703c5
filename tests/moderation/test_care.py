"""An urgent item has a life: open -> someone is with them (claimed) -> handled with an outcome and a private
note. Handling never changes the message's visibility and never tells the author "approved"."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from groups.models import Message
from moderation import actions, care, pipeline
from moderation.models import ModerationLog, QueueItem, WatchedWord


@pytest.fixture
def urgent(group, member, chat, django_capture_on_commit_callbacks):
    WatchedWord.objects.create(pattern="want to die", action=WatchedWord.Action.CRISIS, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        result = pipeline.submit(member, group, "I want to die tonight", kind=pipeline.Kind.MESSAGE, topic=chat)
    return QueueItem.objects.get(message=result.message, kind=QueueItem.Kind.URGENT)


def test_care_claim_shows_who_is_with_them(client, urgent, moderator, owner):
    assert actions.claim_item(moderator, urgent)
    client.force_login(owner)
    page = client.get(reverse("moderation:item-detail", args=[urgent.group.slug, urgent.pk])).content.decode()
    assert "Claimed by Group Moderator" in page
    assert 'id="care-panel"' in page and 'id="open-support"' in page
    assert "Approve: show it to the group" not in page  # no "approve" for a person in crisis


def test_care_handled_with_an_outcome_keeps_the_message_and_never_says_approved(
    client, urgent, moderator, member, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    url = reverse("moderation:item-handle", args=[urgent.group.slug, urgent.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"outcome": "supported", "note": "Talked for an hour; calmer now."})
    assert response.status_code == 302
    urgent.refresh_from_db()
    assert urgent.status == QueueItem.Status.RESOLVED
    assert urgent.outcome == "supported" and urgent.outcome_note == "Talked for an hour; calmer now."
    assert urgent.resolved_by == moderator
    assert Message.objects.get(pk=urgent.message_id).status == Message.Status.PUBLISHED
    kinds = set(Notification.objects.filter(user=member).values_list("kind", flat=True))
    assert "message_approved" not in kinds
    log = ModerationLog.objects.get(group=urgent.group, action="crisis_handled")
    assert log.reason_code == "outcome_supported" and log.actor == moderator and log.target_user == member
    page = client.get(reverse("moderation:item-detail", args=[urgent.group.slug, urgent.pk])).content.decode()
    assert "Reached and supported" in page


def test_care_every_outcome_is_accepted(urgent, moderator):
    for code in QueueItem.Outcome.values:
        QueueItem.objects.filter(pk=urgent.pk).update(status=QueueItem.Status.OPEN, outcome="")
        urgent.refresh_from_db()
        assert care.handle_urgent(moderator, urgent, code)


def test_care_handling_twice_closes_once(urgent, moderator, owner):
    assert care.handle_urgent(moderator, urgent, "no_answer")
    assert not care.handle_urgent(owner, urgent, "supported")
    urgent.refresh_from_db()
    assert urgent.outcome == "no_answer"


def test_care_a_form_without_an_outcome_keeps_the_note(client, urgent, moderator):
    client.force_login(moderator)
    url = reverse("moderation:item-handle", args=[urgent.group.slug, urgent.pk])
    response = client.post(url, {"note": "Tried twice to reach them"})
    assert response.status_code == 400
    assert "Tried twice to reach them" in response.content.decode()
    urgent.refresh_from_db()
    assert urgent.status == QueueItem.Status.OPEN


@pytest.mark.parametrize("who", ["member", "other_group_moderator", "outsider"])
def test_care_only_the_groups_moderators_handle(client, request, urgent, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("moderation:item-handle", args=[urgent.group.slug, urgent.pk]), {"outcome": "not_crisis"}
    )
    assert response.status_code in (403, 404)
    urgent.refresh_from_db()
    assert urgent.status == QueueItem.Status.OPEN


def test_care_only_urgent_items_are_handled(group, moderator, member, chat):
    group.premoderation_count = 2
    group.save()
    result = pipeline.submit(member, group, "hello all", kind=pipeline.Kind.MESSAGE, topic=chat)
    held = QueueItem.objects.filter(message=result.message, kind=QueueItem.Kind.HELD).first()
    if held is None:
        pytest.skip("the member is past pre-moderation")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        care.handle_urgent(moderator, held, "supported")


def test_care_from_urgent_item_to_support_conversation(client, urgent, moderator, member):
    client.force_login(moderator)
    response = client.post(reverse("groups:support-open-for", args=[urgent.group.slug, member.pk]))
    assert response.status_code == 302
    client.force_login(member)
    assert client.get(response["Location"]).status_code == 200


def test_care_staff_off_duty_are_not_offered_a_private_conversation_they_could_not_open(client, urgent, staff):
    client.force_login(staff)
    page = client.get(reverse("moderation:item-detail", args=[urgent.group.slug, urgent.pk])).content.decode()
    assert 'id="care-panel"' in page and 'id="open-support"' not in page
