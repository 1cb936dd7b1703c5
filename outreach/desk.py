"""The desk's hidden group: the one home of every consultation's Topic.

Made on first use (production never runs seed_demo). `Group.objects` leaves it out of every list, form and
lookup by address, and the gate (groups/access.py) treats everyone as an outsider of it, staff included, so
nothing of a consultation can be reached through the groups' pages, sockets, search or counts.
"""

import secrets

from django.db import IntegrityError, transaction

from groups.models import Group

DESK_SLUG = "outreach-desk"


def desk_group():
    group = Group.all_objects.filter(is_desk=True).order_by("pk").first()
    if group is not None:
        return group
    try:
        with transaction.atomic():
            return Group.all_objects.create(
                name="Outreach desk",
                slug=f"{DESK_SLUG}-{secrets.token_hex(4)}",  # never a peer group's address
                kind=Group.Kind.RECOVERY,
                visibility=Group.Visibility.HIDDEN,
                join_policy=Group.JoinPolicy.INVITATION,
                premoderation_count=0,
                report_threshold=0,
                is_desk=True,
            )
    except IntegrityError:  # made at the same moment by another request
        return Group.all_objects.filter(is_desk=True).order_by("pk").first()
