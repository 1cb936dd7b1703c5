"""What an author is told when a message waits for a moderator: why, and when it will be read.

The answer depends on who can read it: a moderator on duty now, the group's moderators later,
or, in a group that has no moderator, the staff (who can release any group's held messages).
Nothing here promises a moderator who does not exist.
"""

from groups import access
from peersupport.reasons import Reason

from .duty.rota import duty_status


def hold_reason(group, *, newcomer, now=None):
    """Why the message waits (a newcomer's first messages, or a watched word) and when it will be read:
    a Reason (peersupport/reasons.py), so the queue shows it in each moderator's language."""
    on_duty = duty_status(group, now=now).on_duty
    code = "hold" + ("_staff" if not access.has_moderator(group) else "") + ("_newcomer" if newcomer else "")
    return Reason(code + ("_on_duty" if on_duty else ""))
