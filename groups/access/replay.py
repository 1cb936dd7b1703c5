"""The gate's read of a message window: the messages of a chat or topic after an id, before an id or the newest, as
`Standing.messages()` shows them.

A crowd reconnecting after an outage sends hundreds of `resume` frames a second to one daphne process (issue 16),
and every chat page and history request reads one such window (issue 24). The ORM spent more CPU building and
compiling that one query (the rule, two joined authors, the reply, the "Moderator" badge's EXISTS, the newest-id
bound) than PostgreSQL spent running it; this is the same query, written once per process for each shape of the
rule and each direction, and run with fresh parameters, as access/handshake.py does for the handshake. The rule
itself comes from `Standing.message_rule()`, so the gate still decides who sees what here; tests compare this
read with `window(st.messages(), ...)` for every person of the cast in every group, in every direction.
"""

import functools

from django.contrib.auth import get_user_model
from django.db import connection

from ..models import Membership, Message, Topic
from . import raw_rows
from .standing import MODERATING

NOT_SHOWN = {"search_vector"}  # PostgreSQL's stored words: long, and never shown (left deferred)


@functools.cache
def _message_fields():
    return tuple(f for f in Message._meta.concrete_fields if f.name not in NOT_SHOWN)


@functools.cache
def _user_fields():
    return tuple(get_user_model()._meta.concrete_fields)


def _in(values):
    return ", ".join(["%s"] * len(values))


# How each direction bounds and orders the window. "newest" and "after" stop at the topic's newest message id
# (messages._newest_id says why); "before" is bounded by its id.
_NEWEST_BOUND = "AND m.id <= (SELECT n.id FROM {messages} n WHERE n.topic_id = %s ORDER BY n.id DESC LIMIT 1)"
DIRECTIONS = {
    "after": (_NEWEST_BOUND + " AND m.id > %s", "ASC"),
    "before": ("AND m.id < %s", "DESC"),
    "newest": (_NEWEST_BOUND, "DESC"),
}


@functools.cache
def _statement(vendor, shown, own, direction="after"):
    """The SQL for a rule with `shown` and `own` statuses (their counts shape the text; the vendor keys the
    cache), read in `direction`. Only the models' table and column names go into the text; every value is a
    parameter."""
    message_fields, user_fields = _message_fields(), _user_fields()
    select = raw_rows.columns("m", message_fields) + raw_rows.columns("a", user_fields)
    select += raw_rows.columns("r", message_fields) + raw_rows.columns("ra", user_fields)
    messages, users = raw_rows.table(Message), raw_rows.table(get_user_model())
    bound, order = DIRECTIONS[direction]
    status = f"m.status IN ({_in(range(shown))})"
    if own:
        status = f"({status} OR (m.author_id = %s AND m.status IN ({_in(range(own))})))"
    return f"""
        SELECT {", ".join(select)},
            EXISTS (SELECT 1 FROM {raw_rows.table(Membership)} o
                    WHERE o.group_id = m.group_id AND o.user_id = m.author_id AND o.role IN (%s, %s))
        FROM {messages} m
            JOIN {raw_rows.table(Topic)} t ON t.id = m.topic_id
            LEFT JOIN {users} a ON a.id = m.author_id
            LEFT JOIN {messages} r ON r.id = m.reply_to_id
            LEFT JOIN {users} ra ON ra.id = r.author_id
        WHERE m.group_id = %s AND t.support_member_id IS NULL AND {status} AND m.topic_id = %s
            {bound.format(messages=messages)}
        ORDER BY m.id {order} LIMIT %s
    """  # noqa: S608


def messages_after(st, topic, after, limit):
    """(up to `limit` of the messages of `topic` that `st` shows with an id above `after`, oldest first, each
    with its author, its reply and the reply's author, `author_moderates` and its topic; more: bool)."""
    return window(st, topic, after=after, limit=limit)


def window(st, topic, before=None, after=None, limit=50):
    """(up to `limit` messages of `topic` that `st` shows, oldest first: those just before id `before`, else those
    just after id `after`, else the newest; more: whether more lie beyond in the direction read). Each message
    comes with its author, its reply and the reply's author, `author_moderates` and its topic, as
    `messages.window` gives them."""
    rule = st.message_rule()
    if rule is None:
        return [], False
    params = [*map(str, MODERATING), st.group.pk, *map(str, rule.shown)]
    if rule.own:
        params += [rule.author_id, *map(str, rule.own)]
    if before is not None:
        direction, bounds = "before", [topic.pk, before]
    elif after is not None:
        direction, bounds = "after", [topic.pk, topic.pk, after]
    else:
        direction, bounds = "newest", [topic.pk, topic.pk]
    with connection.cursor() as cursor:
        sql = _statement(connection.vendor, len(rule.shown), len(rule.own), direction)
        cursor.execute(sql, [*params, *bounds, limit + 1])
        rows = cursor.fetchall()
    page = [_message(row, topic) for row in rows[:limit]]
    if direction != "after":
        page.reverse()
    return page, len(rows) > limit


@functools.cache
def _builders(vendor):
    """(message, user) builders from a row's columns (raw_rows.builder), planned once per process."""
    user_model = get_user_model()
    return raw_rows.builder(Message, _message_fields(), vendor), raw_rows.builder(user_model, _user_fields(), vendor)


def _message(row, topic):
    """One row of the statement: the message, its author, its reply, the reply's author, the badge."""
    message_of, user_of = _builders(connection.vendor)
    m, u = len(_message_fields()), len(_user_fields())
    message = message_of(row[:m])
    message.author = _or_none(user_of, row[m : m + u])
    reply = _or_none(message_of, row[m + u : 2 * m + u])
    if reply is not None:
        reply.author = _or_none(user_of, row[2 * m + u : 2 * (m + u)])
    message.reply_to = reply
    message.author_moderates = bool(row[-1])
    message.topic = topic
    return message


def _or_none(build, values):
    """The instance of a LEFT JOIN's columns, or None when the join found no row (its primary key, the first
    concrete field, is NULL)."""
    return None if values[0] is None else build(values)
