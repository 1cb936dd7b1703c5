"""The socket half of the authorization matrix: every actor against every group-socket action.

Runs in production's rule (two-factor required): everyone who moderates has TOTP except the two
``*_no_totp`` actors, whom the gate must treat as an ordinary member and an outsider.
For each actor: may the socket open on the listed group and on the hidden one; what does
``send`` answer; does ``history`` and ``resume`` show another member's held message; does a held
message arrive live (the moderators' channel); and does ``read`` move the read mark.
"""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from groups import consumers
from groups.models import Membership, Message, Topic
from groups.routing import websocket_urlpatterns
from moderation import pipeline
from outreach import consultations
from outreach.models import Consultant
from tests.authz.matrix import ACTORS
from tests.factories import UserFactory, with_totp

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)

OPENS = {"member", "moderator", "owner", "muted", "staff", "moderator_no_totp"}
OPENS_HIDDEN = {"staff"}
SENDS = {"member", "moderator", "owner", "moderator_no_totp"}  # staff is no member; the muted wait
SEES_HELD = {"moderator", "owner", "staff"}


@pytest.fixture(autouse=True)
def memory_layer(settings, two_factor_required):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def cast(request, group, other_group, hidden_group):
    people = {actor: request.getfixturevalue(actor) for actor in ACTORS[1:]}
    with_totp(people["moderator"], people["owner"], people["other_group_moderator"], people["staff"])
    people["anonymous"] = AnonymousUser()
    return people


def _held_message(group):
    """Another member's message, held for pre-moderation."""
    newcomer = UserFactory(display_name="New Person")
    Membership.objects.create(group=group, user=newcomer, rules_version_accepted=1)
    group.premoderation_count = 2
    group.save()
    chat = group.chat_topic()
    result = pipeline.submit(newcomer, group, "My very first words here", kind=pipeline.Kind.MESSAGE, topic=chat)
    group.premoderation_count = 0
    group.save()
    assert result.message.status == Message.Status.HELD
    return result.message


async def _open(user, slug):
    comm = WebsocketCommunicator(APP, f"/ws/groups/{slug}/")
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    return comm, connected


async def _next(comm, wanted, timeout=2):
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame


async def _ask(comm, wanted, **frame):
    await comm.send_to(text_data=json.dumps(frame))
    return await _next(comm, wanted)


async def _only_presence(comm, timeout=0.3):
    while not await comm.receive_nothing(timeout):
        if json.loads(await comm.receive_from())["type"] != "presence":
            return False
    return True


@pytest.mark.parametrize("actor", ACTORS)
async def test_socket_matrix(actor, cast, group):
    user = cast[actor]
    comm, connected = await _open(user, "recovery-circle")
    assert connected == (actor in OPENS), actor
    hidden, hidden_open = await _open(user, "remembering")
    assert hidden_open == (actor in OPENS_HIDDEN), actor
    await hidden.disconnect()
    if not connected:
        return await comm.disconnect()
    await _next(comm, "hello")

    held = await database_sync_to_async(_held_message)(group)
    live_held = not await _only_presence(comm)
    assert live_held == (actor in SEES_HELD), actor

    history = await _ask(comm, "history", type="history")
    assert (held.pk in {m["id"] for m in history["messages"]}) == (actor in SEES_HELD), actor
    replay = await _ask(comm, "replay", type="resume", after=0)
    assert (held.pk in {m["id"] for m in replay["messages"]}) == (actor in SEES_HELD), actor

    await comm.send_to(text_data=json.dumps({"type": "send", "text": f"Hello from {actor}", "client_id": "c1"}))
    answer = json.loads(await comm.receive_from(timeout=2))
    while answer["type"] in ("presence", "message.new"):
        answer = json.loads(await comm.receive_from(timeout=2))
    assert (answer["type"] == "ack") == (actor in SENDS), (actor, answer)

    read = await _ask(comm, "read", type="read", id=held.pk)
    assert read["type"] == "read"
    await comm.disconnect()


SUPPORT_OPENS = {"member", "moderator", "owner"}  # world.member's conversation; staff not on duty: refused


@pytest.mark.parametrize("actor", ACTORS)
async def test_support_socket_matrix(actor, cast, group):
    from groups.content import support

    topic = await database_sync_to_async(support.start_by_helper)(cast["moderator"], group, cast["member"])
    comm, connected = await _open_path(cast[actor], f"/ws/support/{group.slug}/{topic.pk}/")
    assert connected == (actor in SUPPORT_OPENS), actor
    if connected:
        await _next(comm, "hello")
        sent = await _ask(comm, "ack", type="send", text=f"Private words from {actor}")
        assert sent["outcome"] == "published"
        history = await _ask(comm, "history", type="history")
        assert any(f"Private words from {actor}" in m["html"] for m in history["messages"])
    await comm.disconnect()


async def _open_path(user, path):
    comm = WebsocketCommunicator(APP, path)
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    return comm, connected


CONSULTATION_OPENS = {"member", "professional"}  # world.member's consultation, on `professional`'s case


def _consultation(cast):
    for person in (cast["professional"], cast["other_consultant"]):
        Consultant.objects.create(user=person, profession="nurse", areas=["health"], languages=["en"])
    consultation = consultations.open_consultation(cast["member"], "health", "en")
    consultations.claim(cast["professional"], consultation)
    return consultation


@pytest.mark.parametrize("actor", ACTORS)
async def test_consultation_socket_matrix(actor, cast):
    """Only the person and the consultant on the case open a consultation's socket, send and read its history;
    moderators, staff and the consultant off the case are refused as for an address that does not exist."""
    await database_sync_to_async(with_totp)(cast["professional"], cast["other_consultant"])
    consultation = await database_sync_to_async(_consultation)(cast)
    comm, connected = await _open_path(cast[actor], f"/ws/outreach/{consultation.pk}/")
    assert connected == (actor in CONSULTATION_OPENS), actor
    if connected:
        await _next(comm, "hello")
        sent = await _ask(comm, "ack", type="send", text=f"Words from {actor}")
        assert sent["outcome"] == "published"
        history = await _ask(comm, "history", type="history")
        assert any(f"Words from {actor}" in m["html"] for m in history["messages"])
        await comm.send_to(text_data='{"type": ["send"]}')
        assert (await _next(comm, "error"))["type"] == "error"  # a malformed frame: an error, the socket lives
        assert (await _ask(comm, "history", type="history"))["type"] == "history"
    await comm.disconnect()


REACTS = SENDS  # a reaction is a way of writing
REMOVES = {"moderator", "owner", "staff"}  # moderator_no_totp is an ordinary member until TOTP is set up


def _someones_message(group):
    author = UserFactory(display_name="Third Person")
    Membership.objects.create(group=group, user=author, rules_version_accepted=1)
    return pipeline.submit(author, group, "Four weeks today", topic=group.chat_topic()).message


@pytest.mark.parametrize("actor", ACTORS)
async def test_socket_matrix_message_actions(actor, cast, group):
    """react, report and remove over the group socket: each actor gets what the gate allows, and what they did
    reaches another member's open chat live; those the socket refuses never get to ask."""
    message = await database_sync_to_async(_someones_message)(group)
    comm, connected = await _open(cast[actor], "recovery-circle")
    assert connected == (actor in OPENS), actor
    if not connected:
        return await comm.disconnect()
    watcher, _open_too = await _open(cast["member"] if actor != "member" else cast["owner"], "recovery-circle")
    await _next(comm, "hello")
    await _next(watcher, "hello")

    reacted = await _ask(comm, "reacted" if actor in REACTS else "error", type="react", id=message.pk, code="hear")
    if actor in REACTS:
        assert reacted["given"] is True
        counts = await _next(watcher, "reactions")
        assert counts["counts"] == {"hear": 1} and "mine" not in counts
    else:
        assert reacted["code"] == "refused", actor

    reported = await _ask(comm, "reported", type="report", id=message.pk, rule="Be kind.")
    assert reported["hidden"] is False

    wanted = "removed" if actor in REMOVES else "error"
    removed = await _ask(comm, wanted, type="remove", id=message.pk, rule="Be kind.")
    if actor in REMOVES:
        assert (await _next(watcher, "message.removed"))["id"] == message.pk
    else:
        assert removed["code"] == "refused", actor
    await watcher.disconnect()
    await comm.disconnect()


def _foreign_messages(group, other_group, hidden_group):
    """Messages no socket of `group` may act on or quote: another group's, the hidden group's, and one in a
    support conversation of `group` itself (its people are the member and those keeping the group safe)."""
    writer = UserFactory(display_name="Elsewhere Person")
    found = []
    for where in (other_group, hidden_group):
        Membership.objects.create(group=where, user=writer, rules_version_accepted=1)
        found.append(pipeline.submit(writer, where, "Words from elsewhere", topic=where.chat_topic()).message)
    Membership.objects.create(group=group, user=writer, rules_version_accepted=1)
    support = Topic.objects.create(group=group, title="Support", support_member=writer)
    found.append(
        Message.objects.create(group=group, topic=support, author=writer, body_source="private", body_html="<p>x</p>")
    )
    return found


ACTIONS = [
    {"type": "react", "code": "hear"},
    {"type": "source"},
    {"type": "edit", "text": "changed"},
    {"type": "delete"},
    {"type": "report", "rule": "Be kind."},
    {"type": "remove", "rule": "Be kind."},
]


@pytest.mark.parametrize("actor", ACTORS)
async def test_socket_matrix_own_and_others_messages(actor, cast, group, other_group, hidden_group, monkeypatch):
    """source, edit and delete: another person's message is refused to every actor (moderators remove, they
    do not rewrite); one's own is read, edited and deleted by those who may write. Every action, and a
    quote, on a message of another group, of the hidden group or of a support conversation answers as an id
    of nothing does (`not_found`, or the refusal of what the actor may not do at all), and changes nothing."""
    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 100)  # this test asks more than a person would
    comm, connected = await _open(cast[actor], "recovery-circle")
    if not connected:
        return await comm.disconnect()
    await _next(comm, "hello")
    theirs = await database_sync_to_async(_someones_message)(group)
    for kind in ("source", "edit", "delete"):
        refused = await _ask(comm, "error", type=kind, id=theirs.pk, text="changed")
        assert refused["code"] == "refused", (actor, kind)
    for foreign in await database_sync_to_async(_foreign_messages)(group, other_group, hidden_group):
        for action in ACTIONS:
            answer = await _ask(comm, "error", **action, id=foreign.pk)
            nothing = await _ask(comm, "error", **action, id=2**62)  # the same as an id of nothing
            assert answer == nothing and answer["code"] in ("not_found", "refused"), (actor, action["type"])
        if actor in SENDS:
            sent = await _ask(comm, "ack", type="send", text="A reply", client_id=f"q{foreign.pk}", reply_to=foreign.pk)
            assert sent["message"]["reply_to"] is None and "elsewhere" not in json.dumps(sent)
    await database_sync_to_async(theirs.refresh_from_db)()
    assert theirs.body_source == "Four weeks today" and theirs.status == Message.Status.PUBLISHED
    if actor not in SENDS:
        return await comm.disconnect()
    own = (await _ask(comm, "ack", type="send", text="My own words", client_id="own-1"))["message"]
    assert (await _ask(comm, "source", type="source", id=own["id"]))["text"] == "My own words"
    assert (await _ask(comm, "edited", type="edit", id=own["id"], text="Better words"))["outcome"] == "published"
    assert (await _ask(comm, "deleted", type="delete", id=own["id"]))["id"] == own["id"]
    await comm.disconnect()
