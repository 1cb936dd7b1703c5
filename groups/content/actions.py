"""The group socket's frames that act on one message: react, reply's source text, edit, delete, report, remove.

Each handler takes the person (freshly re-checked by frames.handle_frame), the group and the frame,
and returns the frames to send back (docs/protocol.md). The message is looked up only among those the
gate lets this person see (`Standing.messages()`), so an id from another group, a hidden group or a
removed message answers `not_found` alike. The work itself is done where the pages do it: edits
through moderation.pipeline (crisis words, watched words, holds), delete, report and remove through
moderation.actions with the pages' own forms; reactions in reactions.py. Their broadcasts follow the
commit (groups/live.py).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from moderation import actions as moderation_actions
from moderation import pipeline
from moderation.forms import RemoveForm
from peersupport.params import client_int
from peersupport.refusals import REFUSALS, sentences

from .. import access, live
from ..message_extras import with_reactions
from . import reactions
from .forms import ReportForm
from .replies import crisis_prompt, error


def _gone():
    return [error("not_found", _("This message is no longer here. Reload the page."))]


def _refused(exc):
    return [error("refused", " ".join(sentences(exc)))]


def _message(user, group, frame, need=access.Need.READ):
    """The message the frame names, if this person may see it and do `need` in the group; else None."""
    st = access.standing(user, group)
    if reason := st.refusal(need):  # raises Http404 for a group this person may not see
        raise PermissionDenied(reason)
    messages = st.messages().select_related("group", "topic", "author", "reply_to__author")
    return messages.filter(pk=client_int(frame.get("id"), -1)).first()


def _rules(group):
    rules = group.current_rules()
    return rules.items() if rules else ()


def _text(frame, name):
    value = frame.get(name, "")
    return value if isinstance(value, str) else ""


def acting(handler, need=access.Need.READ):
    """Wrap a handler: find the message (or answer not_found) and turn a refusal into a `refused` error."""

    def handle(user, group, frame):
        try:
            message = _message(user, group, frame, need)
            if message is None:
                return _gone()
            return handler(user, message, frame)
        except Http404:
            return _gone()
        except REFUSALS as exc:
            return _refused(exc)

    handle.__name__ = handler.__name__
    handle.__doc__ = handler.__doc__
    return handle


def react(user, message, frame):
    """Give or take back one supportive reaction; the counts go to everyone (live.reactions_event)."""
    code = _text(frame, "code")
    given = reactions.toggle(user, message, code)
    return [{"type": "reacted", "id": message.pk, "code": code, "given": given}]


def source(user, message, frame):
    """The text an author typed, to edit it in place (only their own, only while it is not gone)."""
    if message.author_id != user.pk:
        raise PermissionDenied(_("You can only edit your own messages. To report a problem, use Report."))
    return [{"type": "source", "id": message.pk, "text": message.body_source}]


def edit(user, message, frame):
    """New text for one's own message, through the same pipeline as a new message; the earlier text stays
    as a revision for moderators."""
    text = frame.get("text")
    if not isinstance(text, str):
        return [error("bad_request", _("A message needs some text."))]
    result = pipeline.submit(user, message.group, text, kind=pipeline.Kind.EDIT, message=message)
    if not result.ok:
        return [error("refused", result.reason, id=message.pk)]
    saved = with_reactions([result.message])[0]
    replies = [
        {
            "type": "edited",
            "id": message.pk,
            "outcome": str(result.outcome),
            "reason": result.reason,
            "message": live.serialize_message(saved),
        }
    ]
    if result.crisis:
        replies.append(crisis_prompt(result))
    return replies


def delete(user, message, frame):
    """The author deletes their own message (moderation.actions.delete_message: the text and its versions go)."""
    moderation_actions.delete_message(user, message)
    return [{"type": "deleted", "id": message.pk}]


def report(user, message, frame):
    """Report a message, citing one of the group's rules or a few words; it reaches the moderation queue."""
    form = ReportForm({"rule": _text(frame, "rule"), "note": _text(frame, "note")}, rules=_rules(message.group))
    if not form.is_valid():
        return [error("refused", " ".join(m for errors in form.errors.values() for m in errors))]
    hidden = moderation_actions.report_message(user, message, form.cleaned_data["rule"], form.cleaned_data["note"])
    return [
        {
            "type": "reported",
            "id": message.pk,
            "hidden": hidden,
            "message": _("Thank you for telling us. A moderator will look at it."),
        }
    ]


def remove(user, message, frame):
    """A moderator removes a message from the chat, with the reason the author is told (and the log keeps)."""
    form = RemoveForm({"rule": _text(frame, "rule"), "note": _text(frame, "note")}, rules=_rules(message.group))
    if not form.is_valid():
        return [error("refused", " ".join(m for errors in form.errors.values() for m in errors))]
    reason = moderation_actions.explain(form.cleaned_data["rule"], form.cleaned_data["note"])
    moderation_actions.remove_message(user, message, reason)
    return [{"type": "removed", "id": message.pk, "message": _("Removed. The member has been told why.")}]


HANDLERS = {
    "react": acting(react, access.Need.POST),
    "source": acting(source, access.Need.POST),
    "edit": acting(edit, access.Need.POST),
    "delete": acting(delete),
    "report": acting(report),
    "remove": acting(remove, access.Need.MODERATE),
}
