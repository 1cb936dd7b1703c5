"""The only module that imports bleach: Markdown subset in, safe HTML out.

bleach is deprecated upstream and its known bypasses go through SVG and
MathML, so the allow-lists below are deliberately small and swapping the
sanitizer means changing this one file.
"""

import html as htmllib
import re
import unicodedata
from functools import partial

import bleach
import markdown
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer ugc"
MARKDOWN_EXTENSIONS = ["sane_lists", "nl2br"]

_CONTROL_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}
# Zero-width (non-)joiners are format characters that emoji sequences and some
# scripts need; watch.py strips them before matching so they cannot hide a word.
_KEEP_CONTROLS = {"\n", "\t", "\u200c", "\u200d"}


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://", "mailto:")):
        # Relative or odd links are dropped: a message links out or not at all.
        if new:
            return None
        attrs.pop(href_key, None)
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


_LINKIFY = partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)


def _cleaner_for(filters=()):
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[_LINKIFY, *filters],
    )


_cleaner = _cleaner_for()

# "@" then up to 30 characters of a pseudonym (letters, digits, spaces, dots, hyphens); the pseudonym is the
# longest run of its words that names someone (accounts/notifications/fanout.py tells them).
MENTION_RE = re.compile(r"(?<![\w@])@(\w[\w .\-]{0,29})")
_TEXT = ("Characters", "SpaceCharacters")
_NO_MENTIONS_IN = frozenset({"a", "code", "pre"})


def mention_candidates(text):
    """Every lower-case pseudonym `text` may name as @pseudonym: each run of words after an "@"."""
    candidates = set()
    for match in MENTION_RE.finditer(text):
        words = match.group(1).split(" ")
        candidates.update(" ".join(words[:n]).strip(" .-").lower() for n in range(1, len(words) + 1))
    candidates.discard("")
    return candidates


class _MentionFilter(Filter):
    """Wraps "@Name" in <span class="mention"> for each name in `names` (lower case), in the sanitizer's
    output tokens: the span is made here, after the allow-list, and never comes from the text."""

    def __init__(self, source, names):
        super().__init__(source)
        self.names = names

    def __iter__(self):
        depth, text = 0, []
        for token in super().__iter__():
            if token["type"] in _TEXT and not depth:
                text.append(token["data"])
                continue
            if text:
                yield from self._mark("".join(text))
                text = []
            if token["type"] in ("StartTag", "EndTag") and token["name"] in _NO_MENTIONS_IN:
                depth = max(0, depth + (1 if token["type"] == "StartTag" else -1))
            yield token
        if text:
            yield from self._mark("".join(text))

    def _mark(self, text):
        end = 0
        for match in MENTION_RE.finditer(text):
            name = self._longest_name(match.group(1))
            if not name:
                continue
            yield {"type": "Characters", "data": text[end : match.start()]}
            yield {"type": "StartTag", "name": "span", "data": {(None, "class"): "mention"}}
            yield {"type": "Characters", "data": "@" + name}
            yield {"type": "EndTag", "name": "span"}
            end = match.start(1) + len(name)
        yield {"type": "Characters", "data": text[end:]}

    def _longest_name(self, run):
        words = run.split(" ")
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(" .-")
            if name.lower() in self.names:
                return name
        return ""


def normalise(text):
    """NFC, Unix newlines, no invisible control or format characters, trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in _KEEP_CONTROLS or unicodedata.category(ch) not in _CONTROL_CATEGORIES)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


# Markdown features outside the subset are switched off, so their syntax stays
# plain text instead of turning into tags the allow-list would escape.
_OFF_BLOCKS = ("hashheader", "setextheader", "hr")
_OFF_INLINE = ("image_link", "image_reference", "short_image_ref")


def _markdown():
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    for name in _OFF_BLOCKS:
        md.parser.blockprocessors.deregister(name, strict=False)
    for name in _OFF_INLINE:
        md.inlinePatterns.deregister(name, strict=False)
    return md


def render_markdown(source, mentions=()):
    """Render the Markdown subset and sanitize the result with the allow-list; each @name of `mentions`
    (lower-case pseudonyms, see `mention_candidates`) is marked as a mention."""
    cleaner = _cleaner_for([partial(_MentionFilter, names=frozenset(mentions))]) if mentions else _cleaner
    return cleaner.clean(_markdown().convert(source))


def plain_text(source):
    """Normalised text with no markup at all (titles, answers, reasons)."""
    return (
        normalise(bleach.clean(source, tags=set(), strip=True))
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )


_BLOCK_ENDS = re.compile(r"<br\s*/?>|</(?:p|li|blockquote|pre)>")


def text_of_html(html):
    """The text of sanitized HTML (a message's body_html, a search headline cut from it): tags dropped,
    entities decoded. What it returns is plain text, to be escaped again wherever it is shown."""
    spaced = _BLOCK_ENDS.sub(" ", html)  # "a<br>b" is two words, not "ab"
    return htmllib.unescape(bleach.clean(spaced, tags=set(), strip=True))
