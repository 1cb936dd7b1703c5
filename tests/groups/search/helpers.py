"""Writing messages as the pipeline stores them (normalised, rendered by the sanitizer), and searching."""

from groups.models import Message
from groups.search import query
from moderation.sanitize import normalise, render_markdown


def post(group, author, text, status=Message.Status.PUBLISHED, topic=None):
    source = normalise(text)
    return Message.objects.create(
        group=group,
        topic=topic or group.chat_topic(),
        author=author,
        body_source=source,
        body_html=render_markdown(source),
        status=status,
    )


def found(user, text, group_st=None):
    """The message ids `user` finds for `text` (all of their groups, or one group's Standing)."""
    scope = query.group_scope(group_st) if group_st else query.scope_of(user)
    return [h.message_id for h in query.search(scope, text).messages]
