"""What moderators (and members, for their own messages and reports) do to content.

Contract of every function here, as in groups' membership actions:

- it re-checks the person through ``groups/access.py`` (defence in depth: the
  queue pages, the topic pages and the sockets all call these);
- "may not" raises ``PermissionDenied`` carrying a sentence that says what to
  do next; bad input, or an item someone else already dealt with, raises
  ``ValidationError``;
- it writes in one transaction: the message's state through its model methods
  (groups/models.py), the queue and the log through ``moderation/queue.py``;
- after commit it tells the member (``groups.signals.message_moderated``,
  turned into a notification by accounts) and the open screens (``groups.live``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from groups import access, limits, live
from groups.membership.members import ban_member, mute_member
from groups.models import Message
from groups.signals import message_moderated, message_saved, messages_shown
from peersupport.reasons import Reason, as_reason

from . import crisis_records, pipeline, queue, sanitize
from .models import ModeratorNote, QueueItem, Report

NOTE_LIMIT = limits.NOTE


def explain(rule="", note=""):
    """The reason a member reads: the rule it breaks (put into words in the reader's language when
    shown) and the moderator's own words, kept as they wrote them."""
    return Reason("rule", {"rule": rule}, note) if rule else as_reason(note)


def _moderates(actor, group):
    """The gate's word that `actor` may moderate `group` (raises PermissionDenied or Http404)."""
    return access.check(actor, group, access.Need.MODERATE)


def _tell(message, action, actor, reason):
    message_moderated.send(
        sender=None, message_id=message.pk, action=action, actor_id=actor.pk if actor else None, reason=str(reason)
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


def _need_reason(reason):
    if not reason:
        raise ValidationError(_("Give a reason: choose the rule it breaks or write a few words."))


def _not_gone(message):
    if message.status in Message.GONE:
        raise ValidationError(_("This message is already gone."))


def _dismiss_open_reports(message):
    message.reports.filter(dismissed_at__isnull=True).update(dismissed_at=timezone.now())


def approve_message(actor, message, reason=""):
    """Publish a held message, or restore one hidden after reports (their reports are dismissed)."""
    _moderates(actor, message.group)
    if message.status not in (Message.Status.HELD, Message.Status.HIDDEN):
        raise ValidationError(_("This message is not waiting for a moderator any more."))
    with transaction.atomic():
        restored = message.status == Message.Status.HIDDEN
        message.publish()
        if restored:
            _dismiss_open_reports(message)
        queue.resolve_items(actor, message=message)
        queue.record(actor, message.group, "approve", target_user=message.author, message=message, reason=reason)
        _after(message, "restored" if restored else "approved", actor, reason, shown=True)
    return message


def remove_message(actor, message, reason):
    """Remove a message for good; the author is told why (the reason should cite a rule)."""
    _moderates(actor, message.group)
    _not_gone(message)
    _need_reason(reason)
    with transaction.atomic():
        message.remove()
        queue.resolve_items(actor, message=message)
        queue.record(actor, message.group, "remove", target_user=message.author, message=message, reason=reason)
        _after(message, "removed", actor, reason, gone=True)
    return message


def edit_and_approve(actor, message, text, reason=""):
    """Replace the text (the earlier text is kept as a revision) and publish it."""
    _moderates(actor, message.group)
    source, html, error = pipeline.prepare_markdown(text, pipeline.Kind.EDIT, message.group)
    if error:
        raise ValidationError(error)
    _not_gone(message)
    reason = as_reason(reason)
    told = Reason("edited", text=str(reason))
    with transaction.atomic():
        message.revisions.create(body_source=message.body_source, body_html=message.body_html, edited_by=actor)
        message.body_source, message.body_html = source, html
        message.edited_at = timezone.now()
        message.save(update_fields=["body_source", "body_html", "edited_at"])
        message.publish()
        _dismiss_open_reports(message)
        queue.resolve_items(actor, message=message)
        queue.record(actor, message.group, "edit_approve", target_user=message.author, message=message, reason=reason)
        _after(message, "approved", actor, told, shown=True)
    return message


def warn_member(actor, message, reason):
    """A warning about one message; the message itself stays as it is."""
    _moderates(actor, message.group)
    _author_of(message)
    _need_reason(reason)
    with transaction.atomic():
        queue.record(actor, message.group, "warn", target_user=message.author, message=message, reason=reason)
        _after(message, "warned", actor, reason)


def dismiss_reports(actor, message, reason=""):
    """The reports were not right: dismiss them and show the message again if it was hidden."""
    _moderates(actor, message.group)
    with transaction.atomic():
        _dismiss_open_reports(message)
        restored = message.status == Message.Status.HIDDEN and message.publish()
        queue.resolve_items(actor, message=message, kinds=[QueueItem.Kind.REPORTED])
        queue.record(
            actor, message.group, "dismiss_reports", target_user=message.author, message=message, reason=reason
        )
        if restored:
            _after(message, "restored", actor, reason, shown=True)


def _check_report(user, message, rule):
    access.check(user, message.group, access.Need.READ)
    if message.author_id == user.pk:
        raise PermissionDenied(_("This is your own message. You can edit or delete it instead."))
    if message.status != Message.Status.PUBLISHED:
        raise ValidationError(_("This message is already waiting for a moderator. Thank you."))
    rules = message.group.current_rules()
    if rule and (rules is None or rule not in rules.items()):
        raise ValidationError(_("Choose one of the group's rules, or none and describe the problem."))


def report_message(user, message, rule, note):
    """Report a message a member may read; True when the report hid it.

    The note goes through the pipeline (kind REPORT). The first report opens a
    REPORTED queue item; after `group.report_threshold` distinct open reports
    the message is HIDDEN until a moderator looks at it.
    """
    _check_report(user, message, rule)
    checked = pipeline.submit(user, message.group, note, kind=pipeline.Kind.REPORT)
    if not checked.ok:
        raise ValidationError(checked.reason)
    if not rule and not checked.text:
        raise ValidationError(_("Choose the rule it breaks, or write a few words about the problem."))
    with transaction.atomic():
        _report, created = Report.objects.get_or_create(
            message=message, reporter=user, defaults={"rule": rule, "note": checked.text}
        )
        if not created:
            raise ValidationError(_("You have already reported this message. A moderator will look at it."))
        return _queue_report(message)


def _queue_report(message):
    group = message.group
    item, _created = queue.open_item(group, QueueItem.Kind.REPORTED, message=message, reason=Reason("reported"))
    count = message.reports.filter(dismissed_at__isnull=True).count()
    if count < max(group.report_threshold, 1):
        return False
    message.hide()
    queue.reword_item(item, Reason("hidden_after", {"count": count}))
    reason = Reason("hidden_by_reports")
    queue.record(None, group, "hide_after_reports", target_user=message.author, message=message, reason=reason)
    _after(message, "hidden", None, reason, gone=True)
    return True


def delete_message(user, message):
    """The author deletes their own message: the text goes, and so do earlier versions."""
    access.check(user, message.group, access.Need.READ)
    if message.author_id != user.pk or message.status in Message.GONE:
        raise PermissionDenied(_("You can only delete your own messages."))
    with transaction.atomic():
        message.erase()
        queue.resolve_items(None, message=message)
        crisis_records.forget_crisis([message.pk])
        transaction.on_commit(lambda: live.message_gone(message))


def moderate_topic(actor, topic, *, pinned, locked):
    """Pin or lock a topic; returns the changes made ("pin", "unlock", ...), each logged."""
    _moderates(actor, topic.group)
    with transaction.atomic():
        changes = []
        if topic.pinned != pinned:
            changes.append("pin" if pinned else "unpin")
        if topic.locked != locked:
            changes.append("lock" if locked else "unlock")
        topic.pinned, topic.locked = pinned, locked
        topic.save(update_fields=["pinned", "locked"])
        for change in changes:
            queue.record(actor, topic.group, f"topic_{change}", reason=topic.title)
    return changes


def claim_item(actor, item):
    """Claim an open item so two moderators do not work the same one. False if someone else has it."""
    _moderates(actor, item.group)
    with transaction.atomic():
        taken = queue.claim(actor, item)
        if taken:
            queue.record_item(actor, item, "claim")
    return taken


def release_item(actor, item):
    """Give an item back to the queue; False if `actor` did not hold it."""
    _moderates(actor, item.group)
    with transaction.atomic():
        released = queue.release(actor, item)
        if released:
            queue.record_item(actor, item, "release")
    return released


def add_moderator_note(actor, group, member, text):
    """A private note about a member, seen by the group's moderators and staff only."""
    _moderates(actor, group)
    text = sanitize.plain_text(text or "")
    if not text:
        raise ValidationError(_("Write the note first: it is empty."))
    if len(text) > NOTE_LIMIT:
        raise ValidationError(
            _("Notes can be at most %(limit)s characters. Shorten it and save again.")
            % {"limit": number_format(NOTE_LIMIT, force_grouping=True)}
        )
    with transaction.atomic():
        note = ModeratorNote.objects.create(group=group, member=member, author=actor, text=text)
        queue.record(actor, group, "note", target_user=member)
    return note


def _author_of(message):
    if message.author is None:
        raise ValidationError(_("The author has deleted their account. Remove or approve the message instead."))
    return message.author


def mute_from_queue(actor, message, until, reason):
    """Mute the author (the membership action re-checks, writes and logs)."""
    return mute_member(actor, message.group, _author_of(message), until, reason=reason)


def ban_from_queue(actor, message, reason):
    """Ban the author and remove the message, citing the same reason."""
    author = _author_of(message)
    with transaction.atomic():
        ban_member(actor, message.group, author, reason)
        if message.status not in Message.GONE:
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
    _moderates(actor, group)
    with transaction.atomic():
        messages = list(held_messages_of(group, member, up_to).select_for_update())
        if not messages:
            raise ValidationError(_("Nothing from this person is waiting any more. Choose another item."))
        for message in messages:
            message.publish()
            queue.resolve_items(actor, message=message, kinds=[QueueItem.Kind.HELD])
            queue.record(actor, group, "approve_all", target_user=member, message=message, reason=reason)
        ids = [m.pk for m in messages]
        transaction.on_commit(lambda: _after_approve_all(ids, member.pk, group.pk))
    return len(messages)


def _after_approve_all(ids, member_id, group_id):
    """Open screens show the messages; followers and mentions hear of each; the author hears once."""
    for message_id in ids:
        live.message_event(message_id, "message.new")
        message_saved.send(sender=None, message_id=message_id, kind=str(pipeline.Kind.MESSAGE))
    messages_shown.send(sender=None, user_id=member_id, group_id=group_id, last_message_id=ids[-1])
