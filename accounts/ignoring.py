"""Ignoring a person: their messages fold away for you alone, and they are never told.

Only people who read a group you read can be ignored, and never yourself, the group's moderators or
staff: what a moderator writes may be a notice for the whole group (alerts are never messages, so no
ignoring reaches them). Messages fold where they are shown (the chat, topics, live); unread counts and
notices of replies and mentions leave the ignored person out. Undo from the settings.
"""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from groups import access
from groups.access import Need

from .models import Ignore


def ignorable(actor, group, person_id):
    """The person `person_id` whom `actor` may ignore in `group`, or a refusal (Http404 for anyone who is
    not a reader of the group; PermissionDenied with a sentence for oneself and the group's moderators)."""
    st = access.check(actor, group, Need.READ)
    if str(person_id) == str(actor.pk):
        raise PermissionDenied(_("You cannot ignore yourself."))
    person = access.fellow_member(group, person_id, known_only=not st.is_moderator)
    if person is None:
        raise Http404(access.NOT_FOUND)
    if person.is_staff or person.pk in access.moderator_ids(group.pk):
        raise PermissionDenied(
            _(
                "Moderators cannot be ignored: what they write may be a notice for the whole group. "
                "If something they wrote troubles you, report it or write to staff."
            )
        )
    return person


def ignore(actor, group, person_id):
    """`actor` ignores `person_id` (see `ignorable`); ignoring twice changes nothing. Returns the person."""
    person = ignorable(actor, group, person_id)
    Ignore.objects.get_or_create(user=actor, ignored=person)
    cache.delete(_key(actor.pk))
    return person


def stop_ignoring(user, person_id):
    """`user` no longer ignores `person_id`; False when they did not."""
    deleted, _detail = Ignore.objects.filter(user=user, ignored_id=person_id).delete()
    cache.delete(_key(user.pk))
    return bool(deleted)


def ignored_people(user):
    """The rows of the people `user` ignores, with the people, by pseudonym (the settings list)."""
    return Ignore.objects.filter(user=user).select_related("ignored").order_by("ignored__display_name")


def _key(user_id):
    return f"ignoring:{user_id}"


def ignored_ids(user):
    """The ids `user` ignores, kept in the cache (changed only here) so a page of messages costs no query for
    them; without the cache, one query."""
    ids = cache.get(_key(user.pk))
    if ids is None:
        ids = list(Ignore.objects.filter(user=user).values_list("ignored_id", flat=True))
        cache.set(_key(user.pk), ids, timeout=24 * 3600)
    return set(ids)


def ignored_subquery(user):
    """The ids `user` ignores, as a subquery for other querysets (unread counts, notices)."""
    return Ignore.objects.filter(user=user).values("ignored_id")


def fold_context(user, group):
    """What a page of `group` needs to fold messages: the authors to fold (never the group's moderators),
    and the moderators (their messages offer no "Ignore"), read only when the page asks."""
    moderators = SimpleLazyObject(lambda: access.moderator_ids(group.pk))
    ignored = ignored_ids(user)
    folded = {pk for pk in ignored if pk not in moderators}
    return {"folded": folded, "folded_ids": sorted(folded), "group_moderators": moderators}


def export(user):
    """The person's own list for their data export; nobody's export says who ignores them."""
    rows = ignored_people(user)
    return [{"pseudonym": row.ignored.display_name, "since": row.created_at.isoformat()} for row in rows]
