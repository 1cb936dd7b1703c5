"""What a message carries besides its own text: the quote of the message it answers, and its reactions.

Both go into the one JSON shape (`live.serialize_message`) that every reader of the group gets alike,
so a quote shows text only while the quoted message is published: a held, hidden, removed or deleted
message is quoted as gone, with nothing of its words. The excerpt is plain text made from sanitizer
output, shown by clients as text, never as HTML.
"""

from django.db.models import Count, Q, Value
from django.utils.text import Truncator

from moderation import sanitize

from .models import Message, Reaction

QUOTE_CHARS = 140


def quote(message):
    """None for a message that answers none; else the answered message as every reader may see it."""
    if message.reply_to_id is None:
        return None
    target = message.reply_to
    if target is None or target.status != Message.Status.PUBLISHED:
        return {"id": message.reply_to_id, "gone": True}
    author = target.author
    return {
        "id": target.pk,
        "gone": False,
        "author": author.display_name if author else None,
        "text": excerpt(target),
    }


def excerpt(message):
    """The start of a message as plain text, made from its sanitizer output."""
    return Truncator(sanitize.plain_text(message.body_html)).chars(QUOTE_CHARS)


def reaction_counts(message_ids, reader=None):
    """({message id: {code: count}}, {message id: codes `reader` gave}) for these messages, in one query; codes
    nobody gave are left out."""
    found, given = {}, {}
    rows = Reaction.objects.filter(message_id__in=list(message_ids)).values_list("message_id", "code").order_by()
    mine = Count("pk", filter=Q(user_id=reader.pk)) if reader is not None else Value(0)
    for message_id, code, count, by_reader in rows.annotate(n=Count("pk"), mine=mine):
        found.setdefault(message_id, {})[code] = count
        if by_reader:
            given.setdefault(message_id, set()).add(code)
    return found, given


def with_reactions(messages, reader=None):
    """The messages, each knowing its reaction counts (`serialize_message` then asks nothing more) and, with
    `reader`, the codes that person gave (`given_by_reader`), in the same query."""
    counts, given = reaction_counts((m.pk for m in messages), reader)
    for message in messages:
        message.reaction_counts = counts.get(message.pk, {})
        message.given_by_reader = given.get(message.pk, set())
    return messages
