"""Supportive reactions in the chat: one person toggles one of a few kind words; everyone sees the counts.

Reacting is a way of writing, so it needs what writing needs (the gate's `Need.POST`: a member, not
muted, rules accepted), and only a message everyone may see takes reactions. Who gave which reaction
is never shown or sent to anyone but that person.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import access, live
from ..models import Message, Reaction

CODES = tuple(Reaction.Code.values)


def toggle(user, message, code):
    """Give the reaction `code` to `message`, or take it back if given: True when it is now given."""
    access.check(user, message.group, access.Need.POST)
    if code not in CODES:
        raise ValidationError(_("Choose one of the reactions shown."))
    if message.status != Message.Status.PUBLISHED:
        raise ValidationError(_("You can react once the message is shown to everyone."))
    with transaction.atomic():
        taken_back, _detail = Reaction.objects.filter(message=message, user=user, code=code).delete()
        if not taken_back:
            try:
                with transaction.atomic():
                    Reaction.objects.create(message=message, user=user, code=code)
            except IntegrityError:
                pass  # the same person's other tab gave it a moment ago: it is given
        transaction.on_commit(lambda: live.reactions_event(message, user.pk, mine(user, [message.pk])[message.pk]))
    return not taken_back


def mine(user, message_ids):
    """{message id: set of the codes `user` gave} for these messages (every id present)."""
    ids = list(message_ids)
    found = {pk: set() for pk in ids}
    for message_id, code in Reaction.objects.filter(user=user, message_id__in=ids).values_list("message_id", "code"):
        found[message_id].add(code)
    return found
