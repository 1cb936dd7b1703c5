"""What a message carries besides its own text: the quote of the message it answers, and its reactions.

Both go into the one JSON shape (`live.serialize_message`) that every reader of the group gets alike,
so a quote shows text only while the quoted message is published: a held, hidden, removed or deleted
message is quoted as gone, with nothing of its words. The excerpt is plain text made from sanitizer
output, shown by clients as text, never as HTML.
"""

from django.db.models import Count
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


def reaction_counts(message_ids):
    """{message id: {code: count}} for these messages, in one query; codes nobody gave are left out."""
    found = {}
    rows = Reaction.objects.filter(message_id__in=list(message_ids)).values_list("message_id", "code")
    for message_id, code, count in rows.order_by().annotate(n=Count("pk")):
        found.setdefault(message_id, {})[code] = count
    return found


def with_reactions(messages):
    """The messages, each knowing its reaction counts (`serialize_message` then asks nothing more)."""
    counts = reaction_counts(m.pk for m in messages)
    for message in messages:
        message.reaction_counts = counts.get(message.pk, {})
    return messages
