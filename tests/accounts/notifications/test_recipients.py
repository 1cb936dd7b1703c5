"""Who hears of what waits in a group, decided on purpose in the gate (`access.moderator_ids`, `access.reader_ids`):
staff are told nothing group by group. Join requests and questions about a sanction go to the group's own
moderators and owner, alerts and surveys to its members; urgent items reach staff who are on duty through the
duty escalation (tests/moderation/test_duty_escalation.py)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import receivers
from groups import access
from groups.membership import actions
from moderation.models import Alert
from tests.accounts.notifications.helpers import kinds

Kind = Notification.Kind


def test_join_request_is_told_to_the_groups_moderators_and_not_to_staff(
    run_after_commit, outsider, moderator, owner, staff
):
    group = moderator.memberships.get().group
    answers = {q.pk: "A long honest answer" for q in group.questions.all()}
    run_after_commit(actions.create_join_request, outsider, group, answers)
    assert kinds(moderator) == [Kind.JOIN_REQUEST]
    assert kinds(owner) == [Kind.JOIN_REQUEST]
    assert kinds(staff) == []
    assert access.can(staff, group, access.Need.MODERATE)  # staff could vet it: they find it on the queue page
    assert access.moderator_ids(group.pk) == {moderator.pk, owner.pk}


def test_alert_is_told_to_members_and_not_to_staff(run_after_commit, member, moderator, staff, group):
    alert = Alert.objects.create(title="Strong batch", body_source="x", expires_at=timezone.now() + timedelta(days=2))
    alert.groups.set([group])
    run_after_commit(receivers.notify_alert, alert.pk)
    assert kinds(member) == [Kind.ALERT]
    assert kinds(moderator) == [Kind.ALERT]
    assert kinds(staff) == []
