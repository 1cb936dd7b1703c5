"""Companion forms. Text is checked here; it is rendered only through moderation/sanitize.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from groups import limits
from moderation import sanitize

from . import sows, taper
from .models import Appointment, CheckIn, DiaryEntry, DoseReminder, InfoPage, Milestone
from .reminders import MAX_MINUTES_BEFORE

DIARY_LIMIT = 10_000  # longer than a group message (pipeline LIMITS): nobody else reads it
NOTE_LIMIT = 500
SCORE_CHOICES = [("", _("not now"))] + [(str(n), str(n)) for n in range(11)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _score(label, help_text):
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )


MOOD_HELP = _("0 is very low, 10 is very good.")
CRAVING_HELP = _("0 is none, 10 is the strongest.")


class DiaryForm(forms.ModelForm):
    mood = _score(_("Mood (0–10)"), MOOD_HELP)
    craving = _score(_("Craving (0–10)"), CRAVING_HELP)

    class Meta:
        model = DiaryEntry
        fields = ["day", "body", "mood", "craving", "tags"]
        labels = {"day": _("Day"), "body": _("What would you like to write?"), "tags": _("Tags")}
        help_texts = {
            "body": _("Only you can read this. You can use *emphasis*, **bold**, lists and links."),
            "tags": _("Words to find entries later, separated by commas (for example: sleep, family)."),
        }
        error_messages = {"body": {"required": _("Write something first: the entry is empty.")}}
        widgets = {
            "day": DateInput(),
            "body": forms.Textarea(attrs={"rows": 6}),
            "tags": forms.TextInput(),
        }

    def clean_body(self):
        body = sanitize.normalise(self.cleaned_data.get("body") or "")
        if not body:
            raise forms.ValidationError(_("Write something first: the entry is empty."))
        if len(body) > DIARY_LIMIT:
            raise forms.ValidationError(
                _("An entry can be at most %(limit)s characters; yours has %(length)s. Nothing is lost: shorten it.")
                % {"limit": f"{DIARY_LIMIT:,}", "length": f"{len(body):,}"}
            )
        return body

    def clean_tags(self):
        tags = [sanitize.plain_text(t)[:40] for t in (self.cleaned_data.get("tags") or "").split(",")]
        return ", ".join(dict.fromkeys(t for t in tags if t))[:400]


class CheckInForm(forms.ModelForm):
    mood = _score(_("Mood (0–10)"), MOOD_HELP)
    craving = _score(_("Craving (0–10)"), CRAVING_HELP)

    class Meta:
        model = CheckIn
        fields = ["mood", "craving", "sleep_hours", "note"]
        labels = {"sleep_hours": _("Hours of sleep last night"), "note": _("A note for yourself (optional)")}
        widgets = {"sleep_hours": forms.NumberInput(attrs={"min": 0, "max": 24}), "note": forms.TextInput()}

    def clean_note(self):
        return sanitize.plain_text(self.cleaned_data.get("note") or "")[:NOTE_LIMIT]


class SowsForm(forms.Form):
    """One radio question per SOWS item (item_0 … item_15), each 0–4."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, item in enumerate(sows.ITEMS):
            self.fields[f"item_{index}"] = forms.TypedChoiceField(
                label=item, choices=sows.RATINGS, coerce=int, widget=forms.RadioSelect, required=True
            )

    def answers(self):
        return [self.cleaned_data[f"item_{index}"] for index in range(len(sows.ITEMS))]


class TaperForm(forms.Form):
    medication = forms.CharField(
        label=_("Medicine (optional)"), required=False, max_length=60, help_text=_("Only you see this.")
    )
    start_date = forms.DateField(label=_("First day of the plan"), widget=DateInput())
    steps = forms.CharField(
        label=_("Steps, one a line: dose, unit, days"),
        help_text=_("For example “10 mg 31” and then “5 mg 30”: 10 mg for 31 days, then 5 mg for 30 days."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_medication(self):
        return sanitize.plain_text(self.cleaned_data.get("medication") or "")

    def clean_steps(self):
        try:
            steps = taper.parse_steps(self.cleaned_data.get("steps") or "")
        except ValueError as exc:
            line = str(exc)
            if not line:
                raise forms.ValidationError(_("Add at least one step, for example “10 mg 31”.")) from exc
            raise forms.ValidationError(
                _("This line is unclear: “%(line)s”. Write the dose, the unit and the days, like “10 mg 31”.")
                % {"line": line[:60]}
            ) from exc
        if len(steps) > 60:
            raise forms.ValidationError(_("A plan can have at most 60 steps."))
        return steps


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["at", "title", "remind_minutes_before"]
        labels = {
            "at": _("Date and time"),
            "title": _("What it is (only you see this; the reminder never says it)"),
            "remind_minutes_before": _("Remind me this many minutes before"),
        }
        widgets = {
            "at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "title": forms.TextInput(),
            "remind_minutes_before": forms.NumberInput(attrs={"min": 0, "max": MAX_MINUTES_BEFORE}),
        }

    def clean_title(self):
        title = sanitize.plain_text(self.cleaned_data.get("title") or "")[: limits.TITLE]
        if not title:
            raise forms.ValidationError(_("Write a word or two so you know what it is."))
        return title

    def clean_remind_minutes_before(self):
        minutes = self.cleaned_data["remind_minutes_before"]
        if minutes > MAX_MINUTES_BEFORE:
            raise forms.ValidationError(_("At most a week (10080 minutes) before."))
        return minutes


class DoseReminderForm(forms.ModelForm):
    class Meta:
        model = DoseReminder
        fields = ["time_of_day", "label"]
        labels = {"time_of_day": _("Every day at"), "label": _("A word for yourself (optional)")}
        widgets = {"time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), "label": forms.TextInput()}

    def clean_label(self):
        return sanitize.plain_text(self.cleaned_data.get("label") or "")[:60]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["label", "since"]
        labels = {"label": _("What you count (for example “without using”)"), "since": _("Since")}
        widgets = {"label": forms.TextInput(), "since": DateInput()}

    def clean_label(self):
        label = sanitize.plain_text(self.cleaned_data.get("label") or "")[:80]
        if not label:
            raise forms.ValidationError(_("Write what you count."))
        return label


class ShareForm(forms.Form):
    group = forms.ChoiceField(label=_("Which group?"))
    text = forms.CharField(
        label=_("Your message (edit it as you like before you send)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=False,
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.slug, g.name) for g in groups]


class InfoPageForm(forms.ModelForm):
    class Meta:
        model = InfoPage
        fields = ["language", "slug", "title", "body", "is_demo"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_body(self):
        return sanitize.normalise(self.cleaned_data.get("body") or "")
