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


ACTION_LABELS = {
    "approve": _("approved a message"),
    "remove": _("removed a message"),
    "edit_approve": _("edited and approved a message"),
    "warn": _("warned the member"),
    "dismiss_reports": _("dismissed reports"),
    "hide_after_reports": _("hid a message after reports"),
    "claim": _("claimed an item"),
    "release": _("released an item"),
    "note": _("added a private note"),
    "topic_pin": _("pinned a topic"),
    "topic_unpin": _("unpinned a topic"),
    "topic_lock": _("locked a topic"),
    "topic_unlock": _("unlocked a topic"),
    # groups/membership/
    "join_approved": _("approved a join request"),
    "join_declined": _("declined a join request"),
    "invitation_created": _("created an invitation link"),
    "invitation_revoked": _("withdrew an invitation link"),
    "rules_published": _("published new rules"),
    "questions_changed": _("changed the membership questions"),
    "ban": _("banned the person"),
    "ban_lifted": _("lifted the ban"),
    "mute": _("muted the member"),
    "unmute": _("lifted the mute"),
    "member_removed": _("removed the member from the group"),
    "role_member": _("made them an ordinary member"),
    "role_moderator": _("made them a moderator"),
    "role_owner": _("made them an owner"),
    "left": _("left the group"),
    # moderation/duty/escalation.py (urgent items)
    "notified_on_duty": _("told the people on duty of an urgent item"),
    "escalated_moderators": _("passed an unclaimed urgent item to all moderators"),
    "escalated_staff": _("passed an unclaimed urgent item to staff"),
    # moderation/care.py and groups/content/support.py
    "crisis_handled": _("marked the urgent item as handled"),
    "support_opened": _("opened a private support conversation"),
    "support_requested": _("asked to talk to a moderator privately"),
    "support_ended": _("ended a private support conversation"),
}


KIND_LABELS = dict(QueueItem.Kind.choices)  # once: get_kind_display rebuilds this dict on every call


@register.filter
def kind_label(code):
    """The words for a queue item's kind, in the reader's language."""
    return KIND_LABELS.get(code, code)


@register.filter
def outcome_label(code):
    """The words for an urgent item's outcome code, in the reader's language."""
    return dict(QueueItem.Outcome.choices).get(code, code)


@register.filter
def action_label(action):
    """A readable label for a ModerationLog action (other apps' actions show as written)."""
    return ACTION_LABELS.get(action, action.replace("_", " "))
