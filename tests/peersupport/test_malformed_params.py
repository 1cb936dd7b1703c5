"""No id or cursor from outside answers 500: URL ids, query-string cursors and socket frame fields.

Python's int() accepts far more than a database does (SQLite raises OverflowError past 2**63 - 1,
timedelta past a few hundred thousand years), so every such value goes through
peersupport/params.py. Each URL of the authorization matrix that takes an id is tried with ids at
and past the limit; each paging parameter with overflowing, negative, non-numeric and NaN/Infinity
values; each socket field the same way.
"""

import json

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import NoReverseMatch, reverse

from groups.models import Message, Topic
from groups.routing import websocket_urlpatterns
from peersupport.params import MAX_ID, client_int
from tests.authz.matrix import all_rows, build_world

BAD = [
    "1.99999999999999999999999.5",
    "0.-99999999999999999999.1",
    "99999999999999999999999999",
    str(MAX_ID + 1),
    "-1",
    "abc",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "²",
    "1_000",
    " 7",
    "1." * 3000,
    "9" * 5000,
]


def test_client_int_takes_only_plain_ids():
    assert client_int("42") == 42 and client_int(42) == 42 and client_int(str(MAX_ID)) == MAX_ID
    for value in [*BAD, True, 1.5, None, [], {}, -3, MAX_ID + 1]:
        assert client_int(value) is None, value


@pytest.fixture
def world(group, other_group, hidden_group, request):
    from tests.authz.matrix import ACTORS

    cast = {"group": group, "other_group": other_group, "hidden_group": hidden_group, "anonymous": None}
    for actor in ACTORS[1:]:
        cast[actor] = request.getfixturevalue(actor)
    return build_world(cast)


ID_ROWS = {}
for _row in all_rows():
    ID_ROWS.setdefault((_row.name, _row.method), _row)


@pytest.mark.parametrize("big", [MAX_ID, 10**18 - 1, 10**19, 10**30])
def test_every_url_with_an_id_refuses_huge_ids_without_a_500(client, world, big):
    tried = 0
    for actor in ("staff", "moderator", "member"):
        client.force_login(getattr(world, actor))
        for (name, method), row in ID_ROWS.items():
            kwargs = row.kwargs(world)
            ids = [k for k, v in kwargs.items() if isinstance(v, int)]
            if not ids:
                continue
            try:
                url = reverse(name, kwargs={**kwargs, **dict.fromkeys(ids, big)})
            except NoReverseMatch:
                continue  # longer than an id can be: the URL does not exist (404 by resolution)
            response = client.generic(method, url)
            assert response.status_code in (302, 400, 403, 404, 405), (actor, method, url, response.status_code)
            tried += 1
    if big < 10**18:
        assert tried > 50
    too_long = "/groups/recovery-circle/requests/" + "9" * 30 + "/"
    assert client.get(too_long).status_code == 404


@pytest.fixture
def paged(group, member, chat):
    topic = Topic.objects.create(group=group, title="Nights", created_by=member)
    for n in range(3):
        for target in (topic, chat):
            Message.objects.create(
                group=group, topic=target, author=member, body_source=f"m{n}", body_html=f"<p>m{n}</p>"
            )
    return topic


def test_every_paging_parameter_refuses_bad_values_without_a_500(client, group, member, moderator, paged):
    slug = group.slug
    pages = [
        (member, reverse("groups:topic-list", args=[slug]), ["before"]),
        (member, reverse("groups:topic-detail", args=[slug, paged.pk]), ["before", "after"]),
        (member, reverse("groups:chat", args=[slug]), ["before"]),
        (member, reverse("groups:chat-history", args=[slug]), ["before"]),
        (member, reverse("accounts:notifications"), ["page"]),
        (moderator, reverse("moderation:log", args=[slug]), ["before"]),
        (moderator, reverse("moderation:group-queue", args=[slug]), ["kind", "page"]),
    ]
    for person, url, params in pages:
        client.force_login(person)
        for param in params:
            for value in BAD:
                response = client.get(url, {param: value})
                assert response.status_code in (200, 400), (url, param, value[:30], response.status_code)


@pytest.mark.django_db(transaction=True)
async def test_every_socket_field_refuses_bad_values_and_the_socket_survives(member, chat, settings, monkeypatch):
    from groups import consumers

    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 10_000)
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/groups/recovery-circle/")
    comm.scope["user"] = member
    assert (await comm.connect())[0]
    values = [10**30, -1, MAX_ID + 1, "NaN", "Infinity", 1e308, "²", [1], {"a": 1}, True, None]
    frames = []
    for value in values:
        frames += [
            {"type": "history", "before": value},
            {"type": "history", "topic": value},
            {"type": "resume", "after": value, "have": [value, value]},
            {"type": "resume", "after": 0, "have": value},
            {"type": "read", "id": value},
            {"type": "send", "topic": value, "text": "hello"},
        ]
    for frame in frames:
        await comm.send_to(text_data=json.dumps(frame))
        while True:
            reply = json.loads(await comm.receive_from(timeout=2))
            if reply["type"] not in ("hello", "presence"):
                break
        assert reply["type"] in ("history", "replay", "read", "ack", "error"), (frame, reply)
        assert reply.get("code") != "rate_limited"
        if reply["type"] == "error":
            assert reply["message"]
    await comm.send_to(text_data=json.dumps({"type": "ping"}))
    while json.loads(await comm.receive_from(timeout=2))["type"] != "pong":
        pass
    await comm.disconnect()
