"""Reading messages and topics in keyset pages, never OFFSET: one reader for every door.

`window` serves the chat's history and replay, the topic pages, the support conversations and the
context of a queue item; each caller passes the queryset the gate gave it (`Standing.messages()`,
`access.support_messages`), so nothing here decides who sees what, and no id sent by a client is
used beyond a keyset bound (parsed by `peersupport.params.client_int`). Read marks live on the
membership, so `mark_read`/`last_read` are in groups/membership/members.py.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from peersupport.params import client_int

from .. import access
from ..membership.members import last_read
from ..message_extras import with_reactions
from ..models import Message, Topic

PAGE_SIZE = 50  # chat history
REPLAY_LIMIT = 200  # messages a resuming client gets at once
HAVE_LIMIT = 500  # ids a resuming client may ask about
MESSAGES_PER_PAGE = 30  # a topic's page
TOPICS_PER_PAGE = 25
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    messages: list  # oldest first
    more: bool  # more messages lie beyond, in the direction read (older for `before`, newer for `after`)


def window(visible, topic, before=None, after=None, size=PAGE_SIZE):
    """Up to `size` messages of `topic` among `visible`, oldest first: those just before id `before`,
    else those just after id `after`, else (both None) the newest."""
    rows = visible.filter(topic=topic).select_related("author", "reply_to__author")
    rows = rows.annotate(author_moderates=access.author_moderates())  # the "Moderator" badge, in the same query
    if before is None:
        rows = rows.filter(id__lte=_newest_id(topic))
    if before is None and after is not None:
        page = _in_topic(rows.filter(id__gt=after).order_by("id")[: size + 1], topic)
        return Page(messages=page[:size], more=len(page) > size)
    if before is not None:
        rows = rows.filter(id__lt=before)
    page = _in_topic(rows.order_by("-id")[: size + 1], topic)
    return Page(messages=page[:size][::-1], more=len(page) > size)


def _in_topic(rows, topic):
    """The rows, each given the topic they were read from (not joined again for every row)."""
    page = list(rows)
    for message in page:
        message.topic = topic
    return page


def _newest_id(topic):
    """The topic's newest message id, as a subquery (one lookup in message_topic_keyset).

    It bounds the newest page and a resume on both sides. Without it PostgreSQL may walk the primary key, from
    the newest message of the whole site or from `after`, past every message of other groups written since this
    topic's last one: tens of thousands of rows for a quiet group."""
    return Subquery(Message.objects.filter(topic=topic).order_by("-id").values("id")[:1])


def topic_window(visible, topic, before=None, after=None, size=None):
    """A topic page around a keyset position: (messages, has_older, has_newer); the first page without either."""
    size = size or MESSAGES_PER_PAGE
    rows = visible.filter(topic=topic)
    if before is not None:
        page = window(visible, topic, before=before, size=size)
        has_newer = bool(page.messages) and rows.filter(id__gt=page.messages[-1].pk).exists()
        return page.messages, page.more, has_newer
    page = window(visible, topic, after=after or 0, size=size)
    has_older = bool(after) and bool(page.messages) and rows.filter(id__lt=page.messages[0].pk).exists()
    return page.messages, has_older, page.more


def topic_in(group, topic_id=None):
    """The group's topic `topic_id` (the chat topic when None), or None if not in this group."""
    if topic_id in (None, ""):
        return group.chat_topic()
    return Topic.objects.filter(group=group, pk=client_int(topic_id, -1), support_member__isnull=True).first()


def history_page(user, group, topic, before=None, limit=PAGE_SIZE):
    """The `limit` visible messages just before id `before` (the newest when None), oldest first, with their
    reaction counts and the codes `user` gave."""
    st = access.standing(user, group)
    rows, more = access.message_window(st, topic, before=client_int(before) or None, limit=limit)
    return Page(messages=with_reactions(rows, reader=user), more=more)


def messages_after(user, group, topic, after, limit=REPLAY_LIMIT):
    """Visible messages with an id above `after`, in order, each once, with their reaction counts; `more` when
    capped."""
    rows, more = access.replay_after(access.standing(user, group), topic, client_int(after, 0), limit)
    return Page(messages=with_reactions(rows), more=more)


def reply_target(user, group, topic, raw_id):
    """The message of `topic` that a new message answers, if `user` may see it; None otherwise (the text is
    sent without a quote, and nothing tells whether the id exists)."""
    if raw_id in (None, ""):
        return None
    visible = access.visible_messages(user, group).filter(topic=topic)
    return visible.select_related("author").filter(pk=client_int(raw_id, -1)).first()  # the quote names them


def gone_ids(visible, have):
    """Of the message ids a reconnecting client shows (`have`), those no longer among `visible`.

    A removal broadcast while the client was offline is lost with the socket; the database still
    knows, so the client is told on resume. At most HAVE_LIMIT ids.
    """
    ids = {n for n in (client_int(x, -1) for x in (have if isinstance(have, list) else [])[:HAVE_LIMIT]) if n > 0}
    if not ids:
        return []
    still = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(ids - still)


def gone_since(user, group, topic, have):
    """`gone_ids` for the chat or a topic of `group`."""
    return gone_ids(access.visible_messages(user, group).filter(topic=topic), have)


def first_unread_on(page, user, group, topic, read_mark):
    """`first_unread_id` for the marker on `page`: from the page itself when it holds every visible message
    after the mark up to its newest (its first message is at or before the mark, or nothing is older), as
    when someone comes back before a page of messages has passed; otherwise the query."""
    shown = page.messages
    if shown and (shown[0].pk <= read_mark or not page.more):
        return next((m.pk for m in shown if m.pk > read_mark and m.author_id != user.pk), None)
    return first_unread_id(user, group, topic, read_mark)


def first_unread_id(user, group, topic, read_mark=None):
    """Id of the first visible message after the read mark, written by someone else; None when all is read."""
    mark = last_read(user, group) if read_mark is None else read_mark
    visible = access.visible_messages(user, group).filter(topic=topic)
    unread = visible.filter(pk__gt=mark).exclude(author=user).order_by("pk")
    return unread.values_list("pk", flat=True).first()


# --- the topic list: pinned first, then last activity ------------------------------------------------------------


def encode_cursor(topic):
    micros = (topic.last_activity_at - _EPOCH) // timedelta(microseconds=1)
    return f"{int(topic.pinned)}.{micros}.{topic.pk}"


def decode_cursor(raw):
    """(pinned, last activity, id) from a `before` cursor; None (the first page) for anything malformed."""
    parts = [client_int(part) for part in str(raw or "").split(".")]
    if len(parts) != 3 or None in parts:
        return None
    pinned, micros, pk = parts
    try:
        return bool(pinned), _EPOCH + timedelta(microseconds=micros), pk
    except OverflowError:
        return None


def topic_page(st, cursor=None, size=None):
    """One page of discussion topics with at least one message the person of `st` may see, and the next cursor."""
    size = size or TOPICS_PER_PAGE
    visible = st.messages().filter(topic=OuterRef("pk"))
    topics = (
        Topic.objects.filter(group=st.group, is_chat=False, support_member__isnull=True)
        .filter(Exists(visible))
        .select_related("created_by")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if after := decode_cursor(cursor):
        pinned, at, pk = after
        topics = topics.filter(
            Q(pinned__lt=pinned)
            | Q(pinned=pinned, last_activity_at__lt=at)
            | Q(pinned=pinned, last_activity_at=at, id__lt=pk)
        )
    rows = list(topics[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (encode_cursor(rows[-1]) if more else "")
