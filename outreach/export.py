"""The desk's part of "Download my data" (accounts/export.py): the person's consultations with every message in
them, the referrals they were offered and what they shared; and, for a consultant, their desk profile (their acts
at the desk are listed, without the other people's words, under accounts/export.py's ACTS)."""


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def consultations(user):
    rows = user.consultations.select_related("topic").prefetch_related("referrals__service").order_by("created_at")
    return [
        {
            "topic": c.get_area_display(),
            "language": c.language,
            "state": c.state,
            "opened_at": _plain(c.created_at),
            "closed_at": _plain(c.closed_at),
            "messages": [
                {
                    "author": m.author.display_name if m.author else None,
                    "created_at": _plain(m.created_at),
                    "text": m.body_source,
                }
                for m in c.topic.messages.select_related("author").order_by("id")
            ],
            "referrals": [
                {
                    "service": r.service.name,
                    "state": r.state,
                    "shared_summary": r.summary if r.share_summary else "",
                    "code": r.code,
                    "proposed_at": _plain(r.created_at),
                    "decided_at": _plain(r.decided_at),
                }
                for r in c.referrals.all()
            ],
        }
        for c in rows
    ]


def consultant(user):
    profile = getattr(user, "consultant", None)
    if profile is None:
        return None
    return {"profession": profile.profession, "topics": profile.areas, "languages": profile.languages}
