"""Download my data: one ZIP with data.json and a readable index.html.

Everything stored about the person that they may see: profile, memberships,
join requests and answers, messages (any status: they wrote them), reports
they filed, and notifications (whatever models accounts/notification_models.py
defines with a foreign key to the user).
"""

import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from groups.models import JoinRequest, Membership, Message, Topic

from .companion import export as companion_export

PROFILE_FIELDS = [
    "email",
    "display_name",
    "date_joined",
    "is_professional",
    "language",
    "show_presence",
    "typing_indicators",
    "email_frequency",
    "email_details",
    "urgent_email",
    "discreet_mode",
]


def collect_data(user):
    """A JSON-ready dict of everything the export contains."""
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {name: _plain(getattr(user, name)) for name in PROFILE_FIELDS},
        "memberships": _memberships(user),
        "join_requests": _join_requests(user),
        "messages": _messages(user),
        "support_conversations": _support_conversations(user),
        "reports": _reports(user),
        "notifications": _notifications(user),
        "companion": companion_export.collect(user),
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
    rows = Membership.objects.filter(user=user).select_related("group").order_by("joined_at")
    return [
        {"group": m.group.name, "role": m.role, "joined_at": _plain(m.joined_at), "muted_until": _plain(m.muted_until)}
        for m in rows
    ]


def _join_requests(user):
    rows = JoinRequest.objects.filter(user=user).select_related("group").prefetch_related("answers")
    return [
        {
            "group": r.group.name,
            "status": r.status,
            "created_at": _plain(r.created_at),
            "decided_at": _plain(r.decided_at),
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
        .order_by("id")
    )
    return [
        {
            "id": m.pk,
            "group": m.group.name,
            "topic": m.topic.title,
            "status": m.status,
            "created_at": _plain(m.created_at),
            "edited_at": _plain(m.edited_at),
            "text": m.body_source,
        }
        for m in rows
    ]


def _support_conversations(user):
    """The person's private conversations with moderators, with every message in them (theirs and the helpers')."""
    topics = Topic.objects.filter(support_member=user).select_related("group").order_by("created_at")
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
    from moderation.models import Report

    rows = Report.objects.filter(reporter=user).order_by("created_at")
    return [
        {"message_id": r.message_id, "rule": r.rule, "note": r.note, "created_at": _plain(r.created_at)} for r in rows
    ]


def _notifications(user):
    """Rows of every model in accounts/notification_models.py that points at the user."""
    try:
        from accounts import notification_models
    except ImportError:
        return []
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
