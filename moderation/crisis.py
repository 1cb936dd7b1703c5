"""Crisis support: the crisis words the pipeline watches for, and the help resources per language.

Crisis words never block a message: the pipeline publishes it, flags it as
urgent for the group's moderators and tells the author's page to show
templates/moderation/_crisis_prompt.html.
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from .models import CrisisResource, WatchedWord

FALLBACK_LANGUAGE = "en"

# (pattern, language). Matched as whole words in any case; people mix
# languages, so every pattern is checked against every message.
CRISIS_WORDS = [
    ("suicide", "en"),
    ("suicidal", "en"),
    ("kill myself", "en"),
    ("end my life", "en"),
    ("want to die", "en"),
    ("don't want to live", "en"),
    ("overdose", "en"),
    ("overdosed", "en"),
    ("itsemurha", "fi"),
    ("itsetuho", "fi"),
    ("tappaa itseni", "fi"),
    ("tapan itseni", "fi"),
    ("haluan kuolla", "fi"),
    ("en halua elää", "fi"),
    ("yliannostus", "fi"),
    ("yliannostuksen", "fi"),
]


def seed_crisis_words():
    """Create the crisis watched words once (global, every group)."""
    for pattern, language in CRISIS_WORDS:
        WatchedWord.objects.get_or_create(
            pattern=pattern, group=None, action=WatchedWord.Action.CRISIS, defaults={"language": language}
        )


def resources_for(language=None):
    """Active resources for `language` (the current one by default), else the English ones."""
    code = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    resources = list(CrisisResource.objects.filter(language=code, active=True))
    if not resources and code != FALLBACK_LANGUAGE:
        resources = list(CrisisResource.objects.filter(language=FALLBACK_LANGUAGE, active=True))
    return resources


def prompt_html():
    """The kind help prompt as HTML, for a consumer to send when a result has crisis=True."""
    return render_to_string("moderation/_crisis_prompt.html")
