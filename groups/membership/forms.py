"""Forms for joining, vetting and managing a group. Limits are named in the error messages."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import limits
from ..models import MAX_QUESTIONS, Membership

ANSWER_LIMIT = limits.ANSWER
REASON_LIMIT = limits.REASON
RULES_LIMIT = 10000
QUESTION_LIMIT = limits.QUESTION


def _too_long(limit):
    return {
        "max_length": ngettext_lazy(
            "This can be at most %(limit_value)d character; yours has %(show_value)d. Shorten it and send again.",
            "This can be at most %(limit_value)d characters; yours has %(show_value)d. Shorten it and send again.",
            "limit_value",
        )
    }


def _text(label, limit, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**_too_long(limit), "required": _("Please fill this in.")},
    )


class JoinForm(forms.Form):
    """One field per membership question (answer_<id>), plus accepting the rules."""

    accept_rules = forms.BooleanField(
        label=_("I have read the group's rules and I accept them."),
        error_messages={"required": _("Please read the rules and tick this box to accept them.")},
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = {}
        for question in self.questions:
            answers[f"answer_{question.pk}"] = _text(
                question.text, ANSWER_LIMIT, help_text=_("Only the group's moderators read your answer.")
            )
            answers[f"answer_{question.pk}"].error_messages["required"] = _(
                "Please answer this question; a sentence or two is enough."
            )
        self.fields = {**answers, **self.fields}

    def answers(self):
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}

    def add_answer_errors(self, error):
        """Map a ValidationError keyed by question id (from actions) onto the fields."""
        for key, messages in error.message_dict.items():
            field = f"answer_{key}"
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Welcome them in")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = _text(
        _("Reason (optional; the person will see it if you decline)"),
        REASON_LIMIT,
        required=False,
        help_text=_("Kind, plain words. Say what they could do instead, if anything."),
    )


class InvitationForm(forms.Form):
    expires_in = forms.TypedChoiceField(
        label=_("The link works for"),
        coerce=int,
        initial=7,
        choices=[(1, _("1 day")), (7, _("7 days")), (30, _("30 days"))],
    )
    max_uses = forms.IntegerField(
        label=_("How many people can use it"),
        min_value=1,
        max_value=100,
        initial=1,
        error_messages={
            "min_value": _("At least one person must be able to use it."),
            "max_value": _("At most 100 people can use one link. Make another link for more."),
        },
    )
    note = forms.CharField(
        label=_("Note (seen by moderators only)"),
        max_length=200,
        required=False,
        error_messages=_too_long(200),
        help_text=_("For example, which worker it was for. Do not write anyone's real name."),
    )

    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["expires_in"])


class RemoveForm(forms.Form):
    reason = _text(_("Reason (kept in the moderators' log)"), REASON_LIMIT, required=False)


class LiftBanForm(forms.Form):
    reason = _text(_("Reason (optional, kept in the moderators' log)"), REASON_LIMIT, required=False, rows=2)


class BanForm(forms.Form):
    reason = _text(_("Reason (kept in the moderators' log)"), REASON_LIMIT)
    ends_on = forms.DateField(
        label=_("Ban ends on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a ban without an end date."),
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data.get("ends_on")
        if ends_on and ends_on <= timezone.localdate():
            raise forms.ValidationError(_("The end date must be after today, or leave it empty."))
        return ends_on

    def ends_at(self):
        ends_on = self.cleaned_data.get("ends_on")
        if not ends_on:
            return None
        return timezone.make_aware(datetime.combine(ends_on, time.min))


MUTE_PERIODS = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "3d": timedelta(days=3), "7d": timedelta(days=7)}


class MuteForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Mute for"),
        choices=[
            ("1h", _("1 hour")),
            ("1d", _("1 day")),
            ("3d", _("3 days")),
            ("7d", _("7 days")),
            ("lift", _("Lift the mute now")),
        ],
        initial="1d",
    )
    reason = _text(_("Reason (kept in the moderators' log)"), REASON_LIMIT, required=False)

    def until(self):
        period = self.cleaned_data["period"]
        return None if period == "lift" else timezone.now() + MUTE_PERIODS[period]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [Membership.Role.MEMBER, Membership.Role.MODERATOR] + ([Membership.Role.OWNER] if staff else [])
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class ModeratorAddForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym of the person to appoint"), max_length=30)


def field_suffix(languages, lang):
    """The group's first language keeps the plain field names ("text", "question_1"); the others get theirs."""
    return "" if lang == languages[0] else f"_{lang}"


def _in_language(label, languages, lang):
    if len(languages) < 2:
        return label
    return _("%(label)s (%(language)s)") % {"label": label, "language": dict(settings.LANGUAGES).get(lang, lang)}


class RulesForm(forms.Form):
    """One text per language of the group: "text" for its first language, "text_<code>" for the others."""

    def __init__(self, *args, languages=(settings.LANGUAGE_CODE,), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for lang in self.languages:
            self.fields["text" + field_suffix(self.languages, lang)] = _text(
                _in_language(_("Rules"), self.languages, lang),
                RULES_LIMIT,
                rows=12,
                help_text=_("One rule per line. Members accept the new version before they write again."),
            )

    def texts(self):
        return {lang: self.cleaned_data.get("text" + field_suffix(self.languages, lang), "") for lang in self.languages}


class QuestionsForm(forms.Form):
    """MAX_QUESTIONS questions per language of the group ("question_<n>", then "question_<code>_<n>")."""

    def __init__(self, *args, languages=(settings.LANGUAGE_CODE,), **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for lang in self.languages:
            for i in range(1, MAX_QUESTIONS + 1):
                self.fields[self.name(lang, i)] = forms.CharField(
                    label=_in_language(_("Question %(number)s") % {"number": i}, self.languages, lang),
                    max_length=QUESTION_LIMIT,
                    required=False,
                    error_messages=_too_long(QUESTION_LIMIT),
                )

    def name(self, lang, number):
        return f"question{field_suffix(self.languages, lang)}_{number}"

    def texts(self):
        return {
            lang: [self.cleaned_data.get(self.name(lang, i), "") for i in range(1, MAX_QUESTIONS + 1)]
            for lang in self.languages
        }


class StandingQuestionForm(forms.Form):
    """The one form on a person's standing page: a question to the group's moderators."""

    text = forms.CharField(
        label=_("Your question or what you want the moderators to know"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.REASON,
        help_text=_("Only this group's moderators and the staff read it."),
    )
