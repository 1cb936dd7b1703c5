"""The gate's read for a resume: the messages of a chat or topic after an id, as `Standing.messages()` shows them.

A crowd reconnecting after an outage sends hundreds of `resume` frames a second to one daphne process (issue 16).
The ORM spent more CPU building and compiling that one query (the rule, two joined authors, the reply, the
"Moderator" badge's EXISTS, the newest-id bound) than PostgreSQL spent running it; this is the same query,
written once per process for each shape of the rule and run with fresh parameters, as access/handshake.py does
for the handshake. The rule itself comes from `Standing.message_rule()`, so the gate still decides who sees
what here; tests compare this read with `window(st.messages(), ...)` for every person of the cast in every group.
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


@functools.cache
def _statement(vendor, shown, own):
    """The SQL for a rule with `shown` and `own` statuses (their counts shape the text; the vendor keys the
    cache). Only the models' table and column names go into the text; every value is a parameter."""
    message_fields, user_fields = _message_fields(), _user_fields()
    select = raw_rows.columns("m", message_fields) + raw_rows.columns("a", user_fields)
    select += raw_rows.columns("r", message_fields) + raw_rows.columns("ra", user_fields)
    messages, users = raw_rows.table(Message), raw_rows.table(get_user_model())
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
            AND m.id <= (SELECT n.id FROM {messages} n WHERE n.topic_id = %s ORDER BY n.id DESC LIMIT 1)
            AND m.id > %s
        ORDER BY m.id ASC LIMIT %s
    """  # noqa: S608


def messages_after(st, topic, after, limit):
    """(up to `limit` of the messages of `topic` that `st` shows with an id above `after`, oldest first, each
    with its author, its reply and the reply's author, `author_moderates` and its topic; more: bool)."""
    rule = st.message_rule()
    if rule is None:
        return [], False
    params = [*map(str, MODERATING), st.group.pk, *map(str, rule.shown)]
    if rule.own:
        params += [rule.author_id, *map(str, rule.own)]
    params += [topic.pk, topic.pk, after, limit + 1]
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor, len(rule.shown), len(rule.own)), params)
        rows = cursor.fetchall()
    page = [_message(row, topic) for row in rows[:limit]]
    return page, len(rows) > limit


def _message(row, topic):
    """One row of the statement: the message, its author, its reply, the reply's author, the badge."""
    message_fields, user_fields = _message_fields(), _user_fields()
    m, u, user_model = len(message_fields), len(user_fields), get_user_model()
    message = raw_rows.instance(Message, message_fields, row[:m])
    message.author = _or_none(user_model, user_fields, row[m : m + u])
    reply = _or_none(Message, message_fields, row[m + u : 2 * m + u])
    if reply is not None:
        reply.author = _or_none(user_model, user_fields, row[2 * m + u : 2 * (m + u)])
    message.reply_to = reply
    message.author_moderates = bool(row[-1])
    message.topic = topic
    return message


def _or_none(model, fields, values):
    """The instance of a LEFT JOIN's columns, or None when the join found no row (its primary key, the first
    concrete field, is NULL)."""
    return None if values[0] is None else raw_rows.instance(model, fields, values)
