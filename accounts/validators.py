"""Validation of the public pseudonym (`display_name`)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PSEUDONYM_MIN = 3
PSEUDONYM_MAX = 30
_PSEUDONYM_RE = re.compile(r"^[\w][\w .\-]*[\w]$")


def validate_pseudonym(value):
    """A pseudonym is 3-30 letters, digits, spaces, dots, dashes or underscores."""
    if not PSEUDONYM_MIN <= len(value) <= PSEUDONYM_MAX:
        raise ValidationError(
            _("A pseudonym is %(min)d to %(max)d characters long.") % {"min": PSEUDONYM_MIN, "max": PSEUDONYM_MAX},
            code="length",
        )
    if "@" in value or not _PSEUDONYM_RE.match(value) or "  " in value:
        raise ValidationError(
            _(
                "Use letters, numbers, spaces, dots, dashes or underscores, starting and ending "
                "with a letter or number. Do not use your e-mail address."
            ),
            code="invalid",
        )
