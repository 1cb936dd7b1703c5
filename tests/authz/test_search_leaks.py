"""What every actor of the matrix finds: their groups' published words, and never the text of a hidden group,
a held, hidden, removed or erased message, a support conversation or a consultation."""

import pytest
from django.urls import reverse

from groups.models import Group, Message, Topic
from moderation.models import QueueItem
from tests.authz.matrix import ACTORS
from tests.factories import UserFactory, with_totp
from tests.groups.search.helpers import post

READERS = {"member", "moderator", "owner", "muted", "moderator_no_totp"}  # members of `group`
SECRETS = ["zanzibarhidden", "wombatremoved", "ocelotsupport", "narwhaldesk", "tapirerased"]
MODERATING = {"moderator", "owner"}  # with their second factor: they also find what waits in the queue


@pytest.fixture
def cast(request, group, other_group, hidden_group, two_factor_required):
    people = {actor: request.getfixturevalue(actor) for actor in ACTORS[1:]}
    with_totp(people["moderator"], people["owner"], people["other_group_moderator"], people["staff"])
    insider = UserFactory(display_name="Hidden Insider")
    hidden_group.memberships.create(user=insider, role="member", rules_version_accepted=1)
    post(group, people["owner"], "Long nights get easier, says the published line.")
    post(hidden_group, insider, "zanzibarhidden nights")
    held = post(group, people["member"], "quokkaheld nights", status=Message.Status.HELD)
    QueueItem.objects.create(group=group, kind=QueueItem.Kind.HELD, message=held, reason="held")
    post(group, people["member"], "wombatremoved nights", status=Message.Status.REMOVED)
    post(group, people["member"], "tapirerased nights").erase()
    support = Topic.objects.create(group=group, title="Support", support_member=people["member"])
    post(group, people["member"], "ocelotsupport nights", topic=support)
    desk = Group.all_objects.create(name="Desk", slug="the-desk", kind="recovery", visibility="hidden", is_desk=True)
    consultation = Topic.objects.create(group=desk, title="Consultation", support_member=people["member"])
    post(desk, people["member"], "narwhaldesk nights", topic=consultation)
    return people


def _results(client, url, words):
    page = client.post(url, {"q": words}).content.decode()
    return page.split('id="search-results"', 1)[1].split("<footer", 1)[0] if 'id="search-results"' in page else ""


@pytest.mark.parametrize("actor", ACTORS[1:])
def test_each_actor_finds_their_groups_words_and_never_a_secret(client, cast, group, actor):
    client.force_login(cast[actor])
    everywhere = _results(client, reverse("groups:search"), "nights")
    here = _results(client, reverse("groups:group-search", args=[group.slug]), "nights")
    for secret in SECRETS:
        assert secret not in everywhere and secret not in here, (actor, secret)
    assert ("published line" in everywhere) == (actor in READERS), actor
    assert "quokkaheld" not in everywhere or actor in MODERATING
    if actor in READERS or actor == "staff":
        assert "published line" in here
    searches = [(everywhere, actor in MODERATING), (here, actor in MODERATING | {"staff"})]
    for results, moderates in [(r, m) for r, m in searches if "published line" in r]:
        assert ("quokkaheld" in results) == moderates, actor
        messages = results.split('id="search-message"', 1)[1]  # the last section: published messages only
        assert "quokkaheld" not in messages and "published line" in messages


@pytest.mark.parametrize("actor", ACTORS[1:])
def test_a_hidden_groups_text_is_found_only_by_its_members(client, cast, hidden_group, actor):
    client.force_login(cast[actor])
    assert "zanzibarhidden" not in _results(client, reverse("groups:search"), "zanzibarhidden")
    response = client.post(reverse("groups:group-search", args=[hidden_group.slug]), {"q": "zanzibarhidden"})
    assert response.status_code == (200 if actor == "staff" else 404)


def test_the_hidden_groups_own_member_finds_it(client, cast, hidden_group):
    insider = hidden_group.memberships.get().user
    client.force_login(insider)
    assert "zanzibarhidden" in _results(client, reverse("groups:search"), "zanzibarhidden")
