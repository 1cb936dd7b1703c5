"""Staff create and change groups; appointing and removing moderators goes through groups/membership/members.py.

The same contract as groups/membership/actions.py: the actor is re-checked through the gate (staff only,
with two-factor), one transaction, a ModerationLog row for the group.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from moderation import queue

from .. import access
from ..membership import members
from ..models import Group

RESERVED_SLUGS = {"invite", "search", "staff", "support"}  # the first part of other group URLs


def free_slug(name):
    """An address for a new group from its name (ä and ö become a and o), unique among every group's."""
    base = slugify(name)[:70] or "group"
    taken = set(Group.all_objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_group(actor, group, rules, questions):
    """Create `group` (unsaved) or save its changes, with its rules ({language: text}) and questions
    ({language: [text, ...]}); a new rules version only when a text changed. Returns the group."""
    access.check_staff(actor)
    created = group.pk is None
    with transaction.atomic():
        if created:
            group.slug = free_slug(group.name)
        # Search stems the words of a group run in one language its way; a bilingual group's are a mix.
        group.language = group.languages[0] if len(group.languages) == 1 else ""
        group.full_clean()
        group.save()
        queue.record(actor, group, "group_created" if created else "group_changed")
        if rules != group.current_rules_texts():
            members.publish_rules(actor, group, rules)
        if questions != _questions_of(group):
            members.set_questions(actor, group, questions)
    return group


def archive_group(actor, group, now=None):
    """Archive `group`: members keep reading, nobody writes or joins (the gate's posting and join refusals),
    and it leaves the list others can find. Open queue items stay for its moderators to finish."""
    access.check_staff(actor)
    with transaction.atomic():
        group.archived_at = now or timezone.now()
        group.save(update_fields=["archived_at"])
        access.stamp.bump_members(group)
        queue.record(actor, group, "group_archived")
    return group


def unarchive_group(actor, group):
    """Open an archived group again, as it was."""
    access.check_staff(actor)
    with transaction.atomic():
        group.archived_at = None
        group.save(update_fields=["archived_at"])
        access.stamp.bump_members(group)
        queue.record(actor, group, "group_unarchived")
    return group


def _questions_of(group):
    found = {code: [] for code in group.languages}
    for question in group.questions.all():
        found.setdefault(question.language, []).append(question.text)
    return found


def current_questions(group):
    """{language: [question, ...]} of `group`, for the form."""
    return _questions_of(group)
