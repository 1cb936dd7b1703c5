"""Download my data: one ZIP with data.json and a readable index.html.

Everything the database holds about the person (GDPR Article 15): profile,
e-mail addresses, two-factor methods (not their secrets), memberships, bans,
join requests with answers and decline reasons, messages (any status, with
their crisis flag and earlier versions), topics they started, queue items about
their messages and requests, reports on their posts (never who reported),
moderation-log entries and moderator notes about them (never which moderator),
reports they filed, support conversations, notifications, the companion, duty
slots, and what they did as a moderator or author (kind, group and time only:
the other people involved are theirs, not this person's).

EXPORTED and NOT_EXPORTED name every foreign key to the user model; a test
walks every model and fails when a new one is in neither.
"""

import io
import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from groups import access
from groups.membership.members import own_read_marks
from groups.models import Message, Reaction, Topic
from moderation.models import DutyShift, DutySlot, ModerationLog, ModeratorNote, QueueItem, Report
from outreach import export as outreach_export

from . import ignoring
from .companion import export as companion_export
from .models import SETTINGS_FIELDS
from .notifications import models as notification_models

# The account, and every setting the person chose (the settings page's list, so a new setting is exported too).
PROFILE_FIELDS = ["email", "date_joined", "is_professional", *SETTINGS_FIELDS]


# Acts of the person that name other people (as a moderator, staff or survey author): exported
# as kind, group and time only, by _acts().
ACTS = [
    ("groups.Ban", "banned_by"),
    ("groups.GroupRules", "created_by"),
    ("groups.Invitation", "created_by"),
    ("groups.JoinRequest", "decided_by"),
    ("groups.Topic", "support_opened_by"),
    ("groups.MessageRevision", "edited_by"),
    ("moderation.QueueItem", "claimed_by"),
    ("moderation.QueueItem", "resolved_by"),
    ("moderation.ModeratorNote", "author"),
    ("moderation.ModerationLog", "actor"),
    ("moderation.Alert", "created_by"),
    ("moderation.Alert", "withdrawn_by"),
    ("surveys.SurveyAuthor", "user"),
    ("accounts.ReminderSent", "owner"),
    ("outreach.Consultation", "consultant"),
    ("outreach.Referral", "proposed_by"),
]

# Every (model label, field) pointing at the user model, and the export section holding its rows.
EXPORTED = {
    ("account.EmailAddress", "user"): "email_addresses",
    ("mfa.Authenticator", "user"): "two_factor",
    ("groups.Membership", "user"): "memberships",
    ("groups.TopicReadMark", "user"): "read_marks",
    ("accounts.Ignore", "user"): "ignoring",
    ("groups.Ban", "user"): "bans",
    ("groups.JoinRequest", "user"): "join_requests",
    ("groups.Topic", "created_by"): "topics_started",
    ("groups.Topic", "support_member"): "support_conversations",
    ("outreach.Consultation", "person"): "consultations",
    ("outreach.Consultant", "user"): "consultant",
    ("outreach.DeskVisitor", "user"): "consultations",
    ("groups.Message", "author"): "messages",
    ("moderation.Report", "reporter"): "reports",
    ("groups.Reaction", "user"): "reactions",
    ("moderation.ModeratorNote", "member"): "moderator_notes",
    ("moderation.ModerationLog", "target_user"): "moderation_log",
    ("moderation.DutySlot", "user"): "duty",
    ("moderation.DutyShift", "user"): "duty",
    ("accounts.Notification", "user"): "notifications",
    ("accounts.TopicFollow", "user"): "notifications",
    ("accounts.EmailDelivery", "user"): "notifications",
    ("accounts.PushSubscription", "user"): "notifications",
    **{
        (f"accounts.{name}", "owner"): "companion"
        for name in ("DiaryEntry", "CheckIn", "SowsScore", "TaperPlan", "Appointment", "DoseReminder", "Milestone")
    },
    **dict.fromkeys(ACTS, "acts"),
}

# Foreign keys to the user deliberately left out, each with the reason. Rows stored without any link
# to the person (survey answers, alert acknowledgements: HMAC marks, unlinkable by design) have no
# foreign key and so never appear here.
NOT_EXPORTED = {
    # Django admin's own audit trail of staff edits: object_repr quotes other people's records.
    ("admin.LogEntry", "user"),
    # Who ignores the person: ignoring is never told to the one ignored (accounts/ignoring.py).
    ("accounts.Ignore", "ignored"),
}


def collect_data(user):
    """A JSON-ready dict of everything the export contains."""
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {name: _plain(getattr(user, name)) for name in PROFILE_FIELDS},
        "email_addresses": _email_addresses(user),
        "two_factor": _two_factor(user),
        "memberships": _memberships(user),
        "read_marks": own_read_marks(user),
        "ignoring": ignoring.export(user),
        "bans": _bans(user),
        "join_requests": _join_requests(user),
        "messages": _messages(user),
        "topics_started": _topics_started(user),
        "support_conversations": _support_conversations(user),
        "consultations": outreach_export.consultations(user),
        "consultant": outreach_export.consultant(user),
        "queue_items": _queue_items(user),
        "reports_on_my_messages": _reports_on_messages(user),
        "moderation_log": _moderation_log(user),
        "moderator_notes": _moderator_notes(user),
        "reports": _reports(user),
        "reactions": [
            {"message_id": r.message_id, "reaction": r.code, "given_at": _plain(r.created_at)}
            for r in Reaction.objects.filter(user=user).order_by("pk")
        ],
        "notifications": _notifications(user),
        "companion": companion_export.collect(user),
        "duty": _duty(user),
        "acts": _acts(user),
    }


def build_zip(user):
    """The ZIP file's bytes."""
    data = collect_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("index.html", render_to_string("accounts/export_index.html", {"data": data}))
    return buffer.getvalue()


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _memberships(user):
    rows = access.own_memberships(user).order_by("joined_at")
    return [
        {"group": m.group.name, "role": m.role, "joined_at": _plain(m.joined_at), "muted_until": _plain(m.muted_until)}
        for m in rows
    ]


def _join_requests(user):
    rows = access.own_join_requests(user).prefetch_related("answers")
    return [
        {
            "group": r.group.name,
            "status": r.status,
            "created_at": _plain(r.created_at),
            "decided_at": _plain(r.decided_at),
            "decline_reason": r.decline_reason,
            "answers": [{"question": a.question_text, "answer": a.answer} for a in r.answers.all()],
        }
        for r in rows.order_by("created_at")
    ]


def _messages(user):
    # Words written in someone else's private support conversation belong to that conversation.
    rows = (
        Message.objects.filter(author=user)
        .filter(Q(topic__support_member__isnull=True) | Q(topic__support_member=user))
        .select_related("group", "topic")
        .prefetch_related("revisions")
        .order_by("id")
    )
    return [
        {
            "id": m.pk,
            "group": m.group.name,
            "topic": m.topic.title,
            "status": m.status,
            "crisis_flag": m.urgent,
            "created_at": _plain(m.created_at),
            "edited_at": _plain(m.edited_at),
            "text": m.body_source,
            "earlier_versions": [
                {"replaced_at": _plain(r.created_at), "text": r.body_source}
                for r in sorted(m.revisions.all(), key=lambda r: (r.created_at, r.pk))
            ],
        }
        for m in rows
    ]


def _email_addresses(user):
    rows = EmailAddress.objects.filter(user=user).order_by("pk")
    return [{"email": e.email, "verified": e.verified, "primary": e.primary} for e in rows]


def _two_factor(user):
    """Which methods are set up and when; the secrets themselves stay out of the file."""
    rows = Authenticator.objects.filter(user=user).order_by("pk")
    return [{"type": a.type, "created_at": _plain(a.created_at), "last_used_at": _plain(a.last_used_at)} for a in rows]


def _bans(user):
    rows = access.own_bans(user).order_by("created_at")
    return [
        {
            "group": b.group.name,
            "reason": b.reason_text(),
            "created_at": _plain(b.created_at),
            "ends_at": _plain(b.ends_at),
            "lifted_at": _plain(b.lifted_at),
            "ended_at": _plain(b.ended_at),
        }
        for b in rows
    ]


def _topics_started(user):
    rows = (
        Topic.objects.filter(created_by=user, support_member__isnull=True)
        .select_related("group")
        .order_by("created_at")
    )
    return [{"group": t.group.name, "title": t.title, "created_at": _plain(t.created_at)} for t in rows]


def _queue_items(user):
    """Moderation work about the person's messages and join requests, crisis flags included."""
    rows = (
        QueueItem.objects.filter(Q(message__author=user) | Q(join_request__user=user))
        .select_related("group")
        .order_by("created_at", "pk")
    )
    return [
        {
            "group": q.group.name,
            "kind": q.kind,
            "message_id": q.message_id,
            "urgent": q.urgent,
            "reason": q.reason_text(),
            "status": q.status,
            "created_at": _plain(q.created_at),
            "resolved_at": _plain(q.resolved_at),
            "outcome": q.outcome,
            "outcome_note": q.outcome_note,
        }
        for q in rows
    ]


def _reports_on_messages(user):
    """What others reported about the person's messages: the rule and when, never who or their note."""
    rows = Report.objects.filter(message__author=user).order_by("created_at", "pk")
    return [
        {
            "message_id": r.message_id,
            "rule": r.rule,
            "created_at": _plain(r.created_at),
            "dismissed_at": _plain(r.dismissed_at),
        }
        for r in rows
    ]


def _moderation_log(user):
    """Log entries about the person, without the moderator who acted."""
    rows = ModerationLog.objects.filter(target_user=user).select_related("group").order_by("created_at", "pk")
    return [
        {
            "group": e.group.name,
            "action": e.action,
            "message_id": e.message_id,
            "reason": e.reason_text(),
            "created_at": _plain(e.created_at),
        }
        for e in rows
    ]


def _moderator_notes(user):
    """What moderators wrote about the person, without which moderator wrote it."""
    rows = ModeratorNote.objects.filter(member=user).select_related("group").order_by("created_at", "pk")
    return [{"group": n.group.name, "text": n.text, "created_at": _plain(n.created_at)} for n in rows]


def _duty(user):
    slots = DutySlot.objects.filter(user=user).select_related("group")
    shifts = DutyShift.objects.filter(user=user).select_related("group")
    return {
        "weekly": [
            {
                "group": s.group.name if s.group else None,
                "weekday": s.weekday,
                "from": _plain(s.start_time),
                "until": _plain(s.end_time),
            }
            for s in slots
        ],
        "one_off": [
            {"group": s.group.name if s.group else None, "starts": _plain(s.starts_at), "ends": _plain(s.ends_at)}
            for s in shifts
        ],
    }


def _acts(user):
    """What the person did that concerns other people: kind, group and time, nothing about those people."""
    found = []
    for label, field in ACTS:
        model = apps.get_model(label)
        names = {f.name for f in model._meta.concrete_fields}
        for row in model._default_manager.filter(**{field: user}).order_by("pk"):
            group = getattr(row, "group", None) if "group" in names else None
            when = next((getattr(row, n) for n in ("created_at", "sent_at", "action_time") if n in names), None)
            found.append(
                {
                    "kind": f"{model._meta.model_name}.{field}",
                    "group": group.name if group else None,
                    "at": _plain(when),
                }
            )
    return found


def _support_conversations(user):
    """The person's private conversations with moderators, with every message in them (theirs and the helpers')."""
    topics = Topic.objects.filter(support_member=user, group__is_desk=False).select_related("group")
    topics = topics.order_by("created_at")  # consultations at the desk have their own section
    return [
        {
            "group": t.group.name,
            "started_at": _plain(t.created_at),
            "ended_at": _plain(t.support_ended_at),
            "messages": [
                {
                    "author": m.author.display_name if m.author else None,
                    "created_at": _plain(m.created_at),
                    "text": m.body_source,
                }
                for m in t.messages.select_related("author").order_by("id")
            ],
        }
        for t in topics
    ]


def _reports(user):
    rows = Report.objects.filter(reporter=user).order_by("created_at")
    return [
        {"message_id": r.message_id, "rule": r.rule, "note": r.note, "created_at": _plain(r.created_at)} for r in rows
    ]


def _notifications(user):
    """Rows of every model in accounts/notifications/models.py that points at the user."""
    found = []
    for model in vars(notification_models).values():
        if not (isinstance(model, type) and issubclass(model, models.Model)) or model._meta.abstract:
            continue
        if model.__module__ != notification_models.__name__:
            continue
        for field in _user_fields(model):
            for row in model._default_manager.filter(**{field.name: user}).order_by("pk"):
                found.append({"kind": model._meta.model_name, **_row_dict(row)})
    return found


def _user_fields(model):
    user_model = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model][:1]


def _row_dict(row):
    return {
        field.attname: _plain(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if not field.attname.endswith("token_hash")
    }
