"""Sentences for the opt-in detailed e-mail: the group and what happened, never another person.

An e-mail stays in a mailbox that others may read, long after the member has
left the site. So the detailed e-mail names the group (the member opted in to
that) but never another member's pseudonym nor any topic title (titles are
written by other people and often say more than the message), nor a
moderator's reason (it may quote the removed words). Kinds not
listed here quote nobody and use the ordinary sentence (inbox.describe).
"""

from django.utils.translation import gettext as _

from .models import Notification

Kind = Notification.Kind


def describe_private(n):
    """The e-mail sentence for `n`, or None when the ordinary sentence quotes nobody."""
    values = {"group": n.group.name if n.group_id else ""}
    if n.kind == Kind.REPLY:
        return _("Someone replied in %(group)s.") % values
    if n.kind == Kind.MENTION:
        return _("Someone mentioned you in %(group)s.") % values
    if n.kind == Kind.MESSAGE_APPROVED:
        return _("Your message in %(group)s is visible to the group now.") % values
    if n.kind == Kind.MESSAGE_REMOVED:
        return _("A moderator removed your message in %(group)s. Your notifications page says why.") % values
    if n.kind == Kind.MESSAGE_WARNED:
        return (
            _("A moderator sent you a warning about your message in %(group)s. Your notifications page says why.")
            % values
        )
    if n.kind == Kind.MESSAGE_HIDDEN:
        return (
            _(
                "Several members reported your message in %(group)s, so it is hidden until a moderator reads it. "
                "You do not need to do anything."
            )
            % values
        )
    if n.kind == Kind.JOIN_REQUEST:
        return _("Someone asked to join %(group)s.") % values
    if n.kind == Kind.URGENT:
        return _("A message in %(group)s was flagged as urgent.") % values
    if n.kind == Kind.SUPPORT and n.topic_id and n.topic.support_member_id != n.user_id:
        return _("Someone wrote in a private support conversation (%(group)s).") % values
    if n.kind == Kind.MUTED:
        return (
            _("A moderator muted you in %(group)s. Your standing page says why, until when, and what you can do.")
            % values
        )
    if n.kind == Kind.BANNED:
        return (
            _("A moderator banned you from %(group)s. Your standing page says why, until when, and what you can do.")
            % values
        )
    if n.kind == Kind.REMOVED:
        return _("A moderator removed you from %(group)s. Your standing page says why and what you can do.") % values
    if n.kind == Kind.STANDING_QUESTION:
        return _("A member wrote to the moderators of %(group)s about a mute, ban or removal.") % values
    if n.kind == Kind.PRO_MODERATOR:
        return _("A professional is now a moderator of %(group)s.") % values
    return None
