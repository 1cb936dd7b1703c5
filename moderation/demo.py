"""Demo watched words, held and reported messages for `seed_demo` (idempotent)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from groups.models import Group, Membership, Message, Topic

from . import sanitize
from .models import QueueItem, Report, WatchedWord

_CONTACT = gettext_noop(
    "Please do not share phone numbers or e-mail addresses here: it can identify you or others. "
    "If you want to talk privately, ask a moderator. Remove the contact details and send again."
)
_DEALING = gettext_noop(
    "Buying, selling or swapping drugs is not allowed here, for everyone's safety. "
    "Reword your message without it and send again."
)
_SLUR = gettext_noop(
    "Please use kinder words: this one hurts people here. Reword your message and send again. "
    "For example, say 'people who use drugs' rather than a label."
)

# (pattern, is_regex, action, language, reason). Reused by seed_moderation and
# by any data migration or command that installs the starter list.
WATCHED_WORDS = [
    # Selling and dealing: explicit offers are refused, ambiguous words held for a moderator.
    (
        r"\b(i\s+can\s+sell|selling\s+(gear|pills|tabs|coke|weed|meth|benzos|opioids|oxy)|dm\s+(me\s+)?to\s+buy)\b",
        True,
        "refuse",
        "en",
        _DEALING,
    ),
    ("for sale", False, "hold", "en", ""),
    ("selling", False, "hold", "en", ""),
    ("plug", False, "hold", "en", ""),
    ("hit me up", False, "hold", "en", ""),
    (r"\bmyyn\s+(kamaa|pillereitä|pillereita|bentsoja|subua|piriä|piria|ainetta)\b", True, "refuse", "fi", _DEALING),
    (r"\bmyy(n|dään|daan|mme)\b", True, "hold", "fi", ""),
    (r"\bosta(n|isin)\b", True, "hold", "fi", ""),
    ("kuka myy", False, "hold", "fi", ""),
    ("diilaan", False, "refuse", "fi", _DEALING),
    # Privacy: personal phone numbers (international, or Finnish mobile 04x/050) and e-mail
    # addresses. Service and crisis lines (0800..., 09 2525 0111, 116 123) stay allowed.
    (r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ -]?\d{1,3}|0(?:4\d|50))([ -]?\d){5,9}(?!\d)", True, "refuse", "", _CONTACT),
    (r"[\w.+-]+@[\w-]+(\.[\w-]+)+", True, "refuse", "", _CONTACT),
    # Slurs: stigmatising labels and hate words.
    ("junkie", False, "unkind", "en", _SLUR),
    ("junkies", False, "unkind", "en", _SLUR),
    ("crackhead", False, "unkind", "en", _SLUR),
    ("crackheads", False, "unkind", "en", _SLUR),
    ("smackhead", False, "unkind", "en", _SLUR),
    ("druggie", False, "unkind", "en", _SLUR),
    ("retard", False, "unkind", "en", _SLUR),
    ("faggot", False, "unkind", "en", _SLUR),
    ("nigger", False, "unkind", "en", _SLUR),
    (r"\bnarkk?(i|ari)\w*", True, "unkind", "fi", _SLUR),
    (r"\bnisti\w*", True, "unkind", "fi", _SLUR),
    (r"\bneekeri\w*", True, "unkind", "fi", _SLUR),
    (r"\bhintti\w*", True, "unkind", "fi", _SLUR),
    (r"\bjälkeenjäänyt\w*", True, "unkind", "fi", _SLUR),
]


def seed_watched_words():
    for pattern, is_regex, action, language, reason in WATCHED_WORDS:
        WatchedWord.objects.get_or_create(
            pattern=pattern,
            group=None,
            defaults={"is_regex": is_regex, "action": action, "language": language, "reason": reason},
        )


def _post(group, topic, author, text, status=Message.Status.PUBLISHED):
    return Message.objects.create(
        group=group,
        topic=topic,
        author=author,
        body_source=text,
        body_html=sanitize.render_markdown(text),
        status=status,
    )


def _topic(group, author, title, posts):
    """A topic with its messages, created once (found again by title)."""
    topic = Topic.objects.filter(group=group, title=title, is_chat=False).first()
    if topic is not None:
        return topic, list(topic.messages.order_by("id"))
    topic = Topic.objects.create(group=group, title=title, created_by=author, last_activity_at=timezone.now())
    messages = [_post(group, topic, who, text) for who, text in posts]
    topic.reply_count = len(messages) - 1
    topic.save(update_fields=["reply_count"])
    return topic, messages


def _members(group):
    return {m.user.email: m.user for m in Membership.objects.filter(group=group).select_related("user")}


@transaction.atomic
def seed_moderation():
    """Watched words, plus demo topics with one held and one reported message (skipped if groups are absent)."""
    seed_watched_words()
    circle = Group.objects.filter(slug="recovery-circle").first()
    family = Group.objects.filter(slug="family-and-friends").first()
    if circle is not None:
        _seed_circle(circle)
        _seed_chat(
            circle,
            [
                ("moderator@example.org", "Good evening everyone. I am around until midnight if anyone wants to talk."),
                ("member@example.org", "Can't sleep again. Third night in a row."),
                (
                    "moderator@example.org",
                    "That sounds exhausting. Many of us had weeks like that early on. "
                    "Do you want to talk about what keeps you up?",
                ),
                ("member@example.org", "Mostly racing thoughts. Writing here helps a bit, thank you."),
            ],
        )
    if family is not None:
        _seed_family(family)


def _seed_circle(group):
    people = _members(group)
    member, mod = people.get("member@example.org"), people.get("moderator@example.org")
    if not member or not mod:
        return
    _topic(
        group,
        member,
        "What helped you through the first week?",
        [
            (member, "I am on day five. Nights are the hardest. What helped you through the first week?"),
            (
                mod,
                "Day five is a lot. Thank you for sharing it here. For me it was *short walks* and a friend "
                "I could text at night.",
            ),
            (member, "Walks sound good. I will try one tomorrow morning."),
        ],
    )
    topic, messages = _topic(
        group,
        member,
        "Small wins this week",
        [
            (mod, "Share one small thing that went well this week, however small."),
            (
                member,
                "I cooked a proper meal and ate it at the table. And I told my sister's name to my counsellor "
                "when talking about her.",
            ),
        ],
    )
    if not Report.objects.filter(message__topic=topic).exists() and len(messages) > 1:
        reported = messages[1]
        rules = group.current_rules()
        rule = rules.items()[-1] if rules and rules.items() else ""
        Report.objects.create(message=reported, reporter=mod, rule=rule, note="A second pair of eyes, please.")
        QueueItem.objects.create(group=group, kind=QueueItem.Kind.REPORTED, message=reported, reason_code="reported")
    if not Message.objects.filter(group=group, status=Message.Status.HELD).exists():
        held = _post(
            group,
            topic,
            member,
            "Is anyone selling anything near the station? Asking for a friend.",
            status=Message.Status.HELD,
        )
        QueueItem.objects.create(
            group=group,
            kind=QueueItem.Kind.HELD,
            message=held,
            reason_code="hold",
        )


def _seed_chat(group, lines):
    """A few chat messages so the demo chat is not empty (once: skipped if the chat has any)."""
    chat = group.chat_topic()
    if chat.messages.exists():
        return
    people = _members(group)
    for email, text in lines:
        if email in people:
            _post(group, chat, people[email], text)


def _seed_family(group):
    people = _members(group)
    parent, mod = people.get("family@example.org"), people.get("moderator@example.org")
    if not parent or not mod:
        return
    _topic(
        group,
        parent,
        "How do you talk with your child about it?",
        [
            (parent, "My son is 19. Every conversation turns into a fight. How do you start talking without blaming?"),
            (
                mod,
                "Many parents here have been there. Some find it easier to talk while doing something "
                "together, like driving. You are not alone with this.",
            ),
        ],
    )
