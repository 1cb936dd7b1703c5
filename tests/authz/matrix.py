"""The authorization matrix: every URL x every actor x method -> expected status.

Rows live in ``tests/authz/rows_<area>.py`` modules, each exporting ``ROWS`` (a
list of ``Row``) and optionally ``setup(world)`` to create the objects its URLs
need (topics, messages, invitations...). ``test_matrix.py`` makes that world
once per module and runs every row against every actor in a savepoint of it
(what one test changes is undone before the next), and fails when a URL name
of our own apps has no row.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

ACTORS = [
    "anonymous",
    "outsider",
    "applicant",
    "member",
    "other_group_member",
    "moderator",
    "other_group_moderator",
    "owner",
    "banned",
    "muted",
    "former_member",
    "professional",
    "staff",
    # While two-factor is required (the matrix runs in production's rule): a moderator of `group` and a
    # staff account who never set up TOTP. The gate treats them as an ordinary member and an outsider.
    "moderator_no_totp",
    "staff_no_totp",
    # A second professional at the outreach desk (tests/authz/rows_outreach.py makes both `professional` and
    # this one consultants): the one off the case, who must get the 404 of a consultation as anyone else does.
    "other_consultant",
]
# Unless a row says otherwise, those get what a member, an outsider and a professional get.
AS_IF = {"moderator_no_totp": "member", "staff_no_totp": "outsider", "other_consultant": "professional"}

OK = 200
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOGIN = "login"  # a redirect to the sign-in page
SIGNUP = "signup"  # a redirect to the sign-up page (an invitation: the invitee almost certainly has no account)


def expect(default, **overrides):
    """Expected status per actor: `default` for everyone, then the overrides."""
    unknown = set(overrides) - set(ACTORS)
    assert not unknown, f"unknown actors {unknown}"
    return {actor: overrides.get(actor, default) for actor in ACTORS if actor not in AS_IF or actor in overrides}


def members_only(ok=OK, *, anonymous=LOGIN, seeable=FORBIDDEN, **overrides):
    """Readers of `world.group` get `ok`; people who only may *see* it get 403; others 404.

    Seeable: outsiders, applicants, professionals and former members of a listed
    group. Banned people and the other group's people who are not in it: as outsiders.
    """
    base = {
        "anonymous": anonymous,
        "outsider": seeable,
        "applicant": seeable,
        "member": ok,
        "other_group_member": seeable,
        "moderator": ok,
        "other_group_moderator": seeable,
        "owner": ok,
        "banned": NOT_FOUND,
        "muted": ok,
        "former_member": seeable,
        "professional": seeable,
        "staff": ok,
    }
    base.update(overrides)
    return expect(None, **base)


def moderators_only(ok=OK, *, anonymous=LOGIN, **overrides):
    """Moderators, owner and staff of `world.group` get `ok`; members 403; outsiders 403/404 as for reading."""
    base = members_only(ok, anonymous=anonymous)
    base.update({"member": FORBIDDEN, "muted": FORBIDDEN})
    base.update(overrides)
    return base


@dataclass
class Row:
    name: str
    expect: dict
    kwargs: Callable = field(default=lambda w: {})
    method: str = "GET"
    data: Callable = field(default=lambda w: {})
    note: str = ""

    def __post_init__(self):
        self.expect = dict(self.expect)
        for actor, like in AS_IF.items():
            self.expect.setdefault(actor, self.expect.get(like))
        missing = set(ACTORS) - set(self.expect)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"

    @property
    def id(self):
        return f"{self.method} {self.name}{' ' + self.note if self.note else ''}"


def row_modules():
    from tests import authz

    for info in pkgutil.iter_modules(authz.__path__):
        if info.name.startswith("rows_"):
            yield importlib.import_module(f"tests.authz.{info.name}")


def all_rows():
    return [row for module in row_modules() for row in module.ROWS]


def build_world(cast):
    """`cast` maps actor name -> user (None for anonymous) plus the groups."""
    world = SimpleNamespace(**cast)
    for module in row_modules():
        setup = getattr(module, "setup", None)
        if setup:
            setup(world)
    return world
