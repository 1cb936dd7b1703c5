"""Snippets for search results: cut from the sanitizer's output, escaped here, the matched words marked.

Marks travel as two private-use characters: moderation.sanitize.normalise strips that category from
everything people write, so no stored text holds one. Each piece between them is escaped on its own,
so a hostile message or a hostile query can only ever be shown as text.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from moderation.sanitize import text_of_html

MARK_START, MARK_STOP = "\ue000", "\ue001"
WIDTH = 220  # characters of text around the first match
MAX_TERMS = 8
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)
_MARKS = re.compile(f"([{MARK_START}{MARK_STOP}])")


def terms_of(query):
    """The words of a query, lowercase, for the plain match and for marking (quotes and operators dropped)."""
    words = [w.casefold() for w in _WORD.findall(query) if len(w) > 1 and w.casefold() != "or"]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _mark(text, terms):
    if not terms:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", text)


def _window(text, terms, width=WIDTH):
    """About `width` characters of `text` around the first term, cut at spaces, with ellipses."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    folded = text.casefold()
    hits = [i for i in (folded.find(t) for t in terms) if i >= 0]
    start = max(0, min(hits, default=0) - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def render(marked):
    """Escaped HTML with <mark> around the marked pieces."""
    out, inside = [], False
    for piece in _MARKS.split(marked):
        if piece in (MARK_START, MARK_STOP):
            inside = piece == MARK_START
        elif piece:
            out.append(f"<mark>{escape(piece)}</mark>" if inside else escape(piece))
    return mark_safe("".join(out))  # noqa: S308  (every piece escaped above)


def from_html(html, terms):
    """A snippet of sanitized HTML: its text around the first matching word, the words marked."""
    return render(_mark(_window(text_of_html(html), terms), terms))


def from_text(text, terms):
    """A snippet of plain text a moderator wrote (a log reason)."""
    return render(_mark(_window(text, terms), terms))


def from_headline(headline):
    """A snippet from PostgreSQL's ts_headline over body_html, whose matched words carry the marks already."""
    return render(" ".join(text_of_html(headline).split()))
