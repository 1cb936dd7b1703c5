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


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


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


def render_markdown(source):
    """Render the Markdown subset and sanitize the result with the allow-list."""
    return _cleaner.clean(_markdown().convert(source))


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
