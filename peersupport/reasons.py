"""Reasons stored as a code and parameters, and put into words in the reader's language when shown.

A reason the service composes ("It goes against the group rule …", "Hidden after 3 reports.") is
never saved as a sentence: saved in the language of whoever happened to trigger it, a Finnish member
would read English. The row keeps `reason_code` and `reason_params` (JSON) beside `reason`, the free
text a moderator typed, which is shown as they wrote it. `render` joins the two at display time.

This module imports no app (floor 0), so the group rows, the moderation rows and the notifications
can all use it.
"""

import re
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Pieces that several codes share (the hold reasons are a "why" and a "when").
_STAFF_READ_FIRST = _("This group has no moderator at the moment, so the staff read new members' first messages.")
_STAFF_READ_IT = _("This group has no moderator at the moment, so the staff will read it before others see it.")
_ON_DUTY = _("Someone is on duty now.")
_WITHIN_A_DAY = _("That usually happens within a day.")

# code -> the sentences it says, in order. A sentence is lazy; a pair (singular, plural) is
# an ngettext on the "count" parameter.
SENTENCES = {
    "rule": (_('It goes against the group rule "%(rule)s".'),),
    "reported": (_("Reported by a member."),),
    "hidden_after": (ngettext_lazy("Hidden after %(count)s report.", "Hidden after %(count)s reports.", "count"),),
    "hidden_by_reports": (_("Several members reported it, so it is hidden until a moderator has looked at it."),),
    "crisis_words": (_("Crisis words: the author may need help."),),
    "watched_word": (_("Flagged by a watched word."),),
    "still_waiting": (_("Your message is still waiting for a moderator."),),
    "wants_to_join": (_("Wants to join"),),
    "invited_wants_to_join": (_("Invited; wants to join"),),
    "edited": (_("A moderator edited your message before showing it."),),
    "rules_version": (_("Version %(version)s"),),
    "on_duty_told": (_("Told: %(names)s"),),
    "nobody_on_duty": (_("Nobody was on duty."),),
    "nobody_could_take": (_("Nobody was on duty and the group has no moderator who could take it."),),
    "unclaimed_for": (
        ngettext_lazy(
            "Nobody claimed it within %(count)s minute.", "Nobody claimed it within %(count)s minutes.", "count"
        ),
    ),
    # moderation/newcomers.py: why a message waits and when it will be read
    "hold_staff_newcomer_on_duty": (_STAFF_READ_FIRST, _ON_DUTY),
    "hold_staff_newcomer": (_STAFF_READ_FIRST, _WITHIN_A_DAY),
    "hold_staff_on_duty": (_STAFF_READ_IT, _ON_DUTY),
    "hold_staff": (_STAFF_READ_IT, _WITHIN_A_DAY),
    "hold_newcomer_on_duty": (_("A moderator reads new members' first messages. One is on duty now."),),
    "hold_newcomer": (_("A moderator reads new members' first messages, usually within a few hours."),),
    "hold_on_duty": (_("A moderator will read it before others can see it. One is on duty now."),),
    "hold": (_("A moderator will read it before others can see it, usually within a few hours."),),
    # moderation/care.py: how an urgent item ended (the same words as QueueItem.Outcome)
    "outcome_supported": (_("Reached and supported"),),
    "outcome_pointed": (_("Pointed to services"),),
    "outcome_no_answer": (_("No answer"),),
    "outcome_emergency": (_("Emergency services called"),),
    "outcome_not_crisis": (_("Not a crisis"),),
}


@dataclass(frozen=True)
class Reason:
    """A reason on its way to a row: a code with its parameters, and free text someone typed."""

    code: str = ""
    params: dict = field(default_factory=dict)
    text: str = ""

    def __bool__(self):
        return bool(self.code or self.text)

    def __str__(self):
        return render(self.code, self.params, self.text)

    def fields(self):
        """The model fields this reason is stored in."""
        return {"reason_code": self.code, "reason_params": dict(self.params), "reason": self.text}


def as_reason(value):
    """A Reason from a Reason, or from free text (None and "" give an empty reason)."""
    if isinstance(value, Reason):
        return Reason(value.code, value.params, (value.text or "").strip())
    return Reason(text=(value or "").strip())


def _say(sentence, params):
    try:
        return str(sentence % params)
    except (KeyError, TypeError, ValueError):
        return ""  # a parameter went missing: say nothing rather than show "%(rule)s"


def render(code, params=None, text=""):
    """The reason in the active language: the code's sentences, then the free text."""
    params = params or {}
    parts = [_say(s, params) for s in SENTENCES.get(code, ())]
    return " ".join(p for p in [*parts, text or ""] if p)


class ReasonFields(models.Model):
    """The code and parameters of a row's reason; the row keeps its own free-text `reason` field."""

    reason_code = models.CharField(max_length=40, blank=True, default="", db_default="")
    reason_params = models.JSONField(blank=True, default=dict, db_default={})

    class Meta:
        abstract = True

    def reason_text(self):
        """The whole reason in the reader's language (call it while their language is active)."""
        return render(self.reason_code, self.reason_params, self.reason)

    reason_text.short_description = _("reason")  # the column in the admin's lists


# --- recognising sentences saved before codes existed (the data migrations) ---------------------

COUNTED = {"hidden_after", "unclaimed_for"}  # codes whose sentence is chosen by the "count" parameter
_SENTINEL = 987654321


def _variants(code, sentence):
    """Regular expressions for `sentence` in each language, its placeholders as named groups."""
    found = set()
    for language in ("en", "fi", "sv"):
        with translation.override(language):
            said = str(sentence % {"count": _SENTINEL}) if code in COUNTED else str(sentence)
        pieces = re.split(r"%\((\w+)\)s", said)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
        found.add(regex.replace(str(_SENTINEL), r"(?P<count>\d+)"))
    return found


def _patterns(code, sentences):
    joined = {""}
    for sentence in sentences:
        joined = {rf"{j}\s+{v}" if j else v for j in joined for v in _variants(code, sentence)}
    return sorted(joined, key=len, reverse=True)


def recognise(saved):
    """Reason(code, params, rest) for a sentence saved in English, Finnish or Swedish; free text otherwise.

    Codes of two sentences are tried first, so a reason that starts with a known sentence keeps what
    follows (a moderator's note after the rule) as free text.
    """
    saved = (saved or "").strip()
    for code, sentences in sorted(SENTENCES.items(), key=lambda kv: -len(kv[1])):
        for pattern in _patterns(code, sentences):
            match = re.match(pattern + r"(?:\s+(?P<_rest>.*))?$", saved, re.DOTALL)
            if match:
                params = {k: v for k, v in match.groupdict().items() if k != "_rest" and v is not None}
                if "count" in params:
                    params["count"] = int(params["count"])
                return Reason(code, params, (match.group("_rest") or "").strip())
    return Reason(text=saved)
