"""The one pipeline: every piece of user text enters through `submit`.

Steps, in order: access re-check -> normalise -> length -> sanitize ->
rate limit -> pre-moderation -> watched words -> save -> after commit:
live broadcast and notifications. `submit` returns a `Result`; it never
renders a page and never writes to a socket.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from groups import access, limits, live
from groups.models import Message, Topic
from groups.signals import message_saved
from peersupport.reasons import Reason

from . import newcomers, queue, sanitize, watch
from .duty import escalation
from .models import QueueItem


class Kind(StrEnum):
    MESSAGE = "message"  # a message in an existing topic (chat included)
    TOPIC = "topic"  # a new topic: title + first message
    EDIT = "edit"  # new text for an existing message
    ANSWER = "answer"  # a join-request answer (plain text, not saved here)
    REPORT = "report"  # a report note (plain text, not saved here)
    PROFILE = "profile"  # profile text (plain text, not saved here)


class Outcome(StrEnum):
    PUBLISHED = "published"
    HELD = "held"
    REFUSED = "refused"


LIMITS = {
    Kind.MESSAGE: limits.MESSAGE,
    Kind.TOPIC: limits.MESSAGE,
    Kind.EDIT: limits.MESSAGE,
    Kind.ANSWER: limits.ANSWER,
    Kind.REPORT: limits.REASON,
    Kind.PROFILE: limits.REASON,
}
TITLE_LIMIT = limits.TITLE
# A member may send at most BURST messages per BURST_WINDOW seconds in a group.
BURST = 8
BURST_WINDOW = 30


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str = ""
    message: Message | None = None
    text: str = ""  # the cleaned text, for plain-text kinds
    urgent: bool = False
    crisis: bool = False  # show the author a kind prompt with help resources
    retry_after: int = 0  # seconds, when refused by a rate limit
    matched: list = field(default_factory=list)
    replayed: bool = False  # a resend: `message` was stored before under the same client id

    @property
    def ok(self):
        return self.outcome != Outcome.REFUSED


MESSAGE_REFUSED = gettext_lazy("This message cannot be posted here. Please reword it and send again.")
TEXT_REFUSED = gettext_lazy("This text cannot be accepted. Please reword it and send again.")


def _refusal(verdict, fallback):
    """The watched word's reason (or `fallback`) in the message's own language: someone who writes in
    Finnish reads why in Finnish, whatever language their browser asks for."""
    language = verdict.language if verdict.language in dict(settings.LANGUAGES) else translation.get_language()
    with translation.override(language):
        return gettext(verdict.reason) if verdict.reason else str(fallback)


def refused(reason, **extra):
    return Result(Outcome.REFUSED, reason=reason, **extra)


def length_error(kind, length):
    limit = LIMITS[kind]
    if length <= limit:
        return None
    names = {
        Kind.ANSWER: _("Answers can be at most %(limit)s characters."),
        Kind.REPORT: _("Notes can be at most %(limit)s characters."),
        Kind.PROFILE: _("Profile text can be at most %(limit)s characters."),
    }
    template = names.get(kind, _("Messages can be at most %(limit)s characters."))
    return (
        template % {"limit": number_format(limit, force_grouping=True)}
        + " "
        + _("Yours has %(length)s. Nothing is lost: shorten it and send again.")
        % {"length": number_format(length, force_grouping=True)}
    )


def prepare_markdown(text, kind=Kind.MESSAGE, group=None):
    """Normalise, check the length, render and sanitize: (source, html, refusal or "").

    The text steps of `submit`, also used where a moderator rewrites a message. With `group`, each
    @pseudonym of someone who reads the group is marked as a mention in the html.
    """
    source = sanitize.normalise(text or "")
    if not source:
        return source, "", _("Write something first: the message is empty.")
    if error := length_error(kind, len(source)):
        return source, "", error
    mentions = access.mentionable_names(group, sanitize.mention_candidates(source)) if group is not None else ()
    return source, sanitize.render_markdown(source, mentions), ""


def submit(user, group, text, *, kind=Kind.MESSAGE, topic=None, title="", message=None, client_id="", reply_to=None):
    """Run `text` from `user` through the pipeline for `group`.

    MESSAGE needs `topic` (and may answer `reply_to`, a message of that topic the caller had the gate
    find); TOPIC needs `title`; EDIT needs `message`. Plain
    text kinds (ANSWER, REPORT, PROFILE) return the cleaned text in
    `Result.text` for the caller to store. `client_id` (MESSAGE only, from
    groups/content/client_ids.py): a message the person already sent under
    it is answered again as it stands (`Result.replayed`), never saved twice.
    """
    if kind in (Kind.ANSWER, Kind.REPORT, Kind.PROFILE):
        return _submit_plain(user, group, text, kind)
    private = kind == Kind.MESSAGE and topic is not None and topic.support_member_id is not None
    try:
        st = _writer_standing(user, group, topic) if private else access.check(user, group, access.Need.POST)
    except (PermissionDenied, Http404) as exc:
        return refused(str(exc) if isinstance(exc, PermissionDenied) else access.NOT_FOUND)
    if reason := _target_refusal(user, group, kind, topic, message, st):
        return refused(reason)
    client_id = client_id if kind == Kind.MESSAGE else ""
    if client_id and (earlier := _sent_before(user, client_id)):
        return _answer_again(user, group, topic, earlier)

    source, html, error = prepare_markdown(text, kind, None if private else group)
    if error:
        return refused(error)
    if kind == Kind.TOPIC:
        title = sanitize.plain_text(title or "")
        if not title:
            return refused(_("Give the topic a title."))
        if len(title) > TITLE_LIMIT:
            return refused(
                _("Titles can be at most %(limit)s characters. Shorten it and send again.") % {"limit": TITLE_LIMIT}
            )

    if kind != Kind.EDIT and not st.is_moderator and (wait := rate_limited(user, group)):
        return refused(
            _("You are sending messages quickly. Please wait %(seconds)s seconds and send again.") % {"seconds": wait},
            retry_after=wait,
        )

    verdict = watch.check(f"{title}\n{source}", group, getattr(user, "language", ""))
    if verdict.refuse:
        return refused(_refusal(verdict, MESSAGE_REFUSED), matched=verdict.matched)

    hold_reason = ""
    if private:
        pass  # a support conversation is never held: one of the people keeping the group safe reads it
    elif verdict.hold:
        hold_reason = newcomers.hold_reason(group, newcomer=False)
    elif kind != Kind.EDIT and not st.is_moderator and needs_premoderation(user, group):
        # Crisis words do not skip this: the message waits, and `_queue` raises an urgent item at once.
        hold_reason = newcomers.hold_reason(group, newcomer=True)
    if kind == Kind.EDIT and message.status in (Message.Status.HELD, Message.Status.HIDDEN):
        hold_reason = hold_reason or Reason("still_waiting")
    was_published = kind == Kind.EDIT and message.status == Message.Status.PUBLISHED

    try:
        with transaction.atomic():
            saved = _save(
                user, group, kind, topic, title, source, html, message, bool(hold_reason), verdict, client_id, reply_to
            )
            if not private:
                _queue(group, saved, hold_reason, verdict)
            withdrawn = was_published and bool(hold_reason)
            if kind != Kind.EDIT:  # broadcast as saved, with its author's badge, without reading it again
                saved.author_moderates = st.membership is not None and st.membership.is_moderator
            transaction.on_commit(lambda: _after_commit(saved, kind, withdrawn=withdrawn))
    except IntegrityError:
        # The same resend, saved by another process between the look-up above and this insert: all of
        # this one (queue items, escalation, broadcast, notifications) went with the rollback.
        if not client_id or (earlier := _sent_before(user, client_id)) is None:
            raise
        return _answer_again(user, group, topic, earlier)
    outcome = Outcome.HELD if hold_reason else Outcome.PUBLISHED
    return Result(
        outcome,
        reason=str(hold_reason),
        message=saved,
        urgent=verdict.urgent or verdict.crisis,
        crisis=verdict.crisis,
        matched=verdict.matched,
    )


def _sent_before(user, client_id):
    """The message `user` already sent under `client_id`, or None."""
    return Message.objects.select_related("topic", "author").filter(author=user, client_id=client_id).first()


def _answer_again(user, group, topic, earlier):
    """A resend's answer: the stored message as it stands now (published, or why it waits), the crisis prompt
    again if its words called for one (the first answer may never have arrived); nothing is saved or sent."""
    if earlier.topic_id != topic.pk:
        return refused(_("This message was already sent in another conversation. Reload the page."))
    crisis = earlier.urgent and watch.check(earlier.body_source, group, getattr(user, "language", "")).crisis
    if earlier.status not in (Message.Status.HELD, Message.Status.HIDDEN):
        return Result(Outcome.PUBLISHED, message=earlier, crisis=crisis, replayed=True)
    held = earlier.queue_items.filter(kind=QueueItem.Kind.HELD).order_by("-pk").first()
    reason = (held.reason_text() if held else "") or _("Your message is waiting for a moderator.")
    return Result(Outcome.HELD, reason=reason, message=earlier, crisis=crisis, replayed=True)


def _writer_standing(user, group, topic):
    """The gate's answer for writing in a support conversation (its own door: the member and its helpers,
    muted or not), as a Standing for the rest of the pipeline."""
    if topic.group_id != group.pk:
        raise Http404(access.NOT_FOUND)
    if reason := access.support_post_refusal(user, topic):
        raise PermissionDenied(reason)
    return access.standing(user, group)


def _target_refusal(user, group, kind, topic, message, st):
    """The topic or message must belong to `group` and still take new text."""
    if kind == Kind.MESSAGE:
        if topic is None or topic.group_id != group.pk:
            return access.NOT_FOUND
        if topic.locked and not st.is_moderator:
            return _("This topic is locked. You can still read it, or start a new topic.")
    if kind == Kind.EDIT:
        if message is None or message.group_id != group.pk:
            return access.NOT_FOUND
        if message.author_id != user.pk or message.status in (Message.Status.REMOVED, Message.Status.DELETED):
            return _("You can only edit your own messages.")
    return ""


def _submit_plain(user, group, text, kind):
    cleaned = sanitize.plain_text(text or "")
    if error := length_error(kind, len(cleaned)):
        return refused(error)
    verdict = watch.check(cleaned, group, getattr(user, "language", ""))
    if verdict.refuse:
        return refused(_refusal(verdict, TEXT_REFUSED))
    return Result(Outcome.PUBLISHED, text=cleaned, urgent=verdict.urgent or verdict.crisis, crisis=verdict.crisis)


def rate_limited(user, group, now=None):
    """Seconds to wait, or 0. Slow mode is per group; the burst limit per member."""
    now = now or timezone.now()
    if group.slow_mode_seconds:
        last = Message.objects.filter(group=group, author=user).order_by("-id").values_list("created_at", flat=True)
        last = last.first()
        if last and (now - last).total_seconds() < group.slow_mode_seconds:
            return max(1, int(group.slow_mode_seconds - (now - last).total_seconds()))
    key = burst_key(group, user, now)
    cache.add(key, 0, BURST_WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > BURST:
        return BURST_WINDOW - int(now.timestamp()) % BURST_WINDOW
    return 0


def burst_key(group, user, now):
    """The cache key counting `user`'s messages in `group` in the burst window of `now`."""
    return f"pipeline:burst:{group.pk}:{user.pk}:{int(now.timestamp()) // BURST_WINDOW}"


def needs_premoderation(user, group):
    """A member's first N messages sent in a group wait for a moderator (N per group).

    Counted are the messages the person has sent there, whatever became of them (held, published,
    removed, deleted), so a newcomer's third message is never held only because nobody has read
    the first two yet. Support conversations are private and do not count.
    """
    if not group.premoderation_count:
        return False
    sent = Message.objects.filter(group=group, author=user, topic__support_member__isnull=True)
    return sent[: group.premoderation_count].count() < group.premoderation_count


def _save(user, group, kind, topic, title, source, html, message, held, verdict, client_id="", reply_to=None):
    now = timezone.now()
    status = Message.Status.HELD if held else Message.Status.PUBLISHED
    if kind == Kind.EDIT:
        message.revisions.create(body_source=message.body_source, body_html=message.body_html, edited_by=user)
        message.body_source, message.body_html, message.edited_at = source, html, now
        message.urgent = message.urgent or verdict.urgent or verdict.crisis
        message.save(update_fields=["body_source", "body_html", "edited_at", "urgent"])
        if held and message.status == Message.Status.PUBLISHED:  # hidden after reports stays hidden
            message.hold()
        return message
    if kind == Kind.TOPIC:
        topic = Topic.objects.create(group=group, title=title, created_by=user, last_activity_at=now)
    saved = Message.objects.create(
        group=group,
        topic=topic,
        author=user,
        body_source=source,
        body_html=html,
        status=status,
        urgent=verdict.urgent or verdict.crisis,
        created_at=now,
        client_id=client_id,
        reply_to=reply_to if kind == Kind.MESSAGE and getattr(reply_to, "topic_id", None) == topic.pk else None,
    )
    if held:
        return saved  # its topic counts it when a moderator publishes it (Message.publish)
    if kind == Kind.TOPIC:
        topic.touch(now)
    else:
        topic.count_reply(now)
    return saved


def _queue(group, message, hold_reason, verdict):
    flagged = verdict.urgent or verdict.crisis
    # A hidden message is already in the queue as a reported item.
    if hold_reason and message.status != Message.Status.HIDDEN:
        queue.open_item(group, QueueItem.Kind.HELD, message=message, urgent=flagged, reason=hold_reason)
    if not flagged:
        return
    reason = Reason("crisis_words" if verdict.crisis else "watched_word")
    item, created = queue.open_item(group, QueueItem.Kind.URGENT, message=message, urgent=True, reason=reason)
    if created:
        # In this same transaction: the people on duty (or every moderator) get their notifications.
        escalation.start(item)


def _after_commit(saved, kind, withdrawn=False):
    """Broadcast and notify. Runs only after the message is in the database.

    A new message is broadcast as it was saved; an edit is read again (its reactions go with it).
    `withdrawn`: an edit put a published message back on hold, so it leaves every other reader's screen.
    """
    if withdrawn and (gone := Message.objects.filter(pk=saved.pk).first()):
        live.message_gone(gone)
    if kind == Kind.EDIT:
        live.message_event(saved.pk, "message.edited")
    else:
        live.message_event(saved.pk, "message.new", message=saved)
    message_saved.send(sender=None, message_id=saved.pk, kind=str(kind), message=saved)
