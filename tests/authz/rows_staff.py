"""Rows for staff's own group pages (groups/staff/): staff with their second factor only. Everyone else who
may know of the group gets 403 with a sentence; a group they may not know of (hidden, or a ban) answers the
404 of an absent group, so the staff address of a hidden group tells nobody it exists."""

from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, expect
from tests.factories import UserFactory

STAFF_ONLY = expect(FORBIDDEN, anonymous=LOGIN, staff=OK)
# The listed group: the banned may not know of it (404); staff without a second factor see it as outsiders (403).
LISTED = expect(FORBIDDEN, anonymous=LOGIN, banned=NOT_FOUND, staff=OK)
HIDDEN = expect(NOT_FOUND, anonymous=LOGIN, staff=OK)
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)


def setup(world):
    world.appointee = UserFactory(display_name="Future Moderator")


def _redirects(expected):
    return {actor: REDIRECT if code == OK else code for actor, code in expected.items()}


def slug(w):
    return {"slug": w.group.slug}


def hidden(w):
    return {"slug": w.hidden_group.slug}


def step_down(w):
    return {"slug": w.group.slug, "user_id": w.moderator.pk}


def new_group(w):
    return {
        "name": "Uusi ryhmä",
        "kind": "bereavement",
        "visibility": "hidden",
        "join_policy": "invitation",
        "main_language": "fi",
        "rules_fi": "Ole lempeä.",
    }


def edited(w):
    return {**new_group(w), "name": w.group.name, "visibility": "listed", "join_policy": "request"}


ROWS = [
    Row("groups:staff-dashboard", STAFF_ONLY),
    Row("groups:staff-dashboard", POST_ONLY, method="POST"),
    Row("groups:staff-group-create", STAFF_ONLY),
    Row("groups:staff-group-create", _redirects(STAFF_ONLY), method="POST", data=new_group),
    Row("groups:staff-group-edit", LISTED, slug),
    Row("groups:staff-group-edit", HIDDEN, hidden, note="hidden group"),
    Row("groups:staff-group-edit", _redirects(LISTED), slug, method="POST", data=edited),
    Row("groups:staff-group-archive", POST_ONLY, slug),
    Row("groups:staff-group-archive", _redirects(LISTED), slug, method="POST"),
    Row("groups:staff-group-archive", _redirects(HIDDEN), hidden, method="POST", note="hidden group"),
    Row("groups:staff-group-unarchive", POST_ONLY, slug),
    Row("groups:staff-group-unarchive", _redirects(LISTED), slug, method="POST"),
    Row("groups:staff-group-unarchive", _redirects(HIDDEN), hidden, method="POST", note="hidden group"),
    Row("groups:staff-moderators", LISTED, slug),
    Row("groups:staff-moderators", HIDDEN, hidden, note="hidden group"),
    Row(
        "groups:staff-moderators",
        _redirects(LISTED),
        slug,
        method="POST",
        data=lambda w: {"pseudonym": w.appointee.display_name},
        note="appoint",
    ),
    Row("groups:staff-moderator-remove", POST_ONLY, step_down),
    Row("groups:staff-moderator-remove", _redirects(LISTED), step_down, method="POST"),
    Row(
        "groups:staff-moderator-remove",
        expect(NOT_FOUND, anonymous=LOGIN),
        lambda w: {"slug": w.hidden_group.slug, "user_id": w.moderator.pk},
        method="POST",
        note="someone who is not in that hidden group: 404 for staff too",
    ),
]
