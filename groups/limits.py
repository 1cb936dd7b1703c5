"""How long each thing people write may be, named once.

The models' max_length, the forms and their help texts, the pipeline's checks
and every cut-off slice read these (review refactoring 9), so a limit changes in
one place. A model field reading one is still a column: changing it means a
migration, which `makemigrations` then writes. This module imports no app, so
any floor may read it.
"""

from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

MESSAGE = 5000  # a chat message or reply, a topic's first message, an edit; an alert's text
TITLE = 150  # a topic's title; an alert's title, a crisis service's name
ANSWER = 2000  # an answer to a membership question
NOTE = 2000  # a moderator's private note about a member; an urgent item's closing note
DESCRIPTION = 2000  # a group's description
REASON = 1000  # a report's note, a profile text, the reason a member reads, a decline or ban reason
QUESTION = 300  # a membership question
LINE = 300  # one line: a watched word and its refusal, a held item's reason, where a bad batch was found, a source


def _sentence(text, limit):
    return gettext(text) % {"limit": number_format(limit, force_grouping=True)}


# A help text naming a limit (`text` marked with gettext_noop, "%(limit)s" in it): translated, and the number
# grouped the reader's way ("1,000", "1 000"), when the form is shown rather than when it is defined.
with_limit = lazy(_sentence, str)
