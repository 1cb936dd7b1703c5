"""How long each thing people write may be, named once.

The models' max_length, the forms and their help texts, the pipeline's checks
and every cut-off slice read these (review refactoring 9), so a limit changes in
one place. A model field reading one is still a column: changing it means a
migration, which `makemigrations` then writes. This module imports nothing, so
any floor may read it.
"""

MESSAGE = 5000  # a chat message or reply, a topic's first message, an edit; an alert's text
TITLE = 150  # a topic's title; an alert's title, a crisis service's name
ANSWER = 2000  # an answer to a membership question
NOTE = 2000  # a moderator's private note about a member; an urgent item's closing note
DESCRIPTION = 2000  # a group's description
REASON = 1000  # a report's note, a profile text, the reason a member reads, a decline or ban reason
QUESTION = 300  # a membership question
LINE = 300  # one line: a watched word and its refusal, a held item's reason, where a bad batch was found, a source
