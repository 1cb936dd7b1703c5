"""The consultation's socket: the person and the consultant on the case hear each other live; nobody else opens
it; a malformed frame gets an error frame and the socket survives; a hand-over refuses the next frame."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from groups.routing import websocket_urlpatterns
from outreach import consultations, referrals

APP = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


async def _open(user, consultation_id):
    comm = WebsocketCommunicator(APP, f"/ws/outreach/{consultation_id}/")
    comm.scope["user"] = user
    connected, _code = await comm.connect()
    return comm, connected


async def _next(comm, wanted, timeout=2):
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame


async def test_person_and_consultant_hear_each_other_live(claimed, member, consultant):
    mine, ok = await _open(member, claimed.pk)
    assert ok and (await _next(mine, "hello"))["topic"] == claimed.topic_id
    theirs, ok = await _open(consultant, claimed.pk)
    assert ok
    await _next(theirs, "hello")
    await mine.send_to(text_data=json.dumps({"type": "send", "text": "Hello, is anyone there?", "client_id": "c1"}))
    assert (await _next(mine, "ack"))["message"]["html"]
    heard = await _next(theirs, "message.new")
    assert "anyone there" in heard["message"]["html"]
    await theirs.send_to(text_data="{not json")
    assert (await _next(theirs, "error"))["type"] == "error"
    await theirs.send_to(text_data=json.dumps({"type": "send", "text": "Yes, I am here.", "client_id": "c2"}))
    heard = await _next(mine, "message.new")
    while "I am here" not in heard["message"]["html"]:
        heard = await _next(mine, "message.new")
    await mine.disconnect()
    await theirs.disconnect()


async def test_nobody_else_opens_the_socket(claimed, member, moderator, staff, other_consultant, outsider):
    for person in (moderator, staff, other_consultant, outsider):
        _comm, ok = await _open(person, claimed.pk)
        assert not ok
    _comm, ok = await _open(member, 10**30)
    assert not ok


async def test_a_hand_over_closes_the_old_consultants_socket_on_the_next_frame(claimed, consultant, other_consultant):
    theirs, ok = await _open(consultant, claimed.pk)
    assert ok
    await _next(theirs, "hello")
    await database_sync_to_async(consultations.hand_over)(consultant, claimed, other_consultant)
    await theirs.send_to(text_data=json.dumps({"type": "send", "text": "still here?", "client_id": "c3"}))
    output = await theirs.receive_output(timeout=2)
    while output["type"] != "websocket.close":
        output = await theirs.receive_output(timeout=2)
    assert output["code"] == 4403


async def test_the_person_hears_when_a_referral_is_proposed(claimed, member, consultant, service):
    mine, ok = await _open(member, claimed.pk)
    assert ok
    await _next(mine, "hello")
    await database_sync_to_async(referrals.propose)(consultant, claimed, service)
    assert (await _next(mine, "consultation.changed"))["what"] == "referral"
    await mine.disconnect()


async def test_consultation_socket_says_try_again_later_while_the_channel_layer_is_down(
    claimed, member, channel_layer_down
):
    comm, ok = await _open(member, claimed.pk)
    assert ok
    assert (await comm.receive_output(timeout=2)) == {"type": "websocket.close", "code": 1013}
