"""Acting on a chat message over the group socket (groups/content/actions.py) and without JavaScript (the chat page).

Each handler is called as the consumer calls it (`frames.handle_frame`), so the gate's re-check runs first:
someone who may not read the group gets nothing at all (None: the socket closes).
"""

import pytest
from django.urls import reverse

from groups import live
from groups.content import frames
from groups.models import Message, MessageRevision, Reaction, Topic
from moderation import pipeline
from moderation.models import ModerationLog, QueueItem, Report, WatchedWord


def post(user, chat, text, **extra):
    return pipeline.submit(user, chat.group, text, topic=chat, **extra).message


def act(user, group, **frame):
    """(fresh user or None, replies) for one frame, commit callbacks run."""
    return frames.handle_frame(user, group, frame)


def one(user, group, **frame):
    fresh, replies = act(user, group, **frame)
    assert fresh is not None
    return replies[0]


@pytest.fixture
def theirs(other_member, chat):
    return post(other_member, chat, "Three days without using. It is hard at night.")


# --- reactions ---------------------------------------------------------------------------------------------------


def test_a_member_gives_and_takes_back_a_reaction(member, group, theirs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply = one(member, group, type="react", id=theirs.pk, code="proud")
    assert reply == {"type": "reacted", "id": theirs.pk, "code": "proud", "given": True}
    assert list(Reaction.objects.values_list("user", "code")) == [(member.pk, "proud")]
    with django_capture_on_commit_callbacks(execute=True):
        again = one(member, group, type="react", id=theirs.pk, code="proud")
    assert again["given"] is False and not Reaction.objects.exists()


def test_counts_are_per_code_and_each_person_counts_once(member, moderator, group, chat, theirs):
    for person in (member, moderator):
        one(person, group, type="react", id=theirs.pk, code="hear")
    one(member, group, type="react", id=theirs.pk, code="thanks")
    history = one(member, group, type="history")
    shown = next(m for m in history["messages"] if m["id"] == theirs.pk)
    assert shown["reactions"] == {"hear": 2, "thanks": 1}


def test_an_unknown_reaction_code_is_refused(member, group, theirs):
    reply = one(member, group, type="react", id=theirs.pk, code="like")
    assert reply["code"] == "refused" and not Reaction.objects.exists()


def test_a_held_message_takes_no_reactions(moderator, group, chat, other_member):
    WatchedWord.objects.create(pattern="selling", action="hold")
    held = post(other_member, chat, "anyone selling tonight")
    assert held.status == Message.Status.HELD
    reply = one(moderator, group, type="react", id=held.pk, code="hear")
    assert reply["code"] == "refused" and not Reaction.objects.exists()


def test_the_muted_and_staff_cannot_react_but_can_read(muted, staff, group, theirs):
    for person in (muted, staff):
        reply = one(person, group, type="react", id=theirs.pk, code="hear")
        assert reply["type"] == "error" and reply["code"] == "refused", person
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("person", ["outsider", "other_group_member", "banned", "former_member", "applicant"])
def test_people_who_cannot_read_the_group_get_nothing(request, person, group, theirs):
    for frame in (
        {"type": "react", "id": theirs.pk, "code": "hear"},
        {"type": "report", "id": theirs.pk, "note": "not nice"},
        {"type": "edit", "id": theirs.pk, "text": "changed"},
        {"type": "delete", "id": theirs.pk},
        {"type": "source", "id": theirs.pk},
        {"type": "remove", "id": theirs.pk, "note": "gone"},
    ):
        assert act(request.getfixturevalue(person), group, **frame) == (None, [])
    theirs.refresh_from_db()
    assert theirs.status == Message.Status.PUBLISHED and theirs.body_source.startswith("Three days")
    assert not Reaction.objects.exists() and not Report.objects.exists()


def test_a_message_of_another_group_is_not_found_alike(member, group, other_group, other_group_member):
    elsewhere = post(other_group_member, other_group.chat_topic(), "Family words")
    for frame in ({"type": "react", "code": "hear"}, {"type": "report", "note": "x"}, {"type": "source"}):
        for target in (elsewhere.pk, 987654321, "1; drop", None, ["x"]):
            reply = one(member, group, id=target, **frame)
            assert reply["code"] == "not_found", (frame, target)
    assert not Reaction.objects.exists() and not Report.objects.exists()


def test_reaction_broadcast_names_nobody(member, theirs):
    sent = []
    live._send, original = (lambda channel, kind, payload: sent.append((channel, kind, payload))), live._send
    try:
        live.reactions_event(theirs, member.pk, {"hear"})
    finally:
        live._send = original
    (to_group, _k, public), (to_person, _k2, private) = sent
    assert to_group == live.group_channel(theirs.group_id) and to_person == live.user_channel(member.pk)
    assert set(public) == {"id", "group", "topic", "counts"}  # no user ids, no names
    assert private["mine"] == ["hear"]


# --- replies -----------------------------------------------------------------------------------------------------


def test_a_reply_carries_the_quote_of_the_message_it_answers(member, group, theirs):
    ack = one(member, group, type="send", text="You are doing it.", reply_to=theirs.pk, client_id="c1")
    quote = ack["message"]["reply_to"]
    assert quote == {"id": theirs.pk, "gone": False, "author": "Other Member", "text": theirs.body_source}
    assert Message.objects.get(pk=ack["message"]["id"]).reply_to == theirs


def test_a_quote_is_plain_text_from_the_sanitizer(login, member, other_member, group, chat):
    target = post(other_member, chat, "**bold** <script>alert(1)</script> words " + "x" * 300)
    quote = one(member, group, type="send", text="ok", reply_to=target.pk)["message"]["reply_to"]
    # Text, not markup: what the person typed as they see it, shown by clients with textContent.
    assert quote["text"].startswith("bold <script>alert(1)</script> words xxx") and "<strong>" not in quote["text"]
    assert len(quote["text"]) <= 140
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert "bold &lt;script&gt;alert(1)&lt;/script&gt; words" in page and "<script>alert(1)" not in page


def test_a_reply_to_what_the_sender_cannot_see_goes_without_a_quote(member, group, other_group, other_group_member):
    elsewhere = post(other_group_member, other_group.chat_topic(), "Family words")
    for target in (elsewhere.pk, 987654321, "junk"):
        ack = one(member, group, type="send", text=f"hello {target}", reply_to=target)
        assert ack["type"] == "ack" and ack["message"]["reply_to"] is None
    assert not Message.objects.filter(reply_to__isnull=False).exists()


def test_the_quote_of_a_removed_message_shows_nothing_of_it(member, moderator, group, theirs):
    reply = post(member, theirs.topic, "I hear you", reply_to=theirs)
    one(moderator, group, type="remove", id=theirs.pk, rule="Be kind.")
    shown = next(m for m in one(member, group, type="history")["messages"] if m["id"] == reply.pk)
    assert shown["reply_to"] == {"id": theirs.pk, "gone": True}
    assert "Three days" not in str(shown)


# --- edit and delete ---------------------------------------------------------------------------------------------


def test_the_author_edits_in_place_and_moderators_keep_the_earlier_text(member, group, chat):
    mine = post(member, chat, "I feel okay tonight")
    assert one(member, group, type="source", id=mine.pk) == {"type": "source", "id": mine.pk, "text": mine.body_source}
    reply = one(member, group, type="edit", id=mine.pk, text="I feel better tonight")
    assert reply["type"] == "edited" and reply["outcome"] == "published"
    assert reply["message"]["html"] == "<p>I feel better tonight</p>" and reply["message"]["edited"]
    assert list(MessageRevision.objects.values_list("body_source", flat=True)) == ["I feel okay tonight"]


def test_an_edit_goes_through_the_pipeline(member, group, chat):
    WatchedWord.objects.create(pattern="want to die", action="crisis")
    WatchedWord.objects.create(pattern="selling", action="hold")
    WatchedWord.objects.create(pattern="badword", action="refuse", reason="Please reword it.")
    mine = post(member, chat, "A hard evening")
    refused = one(member, group, type="edit", id=mine.pk, text="badword")
    assert refused["code"] == "refused" and refused["message"] == "Please reword it."
    _fresh, replies = act(member, group, type="edit", id=mine.pk, text="I want to die")
    assert [r["type"] for r in replies] == ["edited", "crisis"]
    assert QueueItem.objects.filter(message=mine, kind=QueueItem.Kind.URGENT).exists()
    held = one(member, group, type="edit", id=mine.pk, text="is anyone selling")
    assert held["outcome"] == "held" and held["reason"]
    mine.refresh_from_db()
    assert mine.status == Message.Status.HELD


def test_only_the_author_edits_or_deletes(member, group, theirs):
    for kind in ("edit", "delete", "source"):
        reply = one(member, group, type=kind, id=theirs.pk, text="mine now")
        assert reply["code"] == "refused", kind
    theirs.refresh_from_db()
    assert theirs.status == Message.Status.PUBLISHED and theirs.body_source.startswith("Three days")


def test_a_muted_author_cannot_edit_but_can_delete(muted, group, chat):
    mine = Message.objects.create(group=group, topic=chat, author=muted, body_source="old", body_html="<p>old</p>")
    assert one(muted, group, type="edit", id=mine.pk, text="after")["code"] == "refused"
    assert one(muted, group, type="delete", id=mine.pk) == {"type": "deleted", "id": mine.pk}
    mine.refresh_from_db()
    assert mine.status == Message.Status.DELETED and mine.body_source == ""


def test_deleting_takes_the_text_and_its_versions(member, group, chat):
    mine = post(member, chat, "first words")
    one(member, group, type="edit", id=mine.pk, text="second words")
    assert one(member, group, type="delete", id=mine.pk)["type"] == "deleted"
    assert not MessageRevision.objects.exists()
    assert one(member, group, type="delete", id=mine.pk)["code"] == "not_found"  # gone: nobody sees it


# --- report and remove -------------------------------------------------------------------------------------------


def test_a_report_from_the_chat_reaches_the_queue(member, group, theirs):
    reply = one(member, group, type="report", id=theirs.pk, rule="Be kind.", note="It felt harsh")
    assert reply["type"] == "reported" and reply["hidden"] is False
    report = Report.objects.get()
    assert (report.reporter, report.rule, report.note) == (member, "Be kind.", "It felt harsh")
    assert QueueItem.objects.filter(message=theirs, kind=QueueItem.Kind.REPORTED, status="open").exists()
    again = one(member, group, type="report", id=theirs.pk, rule="Be kind.")
    assert again["code"] == "refused" and "already" in again["message"]


def test_a_report_needs_a_rule_of_the_group_or_words(member, group, theirs):
    assert one(member, group, type="report", id=theirs.pk)["code"] == "refused"
    assert one(member, group, type="report", id=theirs.pk, rule="Made-up rule")["code"] == "refused"
    assert not Report.objects.exists()


def test_one_cannot_report_ones_own_message(member, group, chat):
    mine = post(member, chat, "my words")
    assert one(member, group, type="report", id=mine.pk, note="oops")["code"] == "refused"


def test_a_moderator_removes_from_the_chat_with_a_reason_in_the_log(moderator, group, theirs):
    reply = one(moderator, group, type="remove", id=theirs.pk, rule="Be kind.", note="")
    assert reply["type"] == "removed"
    theirs.refresh_from_db()
    assert theirs.status == Message.Status.REMOVED
    entry = ModerationLog.objects.get(action="remove")
    assert entry.actor == moderator and entry.message_id == theirs.pk
    assert (entry.reason_code, entry.reason_params) == ("rule", {"rule": "Be kind."})  # the rule, in the log


def test_removing_needs_a_reason(moderator, group, theirs):
    assert one(moderator, group, type="remove", id=theirs.pk)["code"] == "refused"
    theirs.refresh_from_db()
    assert theirs.status == Message.Status.PUBLISHED


@pytest.mark.parametrize("person", ["member", "muted", "moderator_no_totp"])
def test_only_moderators_remove(request, person, group, theirs, two_factor_required):
    reply = one(request.getfixturevalue(person), group, type="remove", id=theirs.pk, note="no")
    assert reply["code"] == "refused"
    theirs.refresh_from_db()
    assert theirs.status == Message.Status.PUBLISHED and not ModerationLog.objects.filter(action="remove").exists()


# --- the page, with and without JavaScript -----------------------------------------------------------------------


def test_the_chat_page_shows_quotes_counts_and_actions(login, member, other_member, group, chat, theirs):
    post(member, chat, "I hear you", reply_to=theirs)
    Reaction.objects.create(message=theirs, user=member, code="hear")
    Reaction.objects.create(message=theirs, user=other_member, code="hear")
    page = login(member).get(reverse("groups:chat", args=[group.slug])).content.decode()
    assert 'class="chat-quote-text">Three days without using.' in page
    assert 'aria-pressed="true" data-code="hear">I hear you <span class="chat-reaction-count">2</span>' in page
    assert reverse("groups:message-report", args=[group.slug, theirs.pk]) in page
    assert 'id="chat-rules"' in page and "Keep names private." in page


def test_without_javascript_a_reaction_is_a_form_post(login, member, group, theirs):
    url = reverse("groups:message-react", args=[group.slug, theirs.pk])
    response = login(member).post(url, {"code": "same"})
    assert response.status_code == 302 and response.url.endswith(f"#m{theirs.pk}")
    assert Reaction.objects.filter(message=theirs, user=member, code="same").exists()


def test_without_javascript_a_reply_is_chosen_by_link_and_posted_with_the_form(login, member, group, chat, theirs):
    client = login(member)
    page = client.get(reverse("groups:chat", args=[group.slug]), {"reply": theirs.pk}).content.decode()
    assert f'name="reply_to" id="chat-reply-to" value="{theirs.pk}"' in page and "Replying to" in page
    client.post(reverse("groups:chat", args=[group.slug]), {"text": "Same here", "reply_to": theirs.pk})
    assert Message.objects.get(body_source="Same here").reply_to == theirs


def test_no_action_reaches_a_support_conversation(login, member, moderator, group):
    """A support conversation's messages are private to its two sides: over the group socket and by the
    no-script reaction form, neither side nor anyone else may react to, quote, report or remove one; the
    answer is the one an id of nothing gets, and nothing is stored."""
    support = Topic.objects.create(group=group, title="Support", support_member=member)
    private = Message.objects.create(
        group=group, topic=support, author=moderator, body_source="Just us.", body_html="<p>Just us.</p>"
    )
    for person in (member, moderator):
        for frame in (
            {"type": "react", "code": "hear"},
            {"type": "source"},
            {"type": "edit", "text": "changed"},
            {"type": "report", "rule": "Be kind."},
            {"type": "remove", "rule": "Be kind."},
        ):
            assert one(person, group, **frame, id=private.pk) == one(person, group, **frame, id=2**62)
        url = reverse("groups:message-react", args=[group.slug, private.pk])
        assert login(person).post(url, {"code": "hear"}).status_code == 404
        sent = one(person, group, type="send", text="About that", reply_to=private.pk)
        assert sent["message"]["reply_to"] is None
    private.refresh_from_db()
    assert private.body_source == "Just us." and private.status == Message.Status.PUBLISHED
    assert not Reaction.objects.exists() and not Report.objects.exists()
