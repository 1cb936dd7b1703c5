"""State changes for joining and vetting: join requests and invitations (verb_noun, after Zulip's do_*).

Managing the people already inside (roles, mutes, bans, removals, rules) is in ``members.py``, under
the same contract.

Contract of every function here:

- it re-checks the actor through ``groups/access/`` (defence in depth: the
  moderation queue and the views both call these);
- a refusal raises ``PermissionDenied`` carrying a sentence that says what to
  do next; bad input raises ``ValidationError``;
- it writes in one ``transaction.atomic()`` and, where a moderator acts, appends
  a ``ModerationLog`` row (through ``moderation/queue.py``, the one writer of the queue and the log);
- live effects run only after commit: bans, removals and leaving close the
  person's open sockets for the group (``live.close_user_sockets``); join
  request changes send ``groups.signals.join_request_changed``.

Professionals (``User.is_professional``) never get the role "member": they may
only be appointed moderators, by staff.

Invitations open the door to vetting, not to membership: through a usable
invitation a person may ask to join even an invitation-only or hidden group.
Answering the questions and accepting the rules through it counts one use of the
invitation and leaves a pending JoinRequest (with ``invitation`` set) in the
moderation queue, exactly like a request made from the group's page; a
moderator then approves or declines it with ``approve_join_request`` /
``decline_join_request``. The answers are deleted at the decision (approve,
decline or withdraw); only ``answers_purged_at`` keeps the fact that there were
answers. Declined and withdrawn request rows are deleted once the cool-off
(``JOIN_REQUEST_COOL_OFF_DAYS``) is over (``purge_decided_requests``).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from moderation import queue
from moderation.models import QueueItem
from moderation.pipeline import Kind, submit
from peersupport.reasons import Reason

from .. import access, limits
from ..access import Need, Role
from ..models import Ban, Group, Invitation, JoinAnswer, JoinRequest, Membership, hash_token
from ..signals import join_request_changed

INVITATION_KEEP_DAYS = 30  # unusable invitations stay listed for moderators this long


def professional_refusal():
    return _(
        "Professional accounts cannot join a peer group as ordinary members: the groups are for peers. "
        "Staff can appoint you as a moderator of a group; please ask them."
    )


# --- checks ------------------------------------------------------------------


def join_refusal(user, group, now=None):
    """None when `user` may ask to join `group`; otherwise why not, and what to do next."""
    if user.is_professional:
        return professional_refusal()
    if group.archived_at:
        return archived_join_refusal()
    st = access.standing(user, group)
    if st.role == Role.BANNED:
        return _("You cannot join this group at the moment. If you think this is a mistake, write to the staff.")
    if st.is_member:
        return _("You are already a member of this group.")
    if st.role == Role.STAFF:
        return _("Staff already see every group; there is no need to join.")
    if st.role == Role.APPLICANT:
        return _("You have already asked to join. Your request is waiting for a moderator.")
    if group.join_policy == Group.JoinPolicy.INVITATION:
        return _("This group takes new members by invitation only. A worker or one of its moderators can send you one.")
    if until := cool_off_until(user, group, now):
        return _(
            "Your last request was declined. You can ask again from %(date)s. Meanwhile you can read the group's "
            "rules, or ask a worker about other groups."
        ) % {"date": date_format(timezone.localtime(until), "DATE_FORMAT")}
    return None


def cool_off_until(user, group, now=None):
    """When a declined person may ask again, or None if they may now."""
    last = (
        JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.DECLINED)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    if last is None:
        return None
    if Ban.objects.filter(group=group, user=user, lifted_at__gte=last).exists():
        return None  # a moderator lifted a ban after the decline (a ban declines pending requests): a fresh start
    until = last + timedelta(days=settings.JOIN_REQUEST_COOL_OFF_DAYS)
    return until if until > (now or timezone.now()) else None


def invitation_refusal(user, invitation, now=None):
    """None when `user` may join through `invitation`; otherwise why not."""
    if not invitation.is_usable(now):
        return _("This invitation has expired, was used up or was withdrawn. Ask the person who sent it for a new one.")
    if user.is_professional:
        return professional_refusal()
    if invitation.group.archived_at:
        return archived_join_refusal()
    st = access.standing(user, invitation.group)
    if st.role == Role.BANNED:
        return _(
            "An invitation cannot lift a ban from this group. If you think the ban is a mistake, write to the staff."
        )
    if st.is_member:
        return _("You are already a member of this group.")
    if st.role == Role.STAFF:
        return _("Staff already see every group; there is no need to join.")
    return None


def archived_join_refusal():
    return _("This group was archived and takes no new members. A worker can tell you about other groups.")


def _refuse_if(reason):
    if reason:
        raise PermissionDenied(reason)


# --- helpers -----------------------------------------------------------------


def announce(join_request):
    pk, status = join_request.pk, str(join_request.status)
    transaction.on_commit(lambda: join_request_changed.send(sender=None, join_request_id=pk, status=status))


def current_rules_version(group):
    rules = group.current_rules()
    return rules.version if rules else 0


def _make_member(group, user, rules_version):
    if user.is_professional:
        raise PermissionDenied(professional_refusal())
    membership, _created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": Membership.Role.MEMBER, "rules_version_accepted": rules_version}
    )
    return membership


def _clean_answers(user, group, answers):
    """Each question's answer through the pipeline; ValidationError keyed by question id."""
    cleaned, errors = [], {}
    for question in group.questions_in():
        result = submit(user, group, answers.get(question.pk) or answers.get(str(question.pk)) or "", kind=Kind.ANSWER)
        if not result.ok:
            errors[str(question.pk)] = result.reason
        elif not result.text:
            errors[str(question.pk)] = _("Please answer this question; a sentence or two is enough.")
        else:
            cleaned.append((question.text, result.text))
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- join requests -----------------------------------------------------------


def create_join_request(user, group, answers, invitation=None):
    """Ask to join: a pending request in the moderation queue, with or without an invitation.

    `answers` maps question id -> text. Submitting implies accepting the current rules.
    A usable invitation lets the person ask even where the group takes no open
    requests (invitation-only or hidden); it counts one use and reuses the
    person's pending request, if any, replacing its answers.
    """
    if invitation is not None and invitation.group_id != group.pk:
        raise PermissionDenied(_("This invitation is for another group."))
    _refuse_if(invitation_refusal(user, invitation) if invitation else join_refusal(user, group))
    cleaned = _clean_answers(user, group, answers)
    version = current_rules_version(group)
    try:
        with transaction.atomic():
            if invitation is not None:
                join_request = _request_by_invitation(user, group, invitation, version)
            else:
                join_request = JoinRequest.objects.create(group=group, user=user, rules_version_accepted=version)
                reason = Reason("wants_to_join")  # a code, put into words when shown
                queue.open_item(group, QueueItem.Kind.JOIN_REQUEST, join_request=join_request, reason=reason)
            JoinAnswer.objects.bulk_create(
                JoinAnswer(join_request=join_request, question_text=q, answer=a) for q, a in cleaned
            )
            announce(join_request)
    except IntegrityError as exc:
        raise PermissionDenied(_("You have already asked to join. Your request is waiting for a moderator.")) from exc
    return join_request


def _request_by_invitation(user, group, invitation, version):
    """Count one use of the (locked, re-checked) invitation; the person's pending request, queued."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _refuse_if(invitation_refusal(user, invitation))
    Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    reason = Reason("invited_wants_to_join")  # a code, put into words when shown
    pending = (
        JoinRequest.objects.select_for_update()
        .filter(group=group, user=user, status=JoinRequest.Status.PENDING)
        .first()
    )
    if pending is None:
        join_request = JoinRequest.objects.create(
            group=group, user=user, invitation=invitation, rules_version_accepted=version
        )
    else:
        join_request = pending
        join_request.answers.all().delete()
        join_request.invitation = invitation
        join_request.rules_version_accepted = version
        join_request.save(update_fields=["invitation", "rules_version_accepted"])
    item, created = queue.open_item(group, QueueItem.Kind.JOIN_REQUEST, join_request=join_request, reason=reason)
    if not created:
        queue.reword_item(item, reason)
    return join_request


def _lock_pending(join_request):
    locked = JoinRequest.objects.select_for_update().select_related("user", "group").get(pk=join_request.pk)
    if locked.status != JoinRequest.Status.PENDING:
        raise PermissionDenied(
            _("This request is no longer waiting (%(status)s). There is nothing more to do.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def approve_join_request(actor, join_request):
    access.check(actor, join_request.group, Need.MODERATE)
    with transaction.atomic():
        join_request = _lock_pending(join_request)
        group, user = join_request.group, join_request.user
        if user.is_professional:
            raise PermissionDenied(
                _("Professional accounts cannot be ordinary members. Decline the request; staff can appoint them.")
            )
        if Ban.objects.filter(Ban.active_q(), group=group, user=user).exists():
            raise PermissionDenied(_("This person is banned from the group. Lift the ban first, or decline."))
        if group.archived_at:
            raise PermissionDenied(_("This group is archived and takes no new members. Decline the request."))
        _make_member(group, user, join_request.rules_version_accepted)
        join_request.status = JoinRequest.Status.APPROVED
        join_request.decided_at, join_request.decided_by = timezone.now(), actor
        _drop_answers(join_request)
        join_request.save(update_fields=["status", "decided_at", "decided_by", "answers_purged_at"])
        queue.resolve_items(actor, join_request=join_request)
        queue.record(actor, group, "join_approved", target_user=user, join_request=join_request)
        announce(join_request)
    return join_request


def decline_join_request(actor, join_request, reason=""):
    access.check(actor, join_request.group, Need.MODERATE)
    with transaction.atomic():
        join_request = _lock_pending(join_request)
        join_request.status = JoinRequest.Status.DECLINED
        join_request.decided_at, join_request.decided_by = timezone.now(), actor
        join_request.decline_reason = (reason or "").strip()[: limits.REASON]
        _drop_answers(join_request)
        join_request.save(update_fields=["status", "decided_at", "decided_by", "decline_reason", "answers_purged_at"])
        queue.resolve_items(actor, join_request=join_request)
        queue.record(
            actor,
            join_request.group,
            "join_declined",
            target_user=join_request.user,
            join_request=join_request,
            reason=join_request.decline_reason,
        )
        announce(join_request)
    return join_request


def withdraw_join_request(user, join_request):
    if join_request.user_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw a request."))
    with transaction.atomic():
        join_request = _lock_pending(join_request)
        join_request.status = JoinRequest.Status.WITHDRAWN
        join_request.decided_at = timezone.now()
        _drop_answers(join_request)
        join_request.save(update_fields=["status", "decided_at", "answers_purged_at"])
        queue.resolve_items(None, join_request=join_request)
        announce(join_request)
    return join_request


def _drop_answers(join_request):
    """Delete the answers at the decision; `answers_purged_at` keeps only the fact that there were some."""
    count, _detail = join_request.answers.all().delete()
    if count:
        join_request.answers_purged_at = join_request.decided_at


def purge_decided_answers(now=None):
    """Safety net for answers still attached to a decided request (e.g. older rows); return how many."""
    now = now or timezone.now()
    answers = JoinAnswer.objects.exclude(join_request__status=JoinRequest.Status.PENDING)
    with transaction.atomic():
        request_ids = set(answers.values_list("join_request_id", flat=True))
        count, _detail = answers.delete()
        JoinRequest.objects.filter(pk__in=request_ids, answers_purged_at__isnull=True).update(answers_purged_at=now)
    return count


def purge_decided_requests(now=None):
    """Delete declined and withdrawn requests once the cool-off is over; return how many.

    Until then the row is what enforces the cool-off (``cool_off_until``); after it, the row
    would only keep the fact that this person once wanted to join this group.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOIN_REQUEST_COOL_OFF_DAYS)
    done = [JoinRequest.Status.DECLINED, JoinRequest.Status.WITHDRAWN]
    _total, detail = JoinRequest.objects.filter(status__in=done, decided_at__lte=cutoff).delete()
    return detail.get(JoinRequest._meta.label, 0)


def accept_rules(user, group):
    """Record that a member accepted the current rules."""
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        raise PermissionDenied(_("You accept the rules when you join. You can ask to join from the group's page."))
    membership.rules_version_accepted = current_rules_version(group)
    membership.save(update_fields=["rules_version_accepted"])
    return membership


# --- invitations -------------------------------------------------------------


def create_invitation(actor, group, expires_at, max_uses, note=""):
    """Return (invitation, token). The raw token is shown once and never stored."""
    access.check(actor, group, Need.MODERATE)
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group,
            token_hash=hash_token(token),
            created_by=actor,
            note=note.strip()[:200],
            expires_at=expires_at,
            max_uses=max(1, int(max_uses)),
        )
        queue.record(actor, group, "invitation_created")
    return invitation, token


def revoke_invitation(actor, invitation):
    access.check(actor, invitation.group, Need.MODERATE)
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        queue.record(actor, invitation.group, "invitation_revoked")
    invitation.refresh_from_db()
    return invitation


def expire_invitations(now=None):
    """Delete invitations unusable (expired or revoked) for INVITATION_KEEP_DAYS; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=INVITATION_KEEP_DAYS)
    count, _detail = Invitation.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)).delete()
    return count
