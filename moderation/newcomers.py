"""What an author is told when a message waits for a moderator: why, and when it will be read.

The answer depends on who can read it: a moderator on duty now, the group's moderators later,
or, in a group that has no moderator, the staff (who can release any group's held messages).
Nothing here promises a moderator who does not exist.
"""

from django.utils.translation import gettext as _

from groups import access

from .duty.rota import duty_status


def hold_reason(group, *, newcomer, now=None):
    """Why the message waits (a newcomer's first messages, or a watched word) and when it will be read."""
    on_duty = duty_status(group, now=now).on_duty
    if not access.has_moderator(group):
        if newcomer:
            why = _("This group has no moderator at the moment, so the staff read new members' first messages.")
        else:
            why = _("This group has no moderator at the moment, so the staff will read it before others see it.")
        return why + " " + (_("Someone is on duty now.") if on_duty else _("That usually happens within a day."))
    if newcomer:
        if on_duty:
            return _("A moderator reads new members' first messages. One is on duty now.")
        return _("A moderator reads new members' first messages, usually within a few hours.")
    if on_duty:
        return _("A moderator will read it before others can see it. One is on duty now.")
    return _("A moderator will read it before others can see it, usually within a few hours.")
