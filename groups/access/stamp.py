"""Access stamps: one counter per person that moves whenever what they may read may have changed.

A ban, a removal, leaving, a role change, deactivation or deletion bumps the person's stamp in the same
transaction (the receivers below, so no path that writes those rows can forget it), and the new value is
mirrored in the cache after commit. Open sockets keep the stamp they were authorised with and compare it, in
memory, with their process's view before forwarding anything from a group (groups/live_watch.py): the gate is
asked again, with a database read, only when the stamp moved.

The database is the truth. The mirror is only a cheap way to learn of a change: a value missing from the
cache (Redis restarted, or down, `FailSoftRedisCache` answers nothing) is read from the database and written
back, and after an outage the watcher reads every stamp from the database, since a bump made while Redis was
down never reached the mirror.
"""

import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ..models import Ban, Membership

GONE = -1  # the stamp of an account that no longer exists
MIRROR_FOR = 24 * 3600  # seconds; a missing mirror is read from the database again
# A user's save that touches only these fields cannot change what they may read (sign-in writes last_login).
_HARMLESS_FIELDS = frozenset({"last_login", "language", "show_presence", "typing_indicators", "password"})


def _key(user_id):
    return f"access-stamp:{user_id}"


def from_db(user_ids):
    """{user id: stamp} read from the database; an account that is gone answers GONE."""
    found = dict(get_user_model().objects.filter(pk__in=list(user_ids)).values_list("pk", "access_stamp"))
    return {user_id: found.get(user_id, GONE) for user_id in user_ids}


def mirror(user_ids):
    """Copy the database's stamps into the cache (nothing happens while Redis is down)."""
    stamps = from_db(user_ids)
    cache.set_many({_key(user_id): stamp for user_id, stamp in stamps.items()}, MIRROR_FOR)
    return stamps


def current(user_ids):
    """{user id: stamp}: from the cache in one call; what it lacks from the database (and mirrored again)."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    cached = cache.get_many([_key(user_id) for user_id in user_ids])
    stamps = {user_id: cached[_key(user_id)] for user_id in user_ids if _key(user_id) in cached}
    missing = [user_id for user_id in user_ids if user_id not in stamps]
    if missing:
        stamps.update(mirror(missing))
    return stamps


def _next(previous=0):
    """A stamp never used before: the clock in nanoseconds, and always past the previous one (a stale copy of the
    user saved whole writes a new value too, so a stamp never comes back to one a socket was authorised with)."""
    return max(time.time_ns(), previous + 1)


def bump(user_id):
    """Move `user_id`'s stamp in this transaction; the mirror follows after commit."""
    get_user_model().objects.filter(pk=user_id).update(access_stamp=Greatest(F("access_stamp") + 1, Value(_next())))
    transaction.on_commit(lambda: mirror([user_id]))


def bump_members(group):
    """Move the stamp of everyone in `group` in this transaction: archiving changes what they may do there, and
    an open socket then asks the gate again before its next frame."""
    user_ids = list(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    get_user_model().objects.filter(pk__in=user_ids).update(
        access_stamp=Greatest(F("access_stamp") + 1, Value(_next()))
    )
    transaction.on_commit(lambda: mirror(user_ids))


@receiver(post_save, sender=Membership, dispatch_uid="access.stamp_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="access.stamp_membership_deleted")
@receiver(post_save, sender=Ban, dispatch_uid="access.stamp_ban_saved")
@receiver(post_delete, sender=Ban, dispatch_uid="access.stamp_ban_deleted")
def _standing_changed(sender, instance, **kwargs):
    bump(instance.user_id)


@receiver(pre_save, dispatch_uid="access.stamp_user_saving")
def _user_saving(sender, instance, update_fields=None, **kwargs):
    """A user saved whole (deactivation, staff, the admin) carries a new stamp in the same UPDATE."""
    if sender is get_user_model() and update_fields is None and instance.pk is not None:
        instance.access_stamp = _next(instance.access_stamp or 0)


@receiver(post_save, dispatch_uid="access.stamp_user_saved")
def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created or sender is not get_user_model():
        return
    if update_fields is None:
        user_id = instance.pk
        transaction.on_commit(lambda: mirror([user_id]))
    elif not set(update_fields) <= _HARMLESS_FIELDS:
        bump(instance.pk)


@receiver(post_delete, dispatch_uid="access.stamp_user_deleted")
def _user_deleted(sender, instance, **kwargs):
    if sender is get_user_model():
        user_id = instance.pk
        transaction.on_commit(lambda: cache.set(_key(user_id), GONE, MIRROR_FOR))
