"""'Share with my group': a diary entry or milestone becomes a draft the member edits and sends.

Nothing here posts anything. The draft is shown in a composer; only the member's own press of
"Send" posts it, through moderation/pipeline.py like any chat message.
"""

from django.utils.translation import gettext as _

from groups import access


def groups_to_share_in(user):
    """Groups where `user` may write now (the gate decides, group by group)."""
    return [g for g in access.readable_groups(user).order_by("name") if access.can(user, g, access.Need.POST)]


def milestone_draft(milestone, today):
    days = milestone.days(today)
    return _("%(days)s days %(label)s.") % {"days": days, "label": milestone.label}


def diary_draft(entry):
    return entry.body
