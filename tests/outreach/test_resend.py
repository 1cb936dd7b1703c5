"""A consultation's messages are saved once per client id too (issue 18): the no-script form posted twice, and
a `send` frame sent again over the consultation's socket."""

from django.urls import reverse

from groups.content import support_frames
from groups.models import Message


def test_the_consultation_form_posted_twice_saves_once(client, claimed, member):
    client.force_login(member)
    url = reverse("outreach:consultation", args=[claimed.pk])
    assert 'name="client_id"' in client.get(url).content.decode()
    data = {"text": "Is it safe to mix these two?", "client_id": "desk-1"}
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert Message.objects.filter(topic=claimed.topic, body_source=data["text"]).count() == 1


def test_a_resend_over_the_consultation_socket_gets_the_same_ack(claimed, consultant):
    frame = {"type": "send", "text": "Yes, but start with a small dose.", "client_id": "desk-2"}
    _fresh, first = support_frames.handle_frame(consultant, claimed.topic, frame)
    _fresh, again = support_frames.handle_frame(consultant, claimed.topic, frame)
    assert first[0]["type"] == "ack" and again == first
    assert Message.objects.filter(topic=claimed.topic, author=consultant).count() == 1
