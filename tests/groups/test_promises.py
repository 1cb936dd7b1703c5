"""Every sentence on a page that promises something is true: each promise is read from the page, then kept.

Issue 20 found three that were not: invitations "without waiting for a moderator" (invitees still wait), join
answers "deleted after the decision", and "usually within a day" whatever the rota said.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from groups.membership import actions
from groups.models import JoinAnswer, JoinRequest, Membership
from moderation.duty.models import DutySlot

HEL = ZoneInfo("Europe/Helsinki")
TUESDAY_NIGHT = datetime(2026, 12, 1, 23, 0, tzinfo=HEL)  # 2026-12-01 is a Tuesday (weekday 1)


def _answers(group, text="I want to talk to people who understand."):
    return {f"answer_{q.pk}": text for q in group.questions.all()} | {"accept_rules": "on"}


def _page(client, name, group, *args):
    response = client.get(reverse(name, args=[group.slug, *args]))
    assert response.status_code == 200
    return response.content.decode()


def test_invitation_page_says_a_moderator_still_reads_the_answers_and_one_does(login, group, moderator, outsider):
    html = _page(login(moderator), "groups:invitation-list", group)
    assert "A moderator still reads their answers before they join." in html
    assert "without waiting" not in html
    invitation, _token = actions.create_invitation(moderator, group, timezone.now() + timedelta(days=1), 1)
    actions.create_join_request(outsider, group, {q.pk: "Hello." for q in group.questions.all()}, invitation=invitation)
    assert not Membership.objects.filter(user=outsider, group=group).exists()
    request = JoinRequest.objects.get(user=outsider, group=group)
    assert request.status == JoinRequest.Status.PENDING
    assert login(outsider).get(reverse("groups:chat", args=[group.slug])).status_code == 403


@pytest.mark.parametrize("decision", ["approve", "decline", "withdraw"])
def test_group_page_says_answers_are_deleted_after_the_decision_and_they_are(
    login, group, moderator, outsider, decision
):
    assert "Join-request answers are deleted after the decision." in _page(login(outsider), "groups:group-home", group)
    response = login(outsider).post(reverse("groups:join-request", args=[group.slug]), _answers(group))
    request = JoinRequest.objects.get(user=outsider, group=group)
    assert response.status_code == 302 and JoinAnswer.objects.filter(join_request=request).count() == 2
    if decision == "approve":
        actions.approve_join_request(moderator, request)
    elif decision == "decline":
        actions.decline_join_request(moderator, request, "")
    else:
        actions.withdraw_join_request(outsider, request)
    assert JoinAnswer.objects.filter(join_request=request).count() == 0
    request.refresh_from_db()
    assert request.answers_purged_at is not None


def _expectation(client, group):
    html = _page(client, "groups:join-request", group)
    assert "usually within a day" not in html
    return html.split('id="reply-expectation">', 1)[1].split("</p>", 1)[0]


def test_join_form_without_a_rota_promises_no_time(login, group, outsider):
    assert "read requests when they can" in _expectation(login(outsider), group)


def test_join_form_tells_who_is_on_duty_until_when(login, group, moderator, outsider):
    DutySlot.objects.create(user=moderator, group=group, weekday=1, start_time=time(22), end_time=time(2))
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        text = _expectation(login(outsider), group)
    assert "A moderator is on duty until 02:00" in text
    assert "Group Moderator" not in text  # times only, never who


def test_join_form_after_the_night_slot_names_when_the_next_one_starts(login, group, moderator, outsider):
    DutySlot.objects.create(user=moderator, group=group, weekday=2, start_time=time(18), end_time=time(22))
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        text = _expectation(login(outsider), group)
    assert "Nobody is on duty for this group right now." in text
    assert "starts at 18:00" in text


def test_a_slot_of_someone_who_may_not_moderate_is_no_promise(login, group, member, outsider):
    DutySlot.objects.create(user=member, group=group, weekday=1, start_time=time(22), end_time=time(2))
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        assert "read requests when they can" in _expectation(login(outsider), group)


def test_pending_request_page_repeats_the_expectation(login, group, applicant):
    request = JoinRequest.objects.get(user=applicant, group=group)
    html = _page(login(applicant), "groups:join-request-detail", group, request.pk)
    assert "Your request is waiting for a moderator." in html and 'id="reply-expectation"' in html
