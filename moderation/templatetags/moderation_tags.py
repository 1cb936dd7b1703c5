"""Template helpers for the moderation queue."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import QueueItem
from ..queue import moderation_totals

register = template.Library()


@register.simple_tag
def open_queue_count(user):
    """Open items in the groups `user` moderates, or None when they moderate nothing (no link shown)."""
    totals = moderation_totals(user)
    return totals["items"] if totals["groups"] else None


# One whole sentence per log row, the person who acted as its subject, so each language can put the
# words in its own order ("Moderator Mia hiljensi jäsenen"). Actions of other apps show as written.
ACTION_SENTENCES = {
    "approve": _("%(actor)s approved a message"),
    "approve_all": _("%(actor)s approved a waiting message"),
    "remove": _("%(actor)s removed a message"),
    "edit_approve": _("%(actor)s edited and approved a message"),
    "warn": _("%(actor)s warned the member"),
    "dismiss_reports": _("%(actor)s dismissed reports"),
    "hide_after_reports": _("%(actor)s hid a message after reports"),
    "claim": _("%(actor)s claimed an item"),
    "release": _("%(actor)s released an item"),
    "note": _("%(actor)s added a private note"),
    "topic_pin": _("%(actor)s pinned a topic"),
    "topic_unpin": _("%(actor)s unpinned a topic"),
    "topic_lock": _("%(actor)s locked a topic"),
    "topic_unlock": _("%(actor)s unlocked a topic"),
    # groups/membership/
    "join_approved": _("%(actor)s approved a join request"),
    "join_declined": _("%(actor)s declined a join request"),
    "invitation_created": _("%(actor)s created an invitation link"),
    "invitation_revoked": _("%(actor)s withdrew an invitation link"),
    "rules_published": _("%(actor)s published new rules"),
    "questions_changed": _("%(actor)s changed the membership questions"),
    "ban": _("%(actor)s banned the person"),
    "ban_lifted": _("%(actor)s lifted the ban"),
    "mute": _("%(actor)s muted the member"),
    "unmute": _("%(actor)s lifted the mute"),
    "member_removed": _("%(actor)s removed the member from the group"),
    "role_member": _("%(actor)s made them an ordinary member"),
    "role_moderator": _("%(actor)s made them a moderator"),
    "role_owner": _("%(actor)s made them an owner"),
    "left": _("%(actor)s left the group"),
    "standing_question": _("%(actor)s wrote to the moderators about their standing"),
    # groups/staff/
    "group_created": _("%(actor)s created the group"),
    "group_changed": _("%(actor)s changed the group's settings"),
    "group_archived": _("%(actor)s archived the group"),
    "group_unarchived": _("%(actor)s opened the archived group again"),
    # moderation/care.py and groups/content/support.py
    "crisis_handled": _("%(actor)s marked the urgent item as handled"),
    "support_opened": _("%(actor)s opened a private support conversation"),
    "support_requested": _("%(actor)s asked to talk to a moderator privately"),
    "support_ended": _("%(actor)s ended a private support conversation"),
}

# What the service does by itself (the row has no actor): no subject to name.
AUTOMATIC_SENTENCES = {
    "hide_after_reports": _("A message was hidden automatically after reports"),
    "ban_ended": _("The ban ended on its end date"),
    "notified_on_duty": _("The people on duty were told of an urgent item"),
    "escalated_moderators": _("An unclaimed urgent item was passed to all moderators"),
    "escalated_staff": _("An unclaimed urgent item was passed to staff"),
}


@register.simple_tag
def log_sentence(row):
    """The sentence for moderation log `row` in the reader's language, its actor as the subject."""
    if row.actor_id is None and row.action in AUTOMATIC_SENTENCES:
        return AUTOMATIC_SENTENCES[row.action]
    actor = row.actor.display_name if row.actor_id else _("A former member")
    sentence = ACTION_SENTENCES.get(row.action)
    if sentence is None:
        return _("%(actor)s: %(action)s") % {"actor": actor, "action": row.action.replace("_", " ")}
    return sentence % {"actor": actor}


KIND_LABELS = dict(QueueItem.Kind.choices)  # once: get_kind_display rebuilds this dict on every call


@register.filter
def kind_label(code):
    """The words for a queue item's kind, in the reader's language."""
    return KIND_LABELS.get(code, code)


@register.filter
def outcome_label(code):
    """The words for an urgent item's outcome code, in the reader's language."""
    return dict(QueueItem.Outcome.choices).get(code, code)
