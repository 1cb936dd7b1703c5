"""The gate's window read written once per process (`access.replay_after` for a resume, issue 16;
`access.message_window` for the chat's pages, issue 24): for every person of the cast, in every group and topic,
from every position after and before and at the newest, the messages `window(st.messages(), ...)` gives, field for
field, with the same authors, replies and "Moderator" badges; and nothing from a support conversation."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups import access
from groups.content.messages import window
from groups.models import Message, Topic
from tests.cast import everyone

Status = Message.Status
FIELDS = [f for f in Message._meta.concrete_fields if f.name != "search_vector"]


@pytest.fixture
def cast(db, settings):
    settings.MFA_REQUIRED_FOR_MODERATORS = True
    return everyone()


def post(topic, author, text, status=Status.PUBLISHED, reply_to=None):
    return Message.objects.create(
        group=topic.group, topic=topic, author=author, body_source=text, body_html=f"<p>{text}</p>", status=status,
        reply_to=reply_to,
    )  # fmt: skip


@pytest.fixture
def talk(cast):
    """A chat and a topic in the recovery group with every status, by members, a moderator and a deleted account,
    with replies; a message in the family group's chat and one in the hidden group's; and a support conversation in
    the recovery group."""
    group, other = cast["group"], cast["other_group"]
    chat, topic = group.chat_topic(), Topic.objects.create(group=group, title="Mornings", created_by=cast["member"])
    for where in (chat, topic):
        first = post(where, cast["member"], "first")
        post(where, cast["moderator"], "a moderator answers", reply_to=first)
        post(where, cast["member"], "held for a moderator", Status.HELD)
        post(where, cast["muted"], "hidden after reports", Status.HIDDEN, reply_to=first)
        post(where, cast["member"], "removed", Status.REMOVED)
        post(where, cast["muted"], "deleted by its author", Status.DELETED)
        gone = post(where, None, "from an account that was deleted")
        post(where, cast["owner"], "the owner replies to it", reply_to=gone)
        post(where, cast["member"], "last")
    post(other.chat_topic(), cast["other_group_member"], "in the family group")
    post(cast["hidden_group"].chat_topic(), cast["staff"], "in the hidden group")
    support = Topic.objects.create(group=group, title="", created_by=cast["moderator"], support_member=cast["member"])
    post(support, cast["member"], "only for the moderators")
    return [chat, topic, other.chat_topic(), support]


def shape(messages):
    """What a client is sent of each message, and every column the page would read."""
    rows = []
    for m in messages:
        reply = m.reply_to
        rows.append(
            (
                tuple(getattr(m, f.attname) for f in FIELDS),
                m.author and (m.author.pk, m.author.display_name, m.author.is_professional),
                reply and (reply.pk, reply.body_html, reply.status, reply.author and reply.author.display_name),
                m.author_moderates,
                m.topic.pk,
            )
        )
    return rows


def test_every_person_reads_what_the_orm_reads(cast, talk):
    people = [name for name in cast if name not in ("group", "other_group", "hidden_group")]
    for group in (cast["group"], cast["other_group"], cast["hidden_group"]):
        for topic in [t for t in talk if t.group_id == group.pk] or [group.chat_topic()]:
            ids = list(Message.objects.filter(topic=topic).order_by("id").values_list("id", flat=True))
            for name in people:
                st = access.standing(cast[name] or AnonymousUser(), group)
                positions = [{"after": n} for n in (0, *ids[::3])] + [{"before": n} for n in (*ids[1::3], 2**31 - 1)]
                for position in [*positions, {}]:  # {}: the newest
                    for limit in (2, 200):
                        if "after" in position:
                            rows, more = access.replay_after(st, topic, position["after"], limit)
                        else:
                            rows, more = access.message_window(st, topic, limit=limit, **position)
                        expected = window(st.messages(), topic, size=limit, **position)
                        where = (name, group.slug, topic.title, position, limit)
                        assert shape(rows) == shape(expected.messages), where
                        assert more == expected.more, where


def test_what_each_person_is_shown(cast, talk):
    """The comparison above could pass with both reads wrong: here is what each one sees in the recovery chat."""
    chat, group = talk[0], cast["group"]

    def texts(name):
        rows, _more = access.replay_after(access.standing(cast[name], group), chat, 0, 200)
        return [m.body_source for m in rows]

    shown = ["first", "a moderator answers", "from an account that was deleted", "the owner replies to it", "last"]
    held, hidden = "held for a moderator", "hidden after reports"
    assert texts("member") == [*shown[:2], held, *shown[2:]]  # their own held message, waiting for a moderator
    assert texts("muted") == [*shown[:2], hidden, *shown[2:]]
    assert texts("moderator") == [*shown[:2], held, hidden, *shown[2:]]
    for name in ("outsider", "applicant", "banned", "former_member", "professional", "other_group_member"):
        assert texts(name) == [], name
    hidden_group = cast["hidden_group"]
    for name in ("outsider", "member", "moderator", "professional"):  # a hidden group shows them nothing
        assert access.replay_after(access.standing(cast[name], hidden_group), hidden_group.chat_topic(), 0, 9)[0] == []
    rows, _more = access.replay_after(access.standing(cast["staff"], hidden_group), hidden_group.chat_topic(), 0, 9)
    assert [m.body_source for m in rows] == ["in the hidden group"]
    rows, _more = access.replay_after(access.standing(cast["member"], group), chat, 0, 200)
    by_text = {m.body_source: m for m in rows}
    assert by_text["a moderator answers"].author_moderates and not by_text["first"].author_moderates
    assert by_text["the owner replies to it"].reply_to.author is None
    assert by_text["a moderator answers"].reply_to.author.display_name == "Quiet Member"


def test_a_support_conversation_never_comes_through_this_door(cast, talk):
    support = talk[-1]
    for name in ("member", "moderator", "owner", "staff"):
        st = access.standing(cast[name], cast["group"])
        assert access.replay_after(st, support, 0, 200) == ([], False), name
        assert access.message_window(st, support) == ([], False), name
        assert access.message_window(st, support, before=2**31 - 1) == ([], False), name


def test_one_query_and_the_stored_words_are_not_read(cast, talk, django_assert_num_queries):
    st = access.standing(cast["member"], cast["group"])
    with django_assert_num_queries(1):
        rows, more = access.replay_after(st, talk[0], 0, 3)
        shape(rows)
    assert len(rows) == 3 and more
    assert "search_vector" in rows[0].get_deferred_fields()
