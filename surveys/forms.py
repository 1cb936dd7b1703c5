"""Forms: composing a survey and its questions (staff), answering one (members)."""

from django import forms
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from moderation import pipeline

from .models import FREE_TEXT_LIMIT, TITLE_LIMIT, Question, Survey

MAX_CHOICES = 12


class SurveyForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The invitation shows on pages in these languages. None chosen: every language."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Survey
        fields = ["title", "intro", "languages", "opens_on", "closes_on", "everyone", "groups"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "intro": _("Say who asks, why, and that answering is optional and anonymous."),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing day comes before the opening day."))
        if not data.get("everyone") and not data.get("groups"):
            self.add_error("groups", _("Choose the groups the survey is for, or send it to everyone."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Short free text is a re-identification risk: people may write things that tell who they are. "
            "Ask for it only when you need it; its answers are shown after a staff member has read them, "
            "and only when enough people wrote one."
        ),
    )
    text = forms.CharField(label=_("Question"), max_length=TITLE_LIMIT)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one choice and several choices only."),
    )
    low_label = forms.CharField(label=_("What 1 means"), max_length=60, required=False)
    high_label = forms.CharField(label=_("What 5 means"), max_length=60, required=False)

    def clean(self):
        data = super().clean()
        labels = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(labels) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
            elif len(labels) > MAX_CHOICES:
                self.add_error("choices", _("At most %(n)s choices, please.") % {"n": MAX_CHOICES})
            elif any(len(label) > TITLE_LIMIT for label in labels):
                self.add_error("choices", _("A choice can be at most %(n)s characters.") % {"n": TITLE_LIMIT})
        data["labels"] = labels
        return data


class AnswerForm(forms.Form):
    """One optional field per question (`q<id>`); `answers()` gives what `answering.submit` takes."""

    def __init__(self, *args, survey, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.group = user, group
        self.questions = list(survey.questions.prefetch_related("choices"))
        for question in self.questions:
            name = f"q{question.pk}"
            choices = [(c.pk, c.label) for c in question.choices.all()]
            if question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
                )
            elif question.has_choices:
                field = forms.TypedChoiceField(
                    choices=choices, coerce=int, required=False, widget=forms.RadioSelect, empty_value=None
                )
            else:
                field = forms.CharField(
                    required=False,
                    max_length=FREE_TEXT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Please leave out names, places and dates that could tell who you or others are."),
                )
            field.label = question.text
            if question.kind == Question.Kind.SCALE and (question.low_label or question.high_label):
                meaning = {"low": question.low_label, "high": question.high_label}
                field.help_text = _("1: %(low)s · 5: %(high)s") % meaning
            self.fields[name] = field
        self.crisis = False

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind != Question.Kind.TEXT or not data.get(name):
                continue
            result = pipeline.submit(self.user, self.group, data[name], kind=pipeline.Kind.ANSWER)
            if not result.ok:
                self.add_error(name, result.reason)
            else:
                data[name] = result.text
                self.crisis = self.crisis or result.crisis
        return data

    def answers(self):
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.TEXT:
                found[question.pk] = value or ""
            elif question.kind == Question.Kind.MULTIPLE:
                found[question.pk] = list(value or [])
            else:
                found[question.pk] = [value] if value is not None else []
        return found


def review_key(answer):
    return "a" + salted_hmac("surveys.review", str(answer.pk)).hexdigest()[:20]


class ReviewForm(forms.Form):
    """Staff read each waiting free-text answer and show it or withhold it."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        # Sorted by text and keyed by an HMAC of the id: the page shows nothing of the order of answering.
        self.answers = sorted(answers, key=lambda answer: answer.text)
        for answer in self.answers:
            self.fields[review_key(answer)] = forms.ChoiceField(
                label=answer.text,
                choices=[("shown", _("Show in the results")), ("withheld", _("Withhold: it could identify someone"))],
                widget=forms.RadioSelect,
                initial="shown",
            )

    def decisions(self):
        """[(answer, "shown" | "withheld")] as chosen."""
        return [(answer, self.cleaned_data[review_key(answer)]) for answer in self.answers]
