"""A group's languages, and which kinds of group may exist (the part of `Group` that is not a field).

A bilingual NGO runs one group in Finnish and English: each rules version has one text per language, and
the questions are asked in each. A reader gets them in their own language when the group is run in it,
else in the group's first language. Accepting the rules stays per version, whichever text was read.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

HIDDEN_REQUEST_REFUSAL = _(
    "A hidden group cannot take requests: nobody outside it can find it to ask. "
    "Choose “Invitation only”, or make the group listed."
)


def default_languages():
    return [settings.LANGUAGE_CODE]


class InOneLanguage(models.Model):
    """A rules text or a membership question: written in one of its group's languages."""

    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        abstract = True


class GroupLanguages(models.Model):
    """The part of `Group` (groups/models.py) about its languages: the languages it is run in, first one first."""

    languages = models.JSONField(_("languages"), default=default_languages)

    class Meta:
        abstract = True

    def clean(self):
        if self.visibility == "hidden" and self.join_policy == "request":
            raise ValidationError({"join_policy": HIDDEN_REQUEST_REFUSAL})

    def reading_language(self, language=None):
        """`language` (default: the active one) when the group is run in it, else the group's first language."""
        language = (language or get_language() or "")[:2]
        return language if language in self.languages else (self.languages or default_languages())[0]

    def current_rules(self, language=None):
        """The newest rules version, in the reader's language when the group has it (one query)."""
        first = (self.languages or default_languages())[0]
        mine = self.reading_language(language)
        wanted = Case(When(language=mine, then=Value(0)), When(language=first, then=Value(1)), default=Value(2))
        return self.rules.order_by("-version", wanted, "id").first()

    def current_rules_texts(self):
        """{language: text} of the newest rules version."""
        newest = self.rules.order_by("-version").values_list("version", flat=True).first()
        return dict(self.rules.filter(version=newest).values_list("language", "text")) if newest else {}

    def questions_in(self, language=None):
        """The membership questions in the reader's language (or the group's first)."""
        return self.questions.filter(language=self.reading_language(language))
