"""The gate's reads for a socket: where a person stands in the group at a slug for the handshake (issue 16; pages
read it too, through `access_standing`), and the re-read of a frame whose sender's access stamp moved (`reread`,
issue 24).

A crowd reconnecting after an outage opens hundreds of sockets a second on one daphne process, and each
handshake asks this. Django's ORM spent about 3 ms of CPU building and compiling the annotated membership
query (three EXISTS subqueries) before PostgreSQL saw it, more than the query itself; this is the same query
written once per process and run with fresh parameters. Its rows become model instances through the fields'
own database converters, as the ORM's would, and the answer is the Standing `standing` would give (tests
compare the two for every person of the cast in every group).
"""

import functools

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from ..models import Ban, Group, GroupRules, Membership
from . import raw_rows
from .standing import MODERATING, read_standing_of, standing


def _gate_facts():
    """The SELECT list's last facts a membership's Standing needs: an active ban, whether the person moderates a
    group, whether they have a second factor (the parameters of `_fact_params`, in this order)."""
    ban, membership, authenticator = raw_rows.table(Ban), raw_rows.table(Membership), raw_rows.table(Authenticator)
    return f"""
            EXISTS (SELECT 1 FROM {ban} b WHERE b.group_id = m.group_id AND b.user_id = %s
                    AND b.lifted_at IS NULL AND (b.ends_at IS NULL OR b.ends_at > %s)),
            EXISTS (SELECT 1 FROM {membership} o WHERE o.user_id = %s AND o.role IN (%s, %s)),
            EXISTS (SELECT 1 FROM {authenticator} a WHERE a.user_id = %s AND a.type = %s)"""  # noqa: S608


def _fact_params(user_id, now):
    moderator, owner = map(str, MODERATING)
    totp = str(Authenticator.Type.TOTP)
    return [user_id, connection.ops.adapt_datetimefield_value(now), user_id, moderator, owner, user_id, totp]


@functools.cache
def _statement(vendor):
    """(SQL, the group's fields, the membership's fields) for this database (the vendor keys the cache)."""
    group_fields, member_fields = Group._meta.concrete_fields, Membership._meta.concrete_fields
    columns = raw_rows.columns("g", group_fields) + raw_rows.columns("m", member_fields)
    # Only the models' table and column names go into the text; every value is a parameter.
    sql = f"""
        SELECT {", ".join(columns)}, {_gate_facts()}
        FROM {raw_rows.table(Membership)} m JOIN {raw_rows.table(Group)} g ON g.id = m.group_id
        WHERE m.user_id = %s AND g.slug = %s AND g.is_desk = %s
    """  # noqa: S608
    return sql.strip(), group_fields, member_fields


def _membership_at(user, slug, now):
    """`user`'s membership of the peer group at `slug` (its group joined, annotated with the gate's facts, as
    `reread` annotates it), or None."""
    sql, group_fields, member_fields = _statement(connection.vendor)
    params = [*_fact_params(user.pk, now), user.pk, slug, False]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(group_fields)
    group = raw_rows.instance(Group, group_fields, row[:split])
    membership = raw_rows.instance(Membership, member_fields, row[split : split + len(member_fields)])
    membership.gate_banned, membership.moderates_a_group, membership.has_totp = map(bool, row[-3:])
    membership.group, membership.user = group, user  # the person as their session read them
    return membership


def standing_at(user, slug, now=None):
    """(the peer group at `slug`, `user`'s Standing there), or (None, None) when there is no such group. One query
    for a member (the group, the membership, a ban and the two-factor facts together); anyone else takes
    `standing`'s way. The handshake asks this, and so do pages (`access_standing`)."""
    if user.is_authenticated and user.is_active:
        membership = _membership_at(user, slug, now or timezone.now())
        if membership is not None:
            return membership.group, read_standing_of(user, membership)
    group = Group.objects.filter(slug=slug).first()
    return (None, None) if group is None else (group, standing(user, group))


@functools.cache
def _reread_statement(vendor):
    """(SQL, the group's, membership's and user's fields): a membership with its group and person as they are now,
    the gate's facts and the group's newest rules version, for an active person (the vendor keys the cache)."""
    user_model = get_user_model()
    fields = (Group._meta.concrete_fields, Membership._meta.concrete_fields, user_model._meta.concrete_fields)
    columns = raw_rows.columns("g", fields[0]) + raw_rows.columns("m", fields[1]) + raw_rows.columns("u", fields[2])
    sql = f"""
        SELECT {", ".join(columns)}, {_gate_facts()},
            (SELECT r.version FROM {raw_rows.table(GroupRules)} r WHERE r.group_id = m.group_id
             ORDER BY r.version DESC LIMIT 1)
        FROM {raw_rows.table(Membership)} m JOIN {raw_rows.table(Group)} g ON g.id = m.group_id
            JOIN {raw_rows.table(user_model)} u ON u.id = m.user_id
        WHERE m.user_id = %s AND m.group_id = %s AND u.is_active = %s
    """  # noqa: S608
    return sql.strip(), *fields


def reread(user, group, now=None):
    """(the person re-read from the database, their Standing in `group`), or (None, None) once the account is
    deactivated or deleted. For socket frames: one query for a member, who is nearly everyone on a group socket;
    the same answers as `standing` on a freshly loaded user (the group as it is now)."""
    row = None
    if not group.is_desk:  # the desk's group is no peer group: `standing` reads where anyone stands there
        sql, group_fields, member_fields, user_fields = _reread_statement(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*_fact_params(user.pk, now or timezone.now()), user.pk, group.pk, True])
            row = cursor.fetchone()
    if row is None:
        fresh = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
        return (None, None) if fresh is None else (fresh, standing(fresh, group))
    g, m = len(group_fields), len(group_fields) + len(member_fields)
    membership = raw_rows.instance(Membership, member_fields, row[g:m])
    membership.group = raw_rows.instance(Group, group_fields, row[:g])
    membership.user = fresh = raw_rows.instance(get_user_model(), user_fields, row[m : m + len(user_fields)])
    membership.gate_banned, membership.moderates_a_group, membership.has_totp = map(bool, row[-4:-1])
    membership.newest_rules_version = row[-1]
    return fresh, read_standing_of(fresh, membership)
