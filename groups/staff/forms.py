"""The group form of staff's pages: the group's settings, its languages, and its rules and questions in each.

Rules and questions are a text per language ("rules_fi", "questions_fi": one question per line); only the
languages ticked may have them, and each ticked language needs the rules and the same number of questions
(they are translations of each other: a member reads them in one language, the moderators in another).
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import limits
from ..models import MAX_QUESTIONS, Group

LANGUAGE_NAMES = dict(settings.LANGUAGES)
RULES_LIMIT = 10000
# Whole labels per language, so each translation can say "in Finnish" its own way ("suomeksi", "på finska").
RULES_LABELS = {"en": _("Rules in English"), "fi": _("Rules in Finnish"), "sv": _("Rules in Swedish")}
QUESTIONS_LABELS = {
    "en": _("Questions for people who ask to join, in English"),
    "fi": _("Questions for people who ask to join, in Finnish"),
    "sv": _("Questions for people who ask to join, in Swedish"),
}


def _language_fields():
    fields = {}
    for code, name in settings.LANGUAGES:
        fields[f"rules_{code}"] = forms.CharField(
            label=RULES_LABELS.get(code, name),
            required=False,
            max_length=RULES_LIMIT,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_("One rule per line. Members accept the rules when they join."),
        )
        fields[f"questions_{code}"] = forms.CharField(
            label=QUESTIONS_LABELS.get(code, name),
            required=False,
            max_length=MAX_QUESTIONS * (limits.QUESTION + 1),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One question per line, at most %(count)s. Leave empty to ask nothing.")
            % {"count": MAX_QUESTIONS},
        )
    return fields


class GroupForm(forms.ModelForm):
    main_language = forms.ChoiceField(
        label=_("Main language"),
        choices=settings.LANGUAGES,
        help_text=_("People whose language the group does not have read its rules and questions in this one."),
    )
    other_languages = forms.MultipleChoiceField(
        label=_("Other languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members read the rules and questions in their own language when the group has it."),
    )

    class Meta:
        model = Group
        fields = ["name", "description", "kind", "visibility", "join_policy", "members_see_member_list"]
        widgets = {
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Members and, in a listed group, every signed-in person see the name."),
            "description": _("A sentence or two on who the group is for."),
        }

    def __init__(self, *args, rules=None, questions=None, **kwargs):
        """`rules` {language: text} and `questions` {language: [text, ...]}: the group's current ones."""
        super().__init__(*args, **kwargs)
        self.fields.update(_language_fields())
        self.fields["kind"].choices = Group.Kind.choices  # no blank "---------" radio: every group has a kind
        languages = self.instance.languages if self.instance.pk else [settings.LANGUAGE_CODE]
        self.initial.setdefault("main_language", languages[0])
        self.initial.setdefault("other_languages", languages[1:])
        for code, text in (rules or {}).items():
            self.initial.setdefault(f"rules_{code}", text)
        for code, texts in (questions or {}).items():
            self.initial.setdefault(f"questions_{code}", "\n".join(texts))

    def language_sections(self):
        """(code, name, rules field, questions field) for each language the site speaks, the group's first."""
        chosen = self.instance.languages if self.instance.pk else []
        order = sorted(settings.LANGUAGES, key=lambda lang: chosen.index(lang[0]) if lang[0] in chosen else 9)
        return [(code, name, self[f"rules_{code}"], self[f"questions_{code}"]) for code, name in order]

    def languages(self):
        main = self.cleaned_data.get("main_language") or settings.LANGUAGE_CODE
        return [
            main,
            *[
                code
                for code, _name in settings.LANGUAGES
                if code in self.cleaned_data.get("other_languages", []) and code != main
            ],
        ]

    def clean(self):
        cleaned = super().clean()
        self.instance.languages = languages = self.languages()
        counts = {}
        for code, name in settings.LANGUAGES:
            if code in languages:
                counts[code] = self._check_language(code, name)
            else:
                self._refuse_unticked(code, name)
        if len(set(counts.values())) > 1:
            detail = ", ".join(f"{LANGUAGE_NAMES[code]}: {n}" for code, n in counts.items())
            for code in counts:
                self.add_error(
                    f"questions_{code}",
                    _("Ask the same questions in each language (now %(detail)s).") % {"detail": detail},
                )
        return cleaned

    def _refuse_unticked(self, code, name):
        for field in (f"rules_{code}", f"questions_{code}"):
            if self.cleaned_data.get(field, "").strip():
                refusal = _("%(language)s is not one of the group's languages: tick it above, or empty this box.")
                self.add_error(field, refusal % {"language": name})

    def _check_language(self, code, name):
        """Errors on a ticked language's rules and questions; returns how many questions it has."""
        questions = self.question_list(code)
        if not self.cleaned_data.get(f"rules_{code}", "").strip():
            refusal = _("Write the group's rules in this language too (%(language)s), one per line.")
            self.add_error(f"rules_{code}", refusal % {"language": name})
        if len(questions) > MAX_QUESTIONS:
            refusal = _("At most %(count)s questions, one per line.") % {"count": MAX_QUESTIONS}
            self.add_error(f"questions_{code}", refusal)
        elif any(len(q) > limits.QUESTION for q in questions):
            refusal = _("A question can be at most %(limit)s characters. Shorten it.") % {"limit": limits.QUESTION}
            self.add_error(f"questions_{code}", refusal)
        return len(questions)

    def question_list(self, code):
        return [line.strip() for line in self.cleaned_data.get(f"questions_{code}", "").splitlines() if line.strip()]

    def rules(self):
        return {code: self.cleaned_data[f"rules_{code}"].strip() for code in self.instance.languages}

    def questions(self):
        return {code: self.question_list(code) for code in self.instance.languages}


class AppointForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym of the person to appoint"),
        max_length=30,
        help_text=_("A member of the group, or a professional account. Professionals can only be moderators."),
    )


class StepDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the moderators' log)"),
        max_length=limits.REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
