"""k-anonymity for survey results: the smallest count anyone may see, and cell suppression.

A count below k is shown as "fewer than k" (zero included). Where a line of cells (a question's choices, a row or a
column of a cross-tab) has exactly one suppressed cell that counts someone, the line's total would give it away, so
the smallest shown cell of the line is suppressed too (secondary suppression), until no line has one. Suppressed
zeros do not count as protection: a zero can often be worked out from another table, and then the rest of its line.
"""

from django.conf import settings
from django.utils.translation import gettext

FLOOR = 3  # never below this, whatever the setting says


def min_cell():
    """k: settings.SURVEY_MIN_CELL (default 5), never below 3."""
    return max(FLOOR, int(getattr(settings, "SURVEY_MIN_CELL", 5)))


def fewer_than(k=None):
    return gettext("fewer than %(k)s") % {"k": k or min_cell()}


def suppress_lines(counts, lines, k):
    """The set of keys of `counts` ({key: n}) to hide: those below `k`, then secondary suppression along `lines`
    (lists of keys whose sum is public or can be derived)."""
    hidden = {key for key, n in counts.items() if n < k}
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [key for key in line if key in hidden and counts[key] > 0]
            shown = [key for key in line if key not in hidden]
            if len(inside) == 1 and shown:
                hidden.add(min(shown, key=lambda key: counts[key]))
                changed = True
    return hidden
