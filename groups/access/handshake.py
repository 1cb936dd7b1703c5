"""The gate's read for a socket handshake: where a person stands in the group at a slug (issue 16).

A crowd reconnecting after an outage opens hundreds of sockets a second on one daphne process, and each
handshake asks this. Django's ORM spent about 3 ms of CPU building and compiling the annotated membership
query (three EXISTS subqueries) before PostgreSQL saw it, more than the query itself; this is the same query
written once per process and run with fresh parameters. Its rows become model instances through the fields'
own database converters, as the ORM's would, and the answer is the Standing `standing` would give (tests
compare the two for every person of the cast in every group).
"""

import functools

from allauth.mfa.models import Authenticator
from django.db import connection
from django.utils import timezone

from ..models import Ban, Group, Membership
from . import raw_rows
from .standing import MODERATING, read_standing_of, standing


@functools.cache
def _statement(vendor):
    """(SQL, the group's fields, the membership's fields) for this database (the vendor keys the cache)."""
    group_fields, member_fields = Group._meta.concrete_fields, Membership._meta.concrete_fields
    columns = raw_rows.columns("g", group_fields) + raw_rows.columns("m", member_fields)
    tables = {model: raw_rows.table(model) for model in (Group, Membership, Ban)}
    authenticators = raw_rows.table(Authenticator)
    # Only the models' table and column names go into the text; every value is a parameter.
    sql = f"""
        SELECT {", ".join(columns)},
            EXISTS (SELECT 1 FROM {tables[Ban]} b WHERE b.group_id = m.group_id AND b.user_id = %s
                    AND b.lifted_at IS NULL AND (b.ends_at IS NULL OR b.ends_at > %s)),
            EXISTS (SELECT 1 FROM {tables[Membership]} o WHERE o.user_id = %s AND o.role IN (%s, %s)),
            EXISTS (SELECT 1 FROM {authenticators} a WHERE a.user_id = %s AND a.type = %s)
        FROM {tables[Membership]} m JOIN {tables[Group]} g ON g.id = m.group_id
        WHERE m.user_id = %s AND g.slug = %s AND g.is_desk = %s
    """  # noqa: S608
    return sql, group_fields, member_fields


def _membership_at(user, slug, now):
    """`user`'s membership of the peer group at `slug` (its group joined, annotated like `standing._annotated`'s),
    or None."""
    sql, group_fields, member_fields = _statement(connection.vendor)
    moderator, owner = map(str, MODERATING)
    params = [user.pk, connection.ops.adapt_datetimefield_value(now), user.pk, moderator, owner]
    params += [user.pk, str(Authenticator.Type.TOTP), user.pk, slug, False]
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
    `standing`'s way, as pages do."""
    if user.is_authenticated and user.is_active:
        membership = _membership_at(user, slug, now or timezone.now())
        if membership is not None:
            return membership.group, read_standing_of(user, membership)
    group = Group.objects.filter(slug=slug).first()
    return (None, None) if group is None else (group, standing(user, group))
