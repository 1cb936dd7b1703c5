"""Demo groups, memberships and content for `seed_demo` (names are a contract)."""

from accounts.models import User
from moderation.models import QueueItem

from .models import Group, GroupRules, JoinAnswer, JoinRequest, Membership, MembershipQuestion

RULES = {
    "recovery-circle": (
        "Be kind. Everyone here is doing their best, wherever they are with drug use.\n"
        "What is said here stays here: no screenshots, no names of people outside the group.\n"
        "No buying, selling or sharing drugs, and no contacts for it.\n"
        "Share what works for you; do not tell others what they must do.\n"
        "If you are worried about someone's safety, use the report button or the help page."
    ),
    "family-and-friends": (
        "Be kind to each other and to the people we worry about.\n"
        "Keep everything you read here private, and do not name the people you write about.\n"
        "Speak about people who use drugs with respect.\n"
        "No advertising of treatment or services.\n"
        "If you fear for someone's life right now, call 112 first."
    ),
    "remembering-together": (
        "Be gentle. Every loss and every way of grieving is respected here.\n"
        "Keep what you read here private.\n"
        "No blame of the people we lost, or of each other.\n"
        "You can write as much or as little as you like; reading is welcome too.\n"
        "If the grief becomes too heavy, the help page lists people to talk to at any hour."
    ),
}

GROUPS = [
    {
        "slug": "recovery-circle",
        "name": "Recovery circle",
        "kind": Group.Kind.RECOVERY,
        "visibility": Group.Visibility.LISTED,
        "join_policy": Group.JoinPolicy.REQUEST,
        "description": "A closed group for people who use drugs or are in recovery. Share what helps, ask anything, "
        "and be heard without judgement.",
        "questions": ["How does drug use affect your life at the moment?", "What do you hope to find in this group?"],
    },
    {
        "slug": "family-and-friends",
        "name": "Family and friends",
        "kind": Group.Kind.FAMILY,
        "visibility": Group.Visibility.LISTED,
        "join_policy": Group.JoinPolicy.REQUEST,
        "description": "For parents, siblings, partners and friends of people who use drugs.",
        "questions": ["Who are you worried about? (No names, please.)", "What kind of support are you looking for?"],
    },
    {
        "slug": "remembering-together",
        "name": "Remembering together",
        "kind": Group.Kind.BEREAVEMENT,
        "visibility": Group.Visibility.HIDDEN,
        "join_policy": Group.JoinPolicy.INVITATION,
        "description": "For people who lost someone to drugs. Remember together, at your own pace.",
        "questions": ["Would you like to tell us a little about who you lost?", "How can this group help you now?"],
    },
]

# A bilingual group with no moderator yet: staff's dashboard lists it (no moderator, nobody on duty tonight), and
# staff appoint someone on its moderators page (e.g. Nurse Noor, a professional: its members are then told).
BILINGUAL = {
    "slug": "evenings-together",
    "name": "Iltaisin yhdessä",
    "kind": Group.Kind.FAMILY,
    "visibility": Group.Visibility.LISTED,
    "join_policy": Group.JoinPolicy.REQUEST,
    "languages": ["fi", "en"],
    "description": "Läheisille, iltaisin. Ryhmässä kirjoitetaan suomeksi ja englanniksi.",
}
BILINGUAL_RULES = {
    "fi": "Ole ystävällinen.\nPidä lukemasi omana tietonasi.\nÄlä kerro nimiä.",
    "en": "Be kind.\nKeep what you read here private.\nDo not name anyone.",
}
BILINGUAL_QUESTIONS = {"fi": ["Mitä toivot tältä ryhmältä?"], "en": ["What do you hope to find in this group?"]}

MEMBERS = [
    ("recovery-circle", "moderator@example.org", Membership.Role.MODERATOR),
    ("family-and-friends", "moderator@example.org", Membership.Role.MODERATOR),
    ("recovery-circle", "member@example.org", Membership.Role.MEMBER),
    ("family-and-friends", "family@example.org", Membership.Role.MEMBER),
    ("remembering-together", "bereaved@example.org", Membership.Role.MEMBER),
]

APPLICANT_ANSWERS = [
    "I have used for a few years and I am trying to cut down. It is hard to talk about it with anyone I know.",
    "People who understand, and maybe some tips for the bad evenings.",
]


def seed_groups():
    """Create the demo groups, memberships and the applicant's pending request, once."""
    groups = {spec["slug"]: _group(spec) for spec in GROUPS}
    _bilingual_group()
    for slug, email, role in MEMBERS:
        user = User.objects.get(email=email)
        Membership.objects.get_or_create(
            group=groups[slug], user=user, defaults={"role": role, "rules_version_accepted": 1}
        )
    _pending_request(groups["recovery-circle"], User.objects.get(email="applicant@example.org"))
    return groups


def _group(spec):
    fields = {k: v for k, v in spec.items() if k not in ("slug", "questions")}
    group, created = Group.objects.get_or_create(slug=spec["slug"], defaults=fields)
    if created:
        GroupRules.objects.create(group=group, version=1, text=RULES[group.slug])
        for position, text in enumerate(spec["questions"], start=1):
            MembershipQuestion.objects.create(group=group, position=position, text=text)
    group.chat_topic()
    return group


def _bilingual_group():
    fields = {k: v for k, v in BILINGUAL.items() if k != "slug"}
    group, created = Group.objects.get_or_create(slug=BILINGUAL["slug"], defaults=fields)
    if created:
        for language, text in BILINGUAL_RULES.items():
            GroupRules.objects.create(group=group, version=1, language=language, text=text)
        for language, questions in BILINGUAL_QUESTIONS.items():
            for position, text in enumerate(questions, start=1):
                MembershipQuestion.objects.create(group=group, language=language, position=position, text=text)
    group.chat_topic()
    return group


def _pending_request(group, user):
    if JoinRequest.objects.filter(group=group, user=user).exists():
        return
    join_request = JoinRequest.objects.create(group=group, user=user, rules_version_accepted=1)
    for question, answer in zip(group.questions.all(), APPLICANT_ANSWERS, strict=False):
        JoinAnswer.objects.create(join_request=join_request, question_text=question.text, answer=answer)
    QueueItem.objects.create(group=group, kind=QueueItem.Kind.JOIN_REQUEST, join_request=join_request)
