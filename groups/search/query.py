"""Finding what one may read: messages of one's groups (chat and topics), topic titles, and for moderators
the held messages in their queue and their moderation log.

Who may read what comes from the gate alone (`scope_of`, `group_scope`); this module only narrows those
groups down to the words. Support conversations, consultations (the desk's group) and the companion never
come in: the first are topics with a `support_member`, the desk's group is outside `Group.objects`, the
companion is not a message at all. Removed, deleted, held and hidden messages are never found by members.

On PostgreSQL each group's messages are matched with its language's stemming (groups/search/config.py)
against the stored `search_vector` (GIN index, groups/migrations/0008_search.py), the newest `CANDIDATES`
matches are ranked by ts_rank, and snippets come from ts_headline over the sanitized HTML. On SQLite
(`make run`) every word must appear in the text, case-insensitively, newest first.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, transaction
from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Value, When
from django.urls import reverse

from moderation.models import ModerationLog, QueueItem
from moderation.sanitize import plain_text

from .. import access
from ..access import Need
from ..models import Message, Topic
from . import snippets
from .config import config_for

PAGE_SIZE = 20
MAX_PAGES = 10  # bounded offset: past 200 results, better words find more than more pages do
RECENT = 5000  # each group's newest messages tested first, before the GIN index is asked
CANDIDATES = 200  # the newest matches that are ranked and paged (MAX_PAGES x PAGE_SIZE): a common word stays fast
SIDE_LIMIT = 5  # topic titles, queue items and log entries shown beside the first page of messages
MIN_CHARS, MAX_CHARS = 2, 100
WAITING = (Message.Status.HELD, Message.Status.HIDDEN)


@dataclass(frozen=True)
class Scope:
    groups: tuple  # whose chat and topics are searched
    moderated: tuple = ()  # whose queue and log are searched too


@dataclass
class Hit:
    group: object
    url: str
    snippet: str
    when: object
    topic: object = None
    message_id: int | None = None


@dataclass
class Results:
    messages: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    queue: list = field(default_factory=list)
    log: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False

    def __bool__(self):
        return bool(self.messages or self.topics or self.queue or self.log)


def scope_of(user):
    """Every group `user` belongs to and may read (staff too: only the groups they are a member of)."""
    mine = set(access.own_roles(user))
    readable = tuple(access.readable_groups(user).filter(pk__in=mine))
    moderated = tuple(access.moderated_groups(user).filter(pk__in=mine))
    return Scope(readable, moderated)


def group_scope(st):
    """One group, for a Standing the gate authorised to read it."""
    return Scope((st.group,), (st.group,) if st.allows(Need.MODERATE) else ())


def _postgres():
    return connections[Message.objects.db].vendor == "postgresql"


def _by_config(groups):
    ids = defaultdict(list)
    for group in groups:
        ids[config_for(group.language)].append(group.pk)
    return ids


def _queries(groups, text):
    """[(config, group ids, SearchQuery)]: one parsed query per language among `groups`."""
    text = _query_text(text)
    return [(c, ids, SearchQuery(text, config=c, search_type="websearch")) for c, ids in _by_config(groups).items()]


def _query_text(text):
    """Angle brackets go: PostgreSQL's parser would read "<b>word</b>" as tags and skip the word inside."""
    return text.replace("<", " ").replace(">", " ")


def _matching(groups, text, terms):
    """Which messages of `groups` hold `text`: stemmed each group's way on PostgreSQL, every word on SQLite."""
    if not _postgres():
        condition = Q(group__in=[g.pk for g in groups])
        for term in terms:
            condition &= Q(body_source__icontains=term)
        return condition
    condition = Q(pk__in=[])
    for _config, ids, query in _queries(groups, text):
        condition |= Q(group_id__in=ids, search_vector=query)
    return condition


def _rank(groups, text):
    """ts_rank against each group's own query (0 on SQLite: newest first there)."""
    if not _postgres():
        return Value(0.0)
    ranks = [
        When(group_id__in=ids, then=SearchRank(F("search_vector"), query)) for _c, ids, query in _queries(groups, text)
    ]
    return Case(*ranks, default=Value(0.0), output_field=FloatField())


def _snippets(rows, groups, text, terms):
    """{message id: snippet} for `rows`: ts_headline on PostgreSQL, the plain window elsewhere."""
    if not _postgres():
        return {m.pk: snippets.from_html(m.body_html, terms) for m in rows}
    wanted, found = {m.pk for m in rows}, {}
    for config, ids, query in _queries(groups, text):
        headline = SearchHeadline(
            "body_html",
            query,
            config=config,
            start_sel=snippets.MARK_START,
            stop_sel=snippets.MARK_STOP,
            max_words=30,
            min_words=12,
            short_word=2,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        mine = Message.objects.filter(pk__in=wanted, group_id__in=ids).annotate(headline=headline)
        found.update((pk, snippets.from_headline(h)) for pk, h in mine.values_list("pk", "headline"))
    return found


def _message_url(message):
    """The page that shows `message`, however old: the window that ends with it (`?before`), scrolled to it."""
    return f"{message.topic.get_absolute_url()}?before={message.pk + 1}#m{message.pk}"


def _recent_ids(group, text, statuses, private):
    """Matching ids among the group's RECENT newest messages: the range of their ids straight from the
    (group, id) index (ordering by the group too names that index), then the rows in it tested one by one.
    A common word fills the candidates here, without the GIN index, whose bitmap would hold every
    match in the group's history."""
    newest = Message.objects.filter(group=group).order_by("-group_id", "-pk").values_list("pk", flat=True)
    hit = ExpressionWrapper(_matching([group], text, []), output_field=BooleanField())
    window = list(newest[:RECENT])
    if not window:
        return []
    rows = Message.objects.filter(group=group, pk__range=(window[-1], window[0])).annotate(hit=hit)
    rows = rows.values_list("pk", "hit", "status", "topic_id")
    return [pk for pk, matched, status, topic in rows if matched and status in statuses and topic not in private]


def _matching_ids(groups, text, terms, statuses):
    """Ids of the newest CANDIDATES matching messages, outside support conversations.

    On PostgreSQL each group's newest RECENT messages come first (`_recent_ids`). Only when they hold
    too few matches, which makes the word rare enough for the GIN index to be cheap, are all messages
    searched, with plain index scans off for that query: the planner would otherwise read a busy group's
    every message through its group index and test each one.
    """
    private = set(
        Topic.objects.filter(group__in=[g.pk for g in groups], support_member__isnull=False).values_list(
            "pk", flat=True
        )
    )
    matching = Message.objects.filter(_matching(groups, text, terms), status__in=statuses).exclude(topic_id__in=private)
    newest = matching.order_by("-created_at", "-pk").values_list("pk", flat=True)
    if not _postgres():
        return list(newest[:CANDIDATES])
    recent = sorted((pk for g in groups for pk in _recent_ids(g, text, statuses, private)), reverse=True)
    if len(recent) >= CANDIDATES:
        return recent[:CANDIDATES]
    with transaction.atomic(using=newest.db), connections[newest.db].cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        return list(newest[:CANDIDATES])


def _hits(groups, text, terms, statuses, offset, limit):
    newest = _matching_ids(groups, text, terms, statuses)
    ranked = Message.objects.filter(pk__in=newest).annotate(rank=_rank(groups, text)).order_by("-rank", "-pk")
    rows = list(ranked.select_related("group", "topic").defer("search_vector")[offset : offset + limit])
    for m in rows:
        m.topic.group = m.group  # one group row for both, so links need no query each
    cut = _snippets(rows, groups, text, terms)
    return [Hit(m.group, _message_url(m), cut.get(m.pk, ""), m.created_at, m.topic, m.pk) for m in rows]


def _topics(groups, text, terms):
    """Discussion topics whose title matches, with a message readers can see, most recently active first."""
    shown = Message.objects.filter(topic=OuterRef("pk"), status=Message.Status.PUBLISHED)
    topics = Topic.objects.filter(is_chat=False, support_member__isnull=True).filter(Exists(shown))
    if _postgres():
        condition, titles = Q(pk__in=[]), {}
        for i, (config, ids, query) in enumerate(_queries(groups, text)):
            titles[f"title_{i}"] = SearchVector("title", config=config)
            condition |= Q(group_id__in=ids, **{f"title_{i}": query})
        topics = topics.alias(**titles).filter(condition)
    else:
        topics = topics.filter(group__in=[g.pk for g in groups])
        for term in terms:
            topics = topics.filter(title__icontains=term)
    rows = topics.select_related("group").order_by("-last_activity_at", "-pk")[:SIDE_LIMIT]
    return [Hit(t.group, t.get_absolute_url(), snippets.from_text(t.title, terms), t.last_activity_at, t) for t in rows]


def _queue(groups, text, terms):
    """Open queue items whose held or hidden message matches, for the moderators of `groups`."""
    held = {h.message_id: h for h in _hits(groups, text, terms, WAITING, 0, SIDE_LIMIT * 4)}
    items = QueueItem.objects.filter(status=QueueItem.Status.OPEN, message_id__in=held).order_by("-pk")
    found = {}
    for item in items:
        if item.message_id not in found:
            hit = held[item.message_id]
            hit.url = reverse("moderation:item-detail", args=[hit.group.slug, item.pk])
            found[item.message_id] = hit
    return sorted(found.values(), key=lambda h: -h.message_id)[:SIDE_LIMIT]


def _log(groups, terms):
    """Moderation log entries of `groups` whose reason holds every word (the log is small: a plain match)."""
    entries = ModerationLog.objects.filter(group__in=[g.pk for g in groups]).exclude(reason="")
    for term in terms:
        entries = entries.filter(reason__icontains=term)
    rows = entries.select_related("group").order_by("-created_at", "-pk")[:SIDE_LIMIT]
    return [Hit(e.group, _log_url(e), snippets.from_text(plain_text(e.reason), terms), e.created_at) for e in rows]


def _log_url(entry):
    return reverse("moderation:log", args=[entry.group.slug])


def search(scope, text, page=1):
    """The results of `text` in `scope` (page 1..MAX_PAGES); empty for a query with no words."""
    text = (text or "").strip()[:MAX_CHARS]
    terms = snippets.terms_of(text)
    page = min(max(page, 1), MAX_PAGES)
    results = Results(page=page)
    if len(text) < MIN_CHARS or not terms or not scope.groups:
        return results
    offset = (page - 1) * PAGE_SIZE
    hits = _hits(scope.groups, text, terms, [Message.Status.PUBLISHED], offset, PAGE_SIZE + 1)
    results.messages, results.has_next = hits[:PAGE_SIZE], len(hits) > PAGE_SIZE and page < MAX_PAGES
    if page == 1:
        results.topics = _topics(scope.groups, text, terms)
        if scope.moderated:
            results.queue = _queue(scope.moderated, text, terms)
            results.log = _log(scope.moderated, terms)
    return results
