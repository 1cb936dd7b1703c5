"""Groups, membership, vetting, and the one content model (topics and messages).

Follows Zulip: a group has topics and every message belongs to a topic. The live chat is the group's always-open
"Chat" topic. A message's status and its topic's reply count change only through the methods below
(Message.publish, hold, hide, remove, erase; Topic.count_reply, uncount_reply), so the count is always the
number of replies readers can see.
"""

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peersupport.reasons import ReasonFields

from . import limits
from .languages import GroupLanguages, InOneLanguage
from .search.config import LANGUAGES, default_language

MAX_QUESTIONS = 5


def hash_token(token):
    """Invitation tokens are stored only as a SHA-256 hash."""
    return hashlib.sha256(token.encode()).hexdigest()


class PeerGroupManager(models.Manager):
    """`Group.objects`: the peer groups. The outreach desk's group is left out of every list, form, count and
    lookup by address; only outreach/desk.py reaches it, through `Group.all_objects`."""

    def get_queryset(self):
        return super().get_queryset().filter(is_desk=False)


class Group(GroupLanguages):
    class Kind(models.TextChoices):
        RECOVERY = "recovery", _("People who use drugs or are in recovery")
        FAMILY = "family", _("Parents, siblings, partners and friends")
        BEREAVEMENT = "bereavement", _("People who lost someone to drugs")

    class Visibility(models.TextChoices):
        LISTED = "listed", _("Listed: signed-in people see its name and description")
        HIDDEN = "hidden", _("Hidden: invisible to everyone outside it")

    class JoinPolicy(models.TextChoices):
        INVITATION = "invitation", _("Invitation only")
        REQUEST = "request", _("Invitation or request")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=limits.DESCRIPTION, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The language people write in here: search stems words its way (groups/search/config.py).
    language = models.CharField(
        _("language people write in"), max_length=8, choices=LANGUAGES, blank=True, default=default_language
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default="listed")
    join_policy = models.CharField(_("how to join"), max_length=12, choices=JoinPolicy.choices, default="request")
    members_see_member_list = models.BooleanField(_("members see the member list"), default=False)
    premoderation_count = models.PositiveSmallIntegerField(_("messages held for review from a new member"), default=2)
    report_threshold = models.PositiveSmallIntegerField(_("reports that hide a message"), default=3)
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode: seconds between messages"), default=0)
    retention_days = models.PositiveIntegerField(
        _("delete messages older than (days)"), null=True, blank=True, help_text=_("Empty: keep messages.")
    )
    # The outreach desk's own hidden group (outreach/desk.py makes it): it holds the consultations as private
    # topics, has no members, and the gate keeps it out of every list and page, staff's included.
    is_desk = models.BooleanField(default=False, db_default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when staff archive a group that has ended: members read on, nobody writes or joins (groups/staff/actions.py)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = PeerGroupManager()
    all_objects = models.Manager()  # noqa: DJ012  (a second manager, not a field)

    class Meta:
        ordering = ["name"]
        base_manager_name = "all_objects"
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:group-home", args=[self.slug])

    def chat_topic(self):
        topic, _created = Topic.objects.get_or_create(
            group=self, is_chat=True, defaults={"title": "Chat", "last_activity_at": timezone.now()}
        )
        return topic


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")
        OWNER = "owner", _("Owner")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    rules_version_accepted = models.PositiveIntegerField(default=0)
    last_read_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]
        indexes = [models.Index(fields=["user", "group"])]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def is_moderator(self):
        return self.role in (self.Role.MODERATOR, self.Role.OWNER)

    def is_muted(self, now=None):
        return self.muted_until is not None and self.muted_until > (now or timezone.now())


class Ban(ReasonFields):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_bans")
    reason = models.TextField(_("reason"), max_length=limits.REASON, blank=True)
    banned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    # When the end (or the lift) was dealt with: the member was told, and is a member again if they were one.
    ended_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def active_q(cls, now=None):
        return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now or timezone.now()))


class GroupRules(InOneLanguage):
    """One version of a group's rules in one of its languages; the newest is the current one. Each non-empty
    line of `text` is one rule, so a report can cite it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="rules")
    version = models.PositiveIntegerField()
    text = models.TextField(_("rules"), max_length=10000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "version", "language"], name="one_rules_version")]
        ordering = ["-version"]

    def items(self):
        return [line.strip(" -*\t") for line in self.text.splitlines() if line.strip(" -*\t")]


class MembershipQuestion(InOneLanguage):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=limits.QUESTION)

    class Meta:
        ordering = ["position", "id"]


class Invitation(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("note (seen by moderators only)"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.uses < self.max_uses


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True)
    rules_version_accepted = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decline_reason = models.TextField(_("reason"), max_length=limits.REASON, blank=True)
    answers_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="one_pending_request_per_group"
            )
        ]


class JoinAnswer(models.Model):
    """An applicant's answer; seen only by the group's moderators and staff, purged after the decision."""

    join_request = models.ForeignKey(JoinRequest, on_delete=models.CASCADE, related_name="answers")
    question_text = models.CharField(max_length=limits.QUESTION)
    answer = models.TextField(max_length=limits.ANSWER)


class Topic(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=limits.TITLE)
    is_chat = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    reply_count = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)  # triggers: content/window_cache
    # A support conversation (groups/content/support.py): private, never listed, never in the group's live channel.
    support_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="support_topics"
    )
    support_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    support_ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["group", "-pinned", "-last_activity_at", "-id"], name="topic_list_order")]
        constraints = [
            models.UniqueConstraint(fields=["group"], condition=Q(is_chat=True), name="one_chat_topic_per_group"),
            models.UniqueConstraint(
                fields=["group", "support_member"],
                condition=Q(support_member__isnull=False, support_ended_at__isnull=True),
                name="one_open_support_conversation",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.is_chat:
            return reverse("groups:chat", args=[self.group.slug])
        return reverse("groups:topic-detail", args=[self.group.slug, self.pk])

    def touch(self, now=None):
        """The topic shows new activity (its first message, or a reply)."""
        Topic.objects.filter(pk=self.pk).update(last_activity_at=now or timezone.now())

    def count_reply(self, now=None):
        """A reply became visible: one more in the count, and the topic shows the activity."""
        Topic.objects.filter(pk=self.pk).update(
            last_activity_at=now or timezone.now(), reply_count=F("reply_count") + 1
        )

    def uncount_reply(self, count=1):
        """`count` replies left the page (hidden, held again, removed, deleted); never below zero."""
        Topic.objects.filter(pk=self.pk).update(reply_count=Greatest(F("reply_count") - count, Value(0)))


class MessageQuerySet(models.QuerySet):
    def delete_and_uncount(self):
        """Delete these messages; the topics that stay count their published replies fewer."""
        earlier = Message.objects.filter(topic=OuterRef("topic"), pk__lt=OuterRef("pk"))
        replies = self.filter(Exists(earlier), status=Message.Status.PUBLISHED)
        per_topic = list(replies.order_by().values_list("topic_id").annotate(n=Count("pk")))
        deleted, _detail = self.delete()
        for topic_id, count in per_topic:
            Topic(pk=topic_id).uncount_reply(count)
        return deleted


class Message(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Waiting for a moderator")
        HIDDEN = "hidden", _("Hidden after reports, waiting for a moderator")
        REMOVED = "removed", _("Removed by a moderator")
        DELETED = "deleted", _("Deleted by its author")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="messages")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="messages", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    body_source = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The id the sender's client gave the message before it was saved: a resend answers the stored one.
    client_id = models.CharField(max_length=64, blank=True, default="")
    # Kept by PostgreSQL (trigger and GIN index: groups/migrations/0008_search.py); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies")

    objects = MessageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["topic", "status", "id"], name="message_topic_page"),
            # Keyset pages of one topic whatever the status filter (published OR own held), and every lookup by
            # topic (`topic` has no index of its own): never a walk past other groups' messages (issues 11, 16).
            models.Index(fields=["topic", "id"], name="message_topic_keyset"),
            models.Index(fields=["group", "author", "id"], name="message_group_author"),
            models.Index(fields=["group", "id"], name="message_group_newest"),  # search: a group's newest first
            models.Index(fields=["group", "created_at"], name="message_group_created"),  # unread since joining
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"], condition=~models.Q(client_id=""), name="message_one_per_client_id"
            ),
        ]

    def __str__(self):
        return f"message {self.pk}"

    GONE = (Status.REMOVED, Status.DELETED)

    def is_reply(self):
        """Every message after a topic's first one is a reply (the first one opens the topic)."""
        return Message.objects.filter(topic_id=self.topic_id, pk__lt=self.pk).exists()

    def _topic(self):
        return self.topic if Message.topic.is_cached(self) else Topic(pk=self.topic_id)

    def _become(self, status, fields=()):
        """Write the new status (and `fields`); a reply that leaves the page leaves its topic's count."""
        shown = self.status == Message.Status.PUBLISHED
        self.status = status
        self.save(update_fields=["status", *fields])
        if shown and self.is_reply():
            self._topic().uncount_reply()

    def publish(self, now=None):
        """Show a held or hidden message: its topic counts the reply (or shows the activity). False if shown."""
        if self.status == Message.Status.PUBLISHED:
            return False
        self.status = Message.Status.PUBLISHED
        self.save(update_fields=["status"])
        if self.is_reply():
            self._topic().count_reply(now)
        else:
            self._topic().touch(now)
        return True

    def hold(self):
        """An edit sends a published message back to the moderators."""
        self._become(Message.Status.HELD)

    def hide(self):
        """Hidden after reports, until a moderator looks at it."""
        self._become(Message.Status.HIDDEN)

    def remove(self):
        """Removed by a moderator: it stays as a placeholder."""
        self._become(Message.Status.REMOVED)

    def erase(self):
        """Deleted by its author: the text goes, and so do earlier versions."""
        self.body_source = self.body_html = ""
        self._become(Message.Status.DELETED, ["body_source", "body_html"])
        self.revisions.all().delete()


class MessageRevision(models.Model):
    """Earlier text of an edited message, for moderators."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    body_source = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


from .membership.models import TopicReadMark  # noqa: E402,F401  (read marks of discussion topics)
from .reaction_models import Reaction  # noqa: E402,F401  (registers the chat's reactions; their keys are strings)
