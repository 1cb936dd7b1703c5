"""Which PostgreSQL text-search configuration stems a group's words: its language's, or `simple`.

The trigger of groups/migrations/0008_search.py holds the same table in SQL (peersupport_search_config);
tests/groups/search/test_postgres.py proves the two agree.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The languages a group can say its people write in (Group.language); "" is any other, or a mix.
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")), ("", _("Other or mixed"))]
CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
SIMPLE = "simple"  # no stemming, no stop words: any other language still matches whole words


def config_for(language):
    return CONFIGS.get(language, SIMPLE)


def default_language():
    """A new group's language: the site's, where search knows it."""
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in CONFIGS else ""
