"""What moderators (and members, for their own messages and reports) do to content.

Every function writes in one transaction, leaves a ModerationLog row where a
moderator acts, and after commit tells the member (signals.message_moderated,
turned into a notification elsewhere) and the open screens (groups.live).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import live
from groups.models import Message, Topic

from . import crisis_records, pipeline, sanitize
from .models import ModerationLog, ModeratorNote, QueueItem, Report
from .signals import message_moderated


class ActionRefused(Exception):
    """A plain sentence for the person who tried: what went wrong and what to do next."""


def explain(rule="", note=""):
    """The reason a member reads, citing the rule in plain words."""
    parts = []
    if rule:
        parts.append(_('It goes against the group rule "%(rule)s".') % {"rule": rule})
    if note:
        parts.append(note)
    return " ".join(parts)


def log_action(actor, group, action, *, target_user=None, message=None, join_request=None, reason=""):
    return ModerationLog.objects.create(
        group=group,
        actor=actor,
        action=action,
        target_user=target_user,
        message=message,
        join_request=join_request,
        reason=reason,
    )


def _tell(message, action, actor, reason):
    message_moderated.send(
        sender=None, message_id=message.pk, action=action, actor_id=actor.pk if actor else None, reason=reason
    )


def _after(message, action, actor, reason, *, gone=False, shown=False):
    """On commit: update open screens, then tell the member what happened and why."""

    def run():
        if gone:
            live.message_gone(message)
        if shown:
            live.message_event(message.pk, "message.new")
        _tell(message, action, actor, reason)

    transaction.on_commit(run)


def _resolve(actor, message, kinds=None):
    items = QueueItem.objects.filter(message=message, status=QueueItem.Status.OPEN)
    if kinds:
        items = items.filter(kind__in=kinds)
    items.update(status=QueueItem.Status.RESOLVED, resolved_at=timezone.now(), resolved_by=actor)


def _publish(message):
    """A held or hidden message becomes visible; its topic shows the activity."""
    first = not Message.objects.filter(topic_id=message.topic_id, pk__lt=message.pk).exists()
    message.status = Message.Status.PUBLISHED
    message.save(update_fields=["status"])
    Topic.objects.filter(pk=message.topic_id).update(
        last_activity_at=timezone.now(), reply_count=F("reply_count") + (0 if first else 1)
    )


def approve_message(actor, message, reason=""):
    """Publish a held message, or restore one hidden after reports (their reports are dismissed)."""
    if message.status not in (Message.Status.HELD, Message.Status.HIDDEN):
        raise ActionRefused(_("This message is not waiting for a moderator any more."))
    with transaction.atomic():
        restored = message.status == Message.Status.HIDDEN
        _publish(message)
        if restored:
            message.reports.filter(dismissed_at__isnull=True).update(dismissed_at=timezone.now())
        _resolve(actor, message)
        log_action(actor, message.group, "approve", target_user=message.author, message=message, reason=reason)
        _after(message, "restored" if restored else "approved", actor, reason, shown=True)
    return message


def remove_message(actor, message, reason):
    """Remove a message for good; the author is told why (the reason should cite a rule)."""
    if message.status in (Message.Status.REMOVED, Message.Status.DELETED):
        raise ActionRefused(_("This message is already gone."))
    if not reason:
        raise ActionRefused(_("Give a reason: choose the rule it breaks or write a few words."))
    with transaction.atomic():
        message.status = Message.Status.REMOVED
        message.save(update_fields=["status"])
        _resolve(actor, message)
        log_action(actor, message.group, "remove", target_user=message.author, message=message, reason=reason)
        _after(message, "removed", actor, reason, gone=True)
    return message


def edit_and_approve(actor, message, text, reason=""):
    """Replace the text (the earlier text is kept as a revision) and publish it."""
    source, html, error = pipeline.prepare_markdown(text, pipeline.Kind.EDIT)
    if error:
        raise ActionRefused(error)
    if message.status in (Message.Status.REMOVED, Message.Status.DELETED):
        raise ActionRefused(_("This message is already gone."))
    told = _("A moderator edited your message before showing it.") + (" " + reason if reason else "")
    with transaction.atomic():
        message.revisions.create(body_source=message.body_source, body_html=message.body_html, edited_by=actor)
        message.body_source, message.body_html = source, html
        message.edited_at = timezone.now()
        message.save(update_fields=["body_source", "body_html", "edited_at"])
        if message.status != Message.Status.PUBLISHED:
            _publish(message)
        message.reports.filter(dismissed_at__isnull=True).update(dismissed_at=timezone.now())
        _resolve(actor, message)
        log_action(actor, message.group, "edit_approve", target_user=message.author, message=message, reason=reason)
        _after(message, "approved", actor, told, shown=True)
    return message


def warn_member(actor, message, reason):
    """A warning about one message; the message itself stays as it is."""
    if not reason:
        raise ActionRefused(_("Give a reason: choose the rule it breaks or write a few words."))
    with transaction.atomic():
        log_action(actor, message.group, "warn", target_user=message.author, message=message, reason=reason)
        _after(message, "warned", actor, reason)


def dismiss_reports(actor, message, reason=""):
    """The reports were not right: dismiss them and show the message again if it was hidden."""
    with transaction.atomic():
        message.reports.filter(dismissed_at__isnull=True).update(dismissed_at=timezone.now())
        restored = message.status == Message.Status.HIDDEN
        if restored:
            message.status = Message.Status.PUBLISHED
            message.save(update_fields=["status"])
        _resolve(actor, message, [QueueItem.Kind.REPORTED])
        log_action(actor, message.group, "dismiss_reports", target_user=message.author, message=message, reason=reason)
        if restored:
            _after(message, "restored", actor, reason, shown=True)


@dataclass(frozen=True)
class ReportResult:
    ok: bool
    reason: str = ""
    hidden: bool = False


def report_message(user, message, rule, note):
    """Report a message (the caller has checked that `user` may read it).

    The note goes through the pipeline (kind REPORT). The first report opens a
    REPORTED queue item; after `group.report_threshold` distinct open reports
    the message is HIDDEN until a moderator looks at it.
    """
    group = message.group
    if message.author_id == user.pk:
        return ReportResult(False, _("This is your own message. You can edit or delete it instead."))
    if message.status != Message.Status.PUBLISHED:
        return ReportResult(False, _("This message is already waiting for a moderator. Thank you."))
    rules = group.current_rules()
    if rule and (rules is None or rule not in rules.items()):
        return ReportResult(False, _("Choose one of the group's rules, or none and describe the problem."))
    checked = pipeline.submit(user, group, note, kind=pipeline.Kind.REPORT)
    if not checked.ok:
        return ReportResult(False, checked.reason)
    if not rule and not checked.text:
        return ReportResult(False, _("Choose the rule it breaks, or write a few words about the problem."))
    with transaction.atomic():
        _report, created = Report.objects.get_or_create(
            message=message, reporter=user, defaults={"rule": rule, "note": checked.text}
        )
        if not created:
            return ReportResult(False, _("You have already reported this message. A moderator will look at it."))
        hidden = _queue_report(message)
    return ReportResult(True, hidden=hidden)


def _queue_report(message):
    group = message.group
    open_item = QueueItem.objects.filter(message=message, kind=QueueItem.Kind.REPORTED, status="open")
    if not open_item.exists():
        QueueItem.objects.create(
            group=group, kind=QueueItem.Kind.REPORTED, message=message, reason=_("Reported by a member.")
        )
    count = message.reports.filter(dismissed_at__isnull=True).count()
    if count < max(group.report_threshold, 1):
        return False
    Message.objects.filter(pk=message.pk).update(status=Message.Status.HIDDEN)
    message.status = Message.Status.HIDDEN
    open_item.update(reason=_("Hidden after %(count)s reports.") % {"count": count})
    reason = _("Several members reported it, so it is hidden until a moderator has looked at it.")
    log_action(None, group, "hide_after_reports", target_user=message.author, message=message, reason=reason)
    _after(message, "hidden", None, reason, gone=True)
    return True


def delete_message(user, message):
    """The author deletes their own message: the text goes, and so do earlier versions."""
    if message.author_id != user.pk or message.status in (Message.Status.REMOVED, Message.Status.DELETED):
        raise ActionRefused(_("You can only delete your own messages."))
    with transaction.atomic():
        message.status = Message.Status.DELETED
        message.body_source = message.body_html = ""
        message.save(update_fields=["status", "body_source", "body_html"])
        message.revisions.all().delete()
        QueueItem.objects.filter(message=message, status="open").update(
            status=QueueItem.Status.RESOLVED, resolved_at=timezone.now()
        )
        crisis_records.forget_crisis([message.pk])
        transaction.on_commit(lambda: live.message_gone(message))


def moderate_topic(actor, topic, *, pinned, locked):
    with transaction.atomic():
        changes = []
        if topic.pinned != pinned:
            changes.append("pin" if pinned else "unpin")
        if topic.locked != locked:
            changes.append("lock" if locked else "unlock")
        topic.pinned, topic.locked = pinned, locked
        topic.save(update_fields=["pinned", "locked"])
        for change in changes:
            log_action(actor, topic.group, f"topic_{change}", reason=topic.title)
    return changes


def claim_item(actor, item):
    """Claim an open item so two moderators do not work the same one. False if someone else has it."""
    with transaction.atomic():
        taken = (
            QueueItem.objects.filter(pk=item.pk, status=QueueItem.Status.OPEN)
            .filter(Q(claimed_by__isnull=True) | Q(claimed_by=actor))
            .update(claimed_by=actor, claimed_at=timezone.now())
        )
        if taken:
            log_action(actor, item.group, "claim", message=item.message, join_request=item.join_request)
    return bool(taken)


def release_item(actor, item):
    with transaction.atomic():
        released = QueueItem.objects.filter(pk=item.pk, claimed_by=actor).update(claimed_by=None, claimed_at=None)
        if released:
            log_action(actor, item.group, "release", message=item.message, join_request=item.join_request)
    return bool(released)


def add_moderator_note(actor, group, member, text):
    """A private note about a member, seen by the group's moderators and staff only."""
    text = sanitize.plain_text(text or "")
    if not text:
        raise ActionRefused(_("Write the note first: it is empty."))
    if len(text) > 2000:
        raise ActionRefused(_("Notes can be at most 2,000 characters. Shorten it and save again."))
    with transaction.atomic():
        note = ModeratorNote.objects.create(group=group, member=member, author=actor, text=text)
        log_action(actor, group, "note", target_user=member)
    return note


def mute_from_queue(actor, message, until, reason):
    """Mute the author (groups.actions does the work and the logging)."""
    from groups.actions import mute_member

    return mute_member(actor, message.group, message.author, until, reason=reason)


def ban_from_queue(actor, message, reason):
    """Ban the author and remove the message, citing the same reason."""
    from groups.actions import ban_member

    with transaction.atomic():
        ban_member(actor, message.group, message.author, reason)
        if message.status not in (Message.Status.REMOVED, Message.Status.DELETED):
            remove_message(actor, message, reason)


def held_messages_of(group, member, up_to=None):
    """`member`'s messages in `group` still waiting for a moderator, oldest first (up to id `up_to`)."""
    held = Message.objects.filter(
        group=group, author=member, status=Message.Status.HELD, topic__support_member__isnull=True
    )
    if up_to is not None:
        held = held.filter(pk__lte=up_to)
    return held.order_by("id")


def approve_all_held(actor, group, member, up_to=None, reason=""):
    """Publish every message of `member` waiting in `group` (those the moderator saw: id <= `up_to`).

    One log row per message; the author is told once, not once per message. Only the held items
    close: an urgent item stays open for whoever looks after the person. Returns how many.
    """
    from groups import access

    access.check(actor, group, access.Need.MODERATE)
    with transaction.atomic():
        messages = list(held_messages_of(group, member, up_to).select_for_update())
        if not messages:
            raise ActionRefused(_("Nothing from this person is waiting any more. Choose another item."))
        for message in messages:
            _publish(message)
            _resolve(actor, message, [QueueItem.Kind.HELD])
            log_action(actor, group, "approve_all", target_user=member, message=message, reason=reason)
        ids = [m.pk for m in messages]
        transaction.on_commit(lambda: _after_approve_all(ids, member.pk, group.pk))
    return len(messages)


def _after_approve_all(ids, member_id, group_id):
    """Open screens show the messages; followers and mentions hear of each; the author hears once."""
    from accounts.notifications.fanout import notify_messages_shown

    from . import hooks

    for message_id in ids:
        live.message_event(message_id, "message.new")
        hooks.message_saved_hook(message_id, "message")
    notify_messages_shown(member_id, group_id, ids[-1])
