"""Template tags: survey invitations on group and home pages, the "Was this useful?" prompt on alert cards."""

from django import template

from surveys import answering, feedback

register = template.Library()


@register.simple_tag
def survey_invitations(user, group=None):
    """[(survey, group)] of open surveys `user` is invited to (in `group`, or in any of their groups)."""
    return answering.invitations(user, group)


@register.simple_tag
def alert_feedback_open(alert, group, user):
    """True when `user` may still answer "Was this useful?" for `alert` in `group`."""
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return feedback.may_give_feedback(user, alert, group)


@register.filter
def cell_display(cell, k):
    """A result cell as shown: its count, "fewer than k" or "not shown"."""
    return cell.display(k)


@register.simple_tag
def chart_height(rows):
    return 26 * len(rows) + 6
