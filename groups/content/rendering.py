"""The message window of a topic page and of a group's chat: what all readers share, rendered once per topic
version and language (groups/content/window_cache.py), and what is the reader's own, drawn here per request.

A message's shared fragment (its name, badges, time, status, quote and text, and the day separator that
would stand before it) is rendered by a template once; its dates are formatted then, not per page. The
reader's own parts are plain string work, a few microseconds a message: folding for someone they ignore,
"Ignore", their actions (edit and delete their own, report, a moderator's "Remove"), their reactions
(given or not) and the moderators' earlier versions. Callers pass only messages the gate let this reader
see; which of those a fragment was rendered for never matters, since every reader who may see a message
sees the same fragment of it.
"""

from dataclasses import dataclass
from urllib.parse import quote as quote_url

from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peersupport import times

from .. import live
from ..message_extras import quote
from ..reaction_models import Reaction
from .window_cache import windows

SLOT = "<!--viewer-->"
_ANY_ID = 2147483647  # reversed once per page, then replaced by each message's id


@dataclass(frozen=True)
class Fragment:
    stamp: tuple  # what the row said when rendered; a row that says otherwise is rendered again
    day: str
    separator: str
    parts: tuple  # the shared markup, split where the reader's parts go


def _stamp(message):
    return (message.status, message.author_id, message.edited_at, message.reply_to_id, len(message.body_html))


def fragments(topic, page, kind):
    """The shared fragment of each message of `page`, oldest first: from the cache, else rendered now."""
    variant = (kind, get_language(), timezone.localdate().isoformat())
    held, out, size = windows.fragments(topic.pk, topic.version, variant), [], 0
    for message in page:
        found = held.get(message.pk)
        if found is None or found.stamp != _stamp(message):
            found = held[message.pk] = _render(message, kind)
            size += len(found.separator) + sum(len(part) for part in found.parts)
        out.append(found)
    if size:
        windows.added(topic.pk, topic.version, size)
    return out


def _render(message, kind):
    chat = kind == "chat"
    if chat:
        message.quote = quote(message)
    template = get_template("groups/_chat_message_shared.html" if chat else "groups/_message.html")
    html = template.render({"message": message} if chat else {"m": message})
    parts = tuple(html.split(SLOT))
    assert len(parts) == (4 if chat else 3), "a shared message template lost a reader's slot"
    moment = message.created_at
    separator = render_to_string("groups/_day_separator.html", {"moment": moment, "in_list": chat})
    return Fragment(_stamp(message), times.day_key(moment), separator, parts)


class Reader:
    """What one reader's parts need, computed once per page: their id, role, folded authors, links, words."""

    def __init__(self, request, group, folded, can_post, is_moderator, ignore_from):
        self.user_id, self.folded, self.can_post, self.is_moderator = request.user.pk, folded, can_post, is_moderator
        self.ignore_next = escape("next=" + quote_url(ignore_from, safe="/")) if ignore_from else ""
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
        self._urls = {
            name: reverse(f"{ns}:{name}", args=[group.slug, _ANY_ID]).split(str(_ANY_ID))
            for ns, name in (
                ("groups", "message-edit"),
                ("groups", "message-delete"),
                ("groups", "message-report"),
                ("groups", "message-react"),
                ("groups", "member-ignore"),
                ("moderation", "message-remove"),
            )
        }
        self.words = {
            key: escape(text)
            for key, text in (
                ("edit", _("Edit")),
                ("delete", _("Delete")),
                ("report", _("Report")),
                ("ignore", _("Ignore")),
                ("remove", _("Remove")),
                ("reply", _("Reply")),
                ("react", _("React")),
                ("fold", _("Message from someone you ignore — show")),
                ("former", _("Former member")),
            )
        }
        self.reactions = [(code, escape(str(label))) for code, label in Reaction.Code.choices]

    def url(self, name, pk):
        before, after = self._urls[name]
        return f"{before}{pk}{after}"

    def fold_open(self, message):
        if message.author_id in self.folded:
            fold = self.words["fold"]
            return f'<details class="ignored-fold"><summary class="small text-body-secondary">{fold}</summary>'
        return ""

    def fold_close(self, message):
        return "</details>" if message.author_id in self.folded else ""

    def may_ignore(self, message):
        author = message.author_id
        return bool(
            self.ignore_next
            and author
            and author != self.user_id
            and not message.author_moderates
            and author not in self.folded
        )

    def ignore_link(self, message, attributes=""):
        href = f"{self.url('member-ignore', message.author_id)}?{self.ignore_next}"
        return f'<a{attributes} href="{href}">{self.words["ignore"]}</a>'


def join(fragments_, pieces_of):
    """The window: each day separator where the day changes, then the reader's lead (the unread marker)
    and the fragment with the reader's pieces in its slots."""
    out, day = [], None
    for fragment, (lead, pieces) in zip(fragments_, pieces_of, strict=True):
        if fragment.day != day:
            out.append(fragment.separator)
            day = fragment.day
        out.append(lead)
        for shared, own in zip(fragment.parts, pieces, strict=False):
            out.append(shared)
            out.append(own)
        out.append(fragment.parts[-1])
    return mark_safe("".join(out))  # noqa: S308  (templates' output and escaped strings only)


# --- a topic page ---------------------------------------------------------------------------------------------


def topic_window(reader, topic, page):
    """The topic page's messages as HTML: shared fragments with this reader's fold, actions and (moderators)
    earlier versions."""
    return join(fragments(topic, page, "topic"), [_topic_pieces(reader, m) for m in page])


def _topic_pieces(reader, m):
    own, links = m.author_id == reader.user_id, []
    if own:
        links += [_link(reader.url("message-edit", m.pk), reader.words["edit"])]
        links += [_link(reader.url("message-delete", m.pk), reader.words["delete"])]
    elif m.status == "published":
        links.append(_link(reader.url("message-report", m.pk), reader.words["report"]))
        if reader.may_ignore(m):
            links.append(reader.ignore_link(m))
    if reader.is_moderator and not own:
        links.append(_link(reader.url("message-remove", m.pk), reader.words["remove"]))
    after = '<div class="d-flex flex-wrap gap-3 small mt-2">' + "\n".join(links) + "</div>"
    if reader.is_moderator and (revisions := list(m.revisions.all())):
        after += render_to_string("groups/_message_revisions.html", {"revisions": revisions})
    return "", (reader.fold_open(m), after + reader.fold_close(m))


def _link(href, words, attributes=""):
    return f'<a{attributes} href="{href}">{words}</a>'


# --- a group's chat -------------------------------------------------------------------------------------------


def chat_window(reader, topic, page, given, first_unread):
    """The chat's messages as HTML (`given`: {message id: codes this reader gave}; `first_unread`: the id
    before which the "new since your last visit" marker stands)."""
    marker = f'<li class="unread-marker" id="unread-marker">{escape(_("New since your last visit"))}</li>'
    pieces = [(marker if m.pk == first_unread else "", _chat_pieces(reader, m, given.get(m.pk, ()))) for m in page]
    return join(fragments(topic, page, "chat"), pieces)


def _chat_pieces(reader, m, given):
    ignore = reader.ignore_link(m, ' class="chat-ignore ms-1"') if reader.may_ignore(m) else ""
    return reader.fold_open(m), ignore, _chat_actions(reader, m, given) + reader.fold_close(m)


def _chat_actions(reader, m, given):
    published, own, words = m.status == "published", m.author_id == reader.user_id, reader.words
    react_url, out = reader.url("message-react", m.pk), []
    counts = getattr(m, "reaction_counts", {})
    if published:
        out.append(f'<form class="chat-reactions" method="post" action="{react_url}">{reader.csrf}')
        for code, label in reader.reactions:
            if count := counts.get(code, 0):
                out.append(_reaction(reader, code, label, count, code in given))
        out.append("</form>")
    name = escape(m.author.display_name) if m.author else words["former"]
    summary = escape(_("Actions for the message from %(name)s") % {"name": name})
    out.append(f'<details class="chat-actions" data-id="{m.pk}">')
    out.append('<summary class="chat-actions-toggle"><span aria-hidden="true">⋯</span>')
    out.append(f'<span class="visually-hidden">{summary}</span></summary><div class="chat-actions-menu">')
    if reader.can_post and published:
        out.append(f'<form method="post" action="{react_url}" class="chat-react-menu" aria-label="{words["react"]}">')
        out.append(reader.csrf)
        for code, label in reader.reactions:
            pressed = "true" if code in given else "false"
            out.append(
                f'<button type="submit" name="code" value="{code}" class="btn btn-outline-primary btn-sm chat-react"'
                f' aria-pressed="{pressed}" data-code="{code}">{label}</button>'
            )
        out.append("</form>")
    out.append(f'<div class="chat-action-links">{_chat_links(reader, m, published, own)}</div></div></details>')
    return "".join(out)


def _reaction(reader, code, label, count, given):
    inner = f'{label} <span class="chat-reaction-count">{count}</span>'
    if not reader.can_post:
        return f'<span class="chat-reaction" data-code="{code}">{inner}</span>'
    css, pressed = ("chat-reaction chat-reaction-given", "true") if given else ("chat-reaction", "false")
    return (
        f'<button type="submit" name="code" value="{code}" class="btn btn-sm {css}" aria-pressed="{pressed}"'
        f' data-code="{code}">{inner}</button>'
    )


def _chat_links(reader, m, published, own):
    words, links, css = reader.words, [], ' class="btn btn-link btn-sm"'
    if reader.can_post and published:
        links.append(_link(f"?reply={m.pk}#chat-form", words["reply"], css + ' data-action="reply"'))
    if own:
        if reader.can_post:
            links.append(_link(reader.url("message-edit", m.pk), words["edit"], css + ' data-action="edit"'))
        links.append(_link(reader.url("message-delete", m.pk), words["delete"], css + ' data-action="delete"'))
    elif published and not reader.is_moderator:
        links.append(_link(reader.url("message-report", m.pk), words["report"], css + ' data-action="report"'))
    if reader.is_moderator and not own:
        links.append(_link(reader.url("message-remove", m.pk), words["remove"], css + ' data-action="remove"'))
    return "".join(links)


def serialized(topic, page):
    """The chat history's JSON shape of each message (`live.serialize_message`), kept per topic version like
    the fragments; the reaction counts are the page's own (reactions bump no version)."""
    held, out, size = windows.fragments(topic.pk, topic.version, ("json",)), [], 0
    for message in page:
        found = held.get(message.pk)
        if found is None or found[0] != _stamp(message):
            found = held[message.pk] = (_stamp(message), live.serialize_message(message))
            size += len(message.body_html) + 200  # the text, and the rest of the shape
        out.append({**found[1], "reactions": getattr(message, "reaction_counts", {})})
    if size:
        windows.added(topic.pk, topic.version, size)
    return out
