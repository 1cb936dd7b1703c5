"""Rows for mentions and ignoring (issue 18): the mention autocomplete, ignoring a person of a group,
and the list in the settings that undoes it.

The autocomplete answers its pseudonyms to the group's readers only, and the plain 404 to everyone
else, even to those who may see that the group exists. Ignoring asks the gate first (403 or 404 as for
reading the group), then wants a reader of the group who is neither oneself nor a moderator, and whom
the actor may know of: world.group hides its member list, so a member who has never written there is
404 to its members (an id must not tell them who belongs), and only its moderators may ignore them.
"""

from groups.models import Membership, Message
from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect, members_only
from tests.factories import UserFactory


def setup(world):
    world.night_owl = UserFactory(display_name="Night Owl")
    Membership.objects.create(group=world.group, user=world.night_owl, rules_version_accepted=1)
    Message.objects.create(
        group=world.group,
        topic=world.group.chat_topic(),
        author=world.night_owl,
        body_source="Awake too.",
        body_html="<p>Awake too.</p>",
    )
    world.hidden_insider = UserFactory(display_name="Hidden Insider")
    Membership.objects.create(group=world.hidden_group, user=world.hidden_insider, rules_version_accepted=1)
    world.hidden_message = Message.objects.create(
        group=world.hidden_group,
        topic=world.hidden_group.chat_topic(),
        author=world.hidden_insider,
        body_source="Only here.",
        body_html="<p>Only here.</p>",
    )
    world.silent_one = UserFactory(display_name="Silent One")
    Membership.objects.create(group=world.group, user=world.silent_one, rules_version_accepted=1)


def _slug(w):
    return {"slug": w.group.slug}


def _person(attribute):
    return lambda w: {"slug": w.group.slug, "user_id": getattr(w, attribute).pk}


def _hidden(w):
    return {"slug": w.hidden_group.slug}


def _hidden_person(w):
    return {"slug": w.hidden_group.slug, "user_id": w.hidden_insider.pk}


def _hidden_message(w):
    return {"slug": w.hidden_group.slug, "message_id": w.hidden_message.pk}


SIGNED_IN = expect(OK, anonymous=LOGIN)
# The hidden group: nobody of the cast is in it, so it is not there for anyone but staff, who may open any
# group (and read it, but write nowhere they are not a member).
HIDDEN = expect(NOT_FOUND, anonymous=LOGIN, staff=OK)
READERS_ONLY = members_only(OK, outsider=NOT_FOUND, applicant=NOT_FOUND, other_group_member=NOT_FOUND,
                            other_group_moderator=NOT_FOUND, former_member=NOT_FOUND, professional=NOT_FOUND,
                            staff_no_totp=NOT_FOUND)  # fmt: skip


def _ignore(target, get, post, note=""):
    """Asking (GET) and ignoring (POST) the person `target` of world.group."""
    return [
        Row("groups:member-ignore", get, _person(target), note=note),
        Row("groups:member-ignore", post, _person(target), method="POST", note=note),
    ]


ROWS = [
    Row("groups:mention-people", READERS_ONLY, _slug, note="pseudonyms for readers, 404 for the rest"),
    Row("groups:mention-people", expect(NOT_ALLOWED, anonymous=LOGIN), _slug, method="POST", note="read only"),
    Row("groups:mention-people", HIDDEN, _hidden, note="hidden group"),
    Row("groups:member-ignore", HIDDEN, _hidden_person, note="hidden group"),
    Row("groups:member-ignore", expect(NOT_FOUND, anonymous=LOGIN, staff=REDIRECT), _hidden_person, method="POST"),
    Row(
        "groups:message-react",
        expect(NOT_FOUND, anonymous=LOGIN, staff=FORBIDDEN),
        _hidden_message,
        method="POST",
        data=lambda w: {"code": "hear"},
        note="hidden group",
    ),
    *_ignore("night_owl", members_only(OK), members_only(REDIRECT)),
    *_ignore("moderator", members_only(FORBIDDEN), members_only(FORBIDDEN), note="never a moderator"),
    *_ignore(
        "silent_one",
        members_only(OK, member=NOT_FOUND, muted=NOT_FOUND),
        members_only(REDIRECT, member=NOT_FOUND, muted=NOT_FOUND),
        note="hidden member list: never written, so unknown to members",
    ),
    *_ignore("other_group_member", members_only(NOT_FOUND), members_only(NOT_FOUND), note="not in the group"),
    Row("groups:member-ignore", expect(NOT_ALLOWED, anonymous=LOGIN), _person("night_owl"), method="PUT"),
    Row("accounts:ignored", SIGNED_IN),
    Row(
        "accounts:ignored-stop", expect(REDIRECT, anonymous=LOGIN), lambda w: {"user_id": w.night_owl.pk}, method="POST"
    ),
    Row("accounts:ignored-stop", expect(NOT_ALLOWED, anonymous=LOGIN), lambda w: {"user_id": w.night_owl.pk}),
]
