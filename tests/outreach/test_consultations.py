"""Consultations: routing to consultants on duty, claim / hand over / close, privacy, retention."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.notifications.inbox import describe, target_url, visible_notifications
from accounts.notifications.models import Notification
from groups import access as group_access
from groups.models import Message, Topic
from moderation import pipeline
from moderation.models import QueueItem
from outreach import access, consultations, tasks
from outreach.models import Area, Consultation
from tests.outreach.conftest import make_consultant

pytestmark = pytest.mark.django_db


def _say(user, consultation, text):
    return pipeline.submit(user, consultation.topic.group, text, kind=pipeline.Kind.MESSAGE, topic=consultation.topic)


def test_consultation_is_routed_to_consultants_on_duty_for_its_topic_and_language(member, consultant):
    off_topic = make_consultant("Case Manager Kim", "kim@example.net", areas=[Area.HOUSING])
    swedish_only = make_consultant("Psychologist Sara", "sara@example.net", languages=["sv"])
    off_duty = make_consultant("Doctor Off", "off@example.net", on_duty=False)
    consultation = consultations.open_consultation(member, Area.HEALTH, "en")
    told = set(Notification.objects.filter(kind=Notification.Kind.CONSULTATION).values_list("user_id", flat=True))
    assert told == {consultant.pk}
    assert {off_topic.pk, swedish_only.pk, off_duty.pk}.isdisjoint(told)
    assert list(access.waiting_for(consultant)) == [consultation]
    assert not access.waiting_for(off_topic).exists()


def test_the_waiting_notice_never_says_what_it_is_about(consultation, consultant):
    notice = Notification.objects.get(user=consultant, kind=Notification.Kind.CONSULTATION)
    sentence = describe(notice)
    assert "health" not in sentence.lower() and "inject" not in sentence.lower()
    assert visible_notifications(consultant).filter(pk=notice.pk).exists()


def test_only_one_consultant_can_claim_and_the_others_lose_the_notice(consultation, consultant, other_consultant):
    assert consultations.claim(consultant, consultation)
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN and consultation.consultant == consultant
    assert not access.may_claim(other_consultant, consultation)
    assert not Notification.objects.filter(user=other_consultant, kind=Notification.Kind.CONSULTATION).exists()


def test_words_travel_the_pipeline_and_reach_only_the_other_side(
    claimed, member, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _say(member, claimed, "Is it safe to <script>x</script> reuse a filter?")
    assert result.outcome == pipeline.Outcome.PUBLISHED
    assert "<script>" not in result.message.body_html
    assert not QueueItem.objects.filter(message=result.message).exists()  # never in a moderation queue
    notice = Notification.objects.get(user=consultant, message=result.message)
    assert notice.kind == Notification.Kind.CONSULTATION
    assert "filter" not in describe(notice)
    with django_capture_on_commit_callbacks(execute=True):
        answer = _say(consultant, claimed, "Please do not reuse filters: take new ones from the exchange.")
    assert Notification.objects.filter(user=member, message=answer.message).exists()


def test_nobody_else_reads_it_moderators_staff_and_other_consultants_included(
    client, claimed, member, moderator, staff, other_consultant, outsider
):
    _say(member, claimed, "canary-consultation-words")
    url = reverse("outreach:consultation", args=[claimed.pk])
    for person in (moderator, staff, other_consultant, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(reverse("outreach:consultation-history", args=[claimed.pk])).status_code == 404
        assert not _say(person, claimed, "sneak").ok
        assert group_access.support_role(person, claimed.topic) is None
    # the support pages are no door to it, even for its own person
    client.force_login(member)
    support_url = reverse("groups:support-detail", args=[claimed.topic.group.slug, claimed.topic.pk])
    assert client.get(support_url).status_code == 404
    assert client.get(url).status_code == 200


def test_the_desk_group_is_in_no_list_and_no_page(client, claimed, staff):
    group = claimed.topic.group
    assert group.is_desk
    client.force_login(staff)
    assert client.get(reverse("groups:group-home", args=[group.slug])).status_code == 404
    assert not group_access.visible_groups(staff).filter(pk=group.pk).exists()
    assert not group_access.visible_support_topics(staff).filter(pk=claimed.topic_id).exists()
    assert group.name not in client.get(reverse("groups:group-list")).content.decode()


def test_hand_over_to_a_colleague_and_back_to_the_queue(claimed, consultant, other_consultant, member):
    consultations.hand_over(consultant, claimed, other_consultant)
    assert access.role(consultant, claimed) is None
    assert access.role(other_consultant, claimed) == access.HELPER
    consultations.hand_over(other_consultant, claimed, None)
    claimed.refresh_from_db()
    assert claimed.state == Consultation.State.WAITING and claimed.consultant is None
    assert access.may_claim(consultant, claimed)


def test_a_consultant_without_two_factor_reads_nothing_while_it_is_required(claimed, consultant, settings, client):
    settings.MFA_REQUIRED_FOR_MODERATORS = True
    client.force_login(consultant)
    assert client.get(reverse("outreach:consultation", args=[claimed.pk])).status_code == 404
    assert client.get(reverse("outreach:desk")).status_code == 403


def test_close_then_retention_deletes_it_with_its_messages(claimed, member):
    _say(member, claimed, "thanks")
    consultations.close(member, claimed)
    claimed.refresh_from_db()
    assert not _say(member, claimed, "one more").ok
    later = claimed.closed_at + timedelta(days=consultations.retention_days() - 1)
    assert consultations.purge(later) == 0
    after = claimed.closed_at + timedelta(days=consultations.retention_days() + 1)
    assert consultations.purge(after) == 1
    assert not Consultation.objects.exists() and not Topic.objects.filter(pk=claimed.topic_id).exists()
    assert not Message.objects.filter(topic_id=claimed.topic_id).exists()


def test_unused_consultations_expire(consultation):
    assert consultations.purge(timezone.now() + timedelta(hours=consultations.unused_hours() + 1)) == 1


def test_the_person_deletes_it_at_once(client, claimed, member):
    _say(member, claimed, "delete me")
    client.force_login(member)
    response = client.post(reverse("outreach:consultation-delete", args=[claimed.pk]))
    assert response.status_code == 302
    assert not Consultation.objects.exists() and not Message.objects.filter(body_source="delete me").exists()


def test_member_opens_one_from_their_account(client, member, consultant):
    client.force_login(member)
    response = client.post(reverse("outreach:start"), {"area": "health", "language": "en"})
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and consultation.person == member
    assert client.get(reverse("outreach:consultation", args=[consultation.pk])).status_code == 200


def test_a_bad_topic_keeps_the_form_and_says_why(client, member):
    client.force_login(member)
    response = client.post(reverse("outreach:start"), {"area": "nonsense", "language": "en"})
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_a_consultant_coming_on_duty_later_is_told_of_who_waits(member):
    consultation = consultations.open_consultation(member, Area.HEALTH, "en")
    assert not Notification.objects.filter(kind=Notification.Kind.CONSULTATION).exists()  # nobody on duty
    later = make_consultant("Doctor Later", "later@example.net")
    assert tasks.route_waiting_task.delay().get() == 1
    assert tasks.route_waiting_task.delay().get() == 0  # told once
    assert Notification.objects.get(kind=Notification.Kind.CONSULTATION).user == later
    assert consultation.state == Consultation.State.WAITING


def test_the_waiting_notice_leads_to_the_desk_and_a_message_notice_to_the_consultation(
    client, consultation, consultant, member, django_capture_on_commit_callbacks
):
    waiting = Notification.objects.get(user=consultant, kind=Notification.Kind.CONSULTATION)
    assert target_url(waiting) == reverse("outreach:desk")
    consultations.claim(consultant, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        answer = _say(consultant, consultation, "Hello, I am Noor.")
    told = Notification.objects.get(user=member, message=answer.message)
    assert target_url(told) == reverse("outreach:consultation", args=[consultation.pk])
    client.force_login(member)
    assert client.get(target_url(told)).status_code == 200
