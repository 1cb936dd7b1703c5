"""A group's rules and membership questions in each of its languages (the part that reads no memberships;
publishing a rules version, which marks the publisher's acceptance, is in members.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from moderation import queue
from moderation.sanitize import normalise

from .. import access, limits
from ..access import Need
from ..models import MAX_QUESTIONS, MembershipQuestion


def language_names(codes):
    names = dict(settings.LANGUAGES)
    return ", ".join(str(names.get(code, code)) for code in codes)


def texts_in_each_language(group, texts):
    """{language: rules text} for each language of `group` (`texts` may be one text, for a group run in one
    language); ValidationError when there is no rule at all, or a language lacks its text."""
    if isinstance(texts, str):
        texts = {group.reading_language(): texts}
    texts = {lang: normalise(texts.get(lang) or "") for lang in group.languages}
    if not any(texts.values()):
        raise ValidationError(_("Write at least one rule."))
    if missing := [lang for lang, text in texts.items() if not text]:
        raise ValidationError(
            _("Write the rules in each language of the group; missing: %(languages)s.")
            % {"languages": language_names(missing)}
        )
    return texts


def set_questions(actor, group, texts):
    """Replace the membership questions: `texts` is {language: [question, ...]} (or one list, for a group run
    in one language); at most MAX_QUESTIONS each, empty texts dropped, languages the group lacks left out."""
    access.check(actor, group, Need.MODERATE)
    if not isinstance(texts, dict):
        texts = {group.reading_language(): texts}
    kept = {lang: [t.strip() for t in texts.get(lang) or [] if t and t.strip()][:MAX_QUESTIONS] for lang in texts}
    with transaction.atomic():
        group.questions.filter(Q(language__in=list(kept)) | ~Q(language__in=group.languages)).delete()
        MembershipQuestion.objects.bulk_create(
            MembershipQuestion(group=group, language=lang, position=i, text=t[: limits.QUESTION])
            for lang, questions in kept.items()
            if lang in group.languages
            for i, t in enumerate(questions, start=1)
        )
        queue.record(actor, group, "questions_changed")
    return list(group.questions_in())
