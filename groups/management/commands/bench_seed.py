"""Seed the benchmark data set fast: bulk inserts (COPY on PostgreSQL).

Defaults are the size of a real NGO (issue 11): 200 groups, 20,000 members,
1,000,000 messages, 10,000 open moderation items. Group ``bench-000`` is the
one the benchmarks measure: it has ``--focus-members`` members (the largest
chat fan-out) and ``--focus-share`` of all messages and queue items. Every
bench account has an unusable password; the benchmark logs in by creating
sessions through the ORM. Never run this against a production database.
"""

import csv
import io
import json
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from groups.models import Group, GroupRules, JoinAnswer, JoinRequest, Membership, Message, Topic
from moderation.models import QueueItem, Report
from moderation.sanitize import render_markdown

SLUG_PREFIX = "bench-"
EMAIL_DOMAIN = "bench.invalid"
RULES = "Be kind.\nNo selling or buying.\nKeep names private."
KINDS = [Group.Kind.RECOVERY, Group.Kind.FAMILY, Group.Kind.BEREAVEMENT]
SENTENCES = [
    "Today was a better day than yesterday.",
    "Thank you all for listening last night, it helped more than I can say.",
    "Does anyone know a **naloxone** training near the station?",
    "My brother started treatment this week. I am hopeful and scared at the same time.",
    "Small steps. I went for a walk and called my sponsor.",
    "It has been a year since we lost him. I light a candle every evening.",
    "Remember: *never use alone*. Test strips are free at the drop-in centre.",
    "Sending strength to everyone who is struggling tonight.",
]


def bench_email(index):
    return f"bench-{index:05d}@{EMAIL_DOMAIN}"


def bench_slug(index):
    return f"{SLUG_PREFIX}{index:03d}"


def _copy_value(value):
    """A value as COPY's CSV reads it: \\N for NULL, JSON for a list or a dict (a JSONField)."""
    if value is None:
        return r"\N"
    return json.dumps(value) if isinstance(value, list | dict) else value


def write_rows(model, fields, rows):
    """Insert `rows` (tuples in `fields` order, explicit ids) with COPY, or bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        names = [model._meta.get_field(f).attname for f in fields]
        model.objects.bulk_create((model(**dict(zip(names, row, strict=True))) for row in rows), batch_size=2000)
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with connection.cursor() as cursor:
        chunk = io.StringIO()
        writer = csv.writer(chunk)
        for count, row in enumerate(rows, 1):
            writer.writerow([_copy_value(value) for value in row])
            if count % 50000 == 0:
                chunk.seek(0)
                cursor.cursor.copy_expert(sql, chunk)
                chunk = io.StringIO()
                writer = csv.writer(chunk)
        chunk.seek(0)
        cursor.cursor.copy_expert(sql, chunk)


def next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def split(total, parts):
    """`total` split into `parts` near-equal integers."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


class Command(BaseCommand):
    help = "Seed the large benchmark data set (bulk inserts; skips when it is already there)."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=200)
        parser.add_argument("--members", type=int, default=20000)
        parser.add_argument("--messages", type=int, default=1000000)
        parser.add_argument("--queue", type=int, default=10000, help="Open moderation items.")
        parser.add_argument("--topics", type=int, default=25, help="Forum topics per group (plus the chat).")
        parser.add_argument("--focus-members", type=int, default=1000)
        parser.add_argument("--focus-share", type=float, default=0.2)

    def handle(self, *args, **opts):
        started = time.monotonic()
        existing = Group.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing:
            if existing == opts["groups"] and Message.objects.filter(group__slug=bench_slug(0)).exists():
                self.stdout.write("Benchmark data set already present; not reseeding.")
                return
            raise CommandError(
                "A different or partial benchmark data set is in this database. "
                "Drop and recreate the benchmark database, then seed again."
            )
        if opts["groups"] < 1 or opts["members"] < opts["focus_members"] or opts["topics"] < 1:
            raise CommandError("Need at least one group, one topic, and --members >= --focus-members.")
        with transaction.atomic():
            Seeder(opts, self.stdout).run()
        if connection.vendor == "postgresql":
            # Fresh statistics so the planner picks the keyset indexes; VACUUM
            # cannot run inside a transaction (tests), ANALYZE can.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(f"Seeded the benchmark data set in {time.monotonic() - started:.0f} s.")


class Seeder:
    def __init__(self, opts, out):
        self.o, self.out = opts, out
        self.now = timezone.now()
        self.html = [render_markdown(s) for s in SENTENCES]

    def log(self, text):
        self.out.write(f"  {text}")

    def run(self):
        self.users()
        self.groups()
        self.memberships()
        self.topics_and_messages()
        self.queue()
        models = [get_user_model(), Group, GroupRules, Membership, Topic, Message, QueueItem, JoinRequest]
        models += [JoinAnswer, Report]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def users(self):
        User = get_user_model()
        self.user0, n = next_id(User), self.o["members"]
        fields = ["id", "email", "display_name", "password", "is_professional", "is_staff", "is_superuser"]
        fields += ["is_active", "date_joined", "language", "show_presence", "typing_indicators"]
        fields += ["email_frequency", "email_details", "urgent_email", "discreet_mode"]
        joined = self.now - timedelta(days=400)
        rows = (
            (self.user0 + i, bench_email(i), f"bench{i:05d}", "!bench-no-login", False, False, False, True)
            + (joined, "", True, True, "never", False, False, False)
            for i in range(n)
        )
        write_rows(User, fields, rows)
        self.log(f"{n} accounts")

    def groups(self):
        self.group0, n = next_id(Group), self.o["groups"]
        fields = ["id", "name", "slug", "description", "kind", "visibility", "join_policy"]
        fields += ["members_see_member_list", "premoderation_count", "report_threshold", "slow_mode_seconds"]
        fields += ["retention_days", "created_at", "language", "languages"]
        rows = (
            (self.group0 + g, f"Bench group {g:03d}", bench_slug(g), "A benchmark group.", KINDS[g % 3])
            + ("listed", "request", False, 0, 3, 0, None, self.now - timedelta(days=400), "en", ["en"])
            for g in range(n)
        )
        write_rows(Group, fields, rows)
        rules0 = next_id(GroupRules)
        rows = ((rules0 + g, self.group0 + g, 1, RULES, None, self.now, "en") for g in range(n))
        write_rows(GroupRules, ["id", "group", "version", "text", "created_by", "created_at", "language"], rows)
        self.log(f"{n} groups")

    def memberships(self):
        """The first --focus-members people are in group 0; everyone else in one other group."""
        n_groups, focus = self.o["groups"], self.o["focus_members"]
        self.members = {g: [] for g in range(n_groups)}
        for i in range(self.o["members"]):
            g = 0 if i < focus or n_groups == 1 else 1 + i % (n_groups - 1)
            self.members[g].append(self.user0 + i)
        first = next_id(Membership)
        rows, roles = [], ["owner", "moderator", "moderator"]
        for g, users in self.members.items():
            for k, user_id in enumerate(users):
                role = roles[k] if k < 3 else "member"
                rows.append((first + len(rows), self.group0 + g, user_id, role, self.now, None, 1, 0))
        fields = ["id", "group", "user", "role", "joined_at", "muted_until", "rules_version_accepted"]
        write_rows(Membership, fields + ["last_read_message_id"], rows)
        self.log(f"{len(rows)} memberships")

    def message_counts(self):
        total, n_groups = self.o["messages"], self.o["groups"]
        focus = round(total * (self.o["focus_share"] if n_groups > 1 else 1))
        return [focus] + split(total - focus, n_groups - 1)

    def queue_counts(self):
        total, n_groups = self.o["queue"], self.o["groups"]
        focus = round(total * (self.o["focus_share"] if n_groups > 1 else 1))
        return [focus] + split(total - focus, n_groups - 1)

    def topics_and_messages(self):
        """Per group: 40% chat, 20% the first topic, the rest spread over the other topics."""
        n_topics = self.o["topics"]
        topic_id, first_message = next_id(Topic), next_id(Message)
        start, step = self.now - timedelta(days=365), 365 * 86400 / max(self.o["messages"], 1)
        topics, plan, self.queue_targets = [], [], {}
        message_id = first_message
        for g, count in enumerate(self.message_counts()):
            chat = round(count * 0.4)
            first = round(count * 0.2) if n_topics > 1 else count - chat
            for t, many in enumerate([chat, first] + split(count - chat - first, n_topics - 1)):
                last = start + timedelta(seconds=(message_id + many - first_message) * step)
                title = "Chat" if t == 0 else f"Topic {t} of group {g}"
                topics.append((topic_id, self.group0 + g, title, t == 0, None, start, last, False, False))
                topics[-1] += (max(many - 1, 0),)
                plan.append((g, topic_id, t, message_id, many))
                topic_id, message_id = topic_id + 1, message_id + many
            self.queue_targets[g] = message_id
        fields = ["id", "group", "title", "is_chat", "created_by", "created_at", "last_activity_at"]
        write_rows(Topic, fields + ["pinned", "locked", "reply_count"], topics)
        self.log(f"{len(topics)} topics")

        def rows():
            for g, topic, t, first_id, many in plan:
                authors = self.members[g]
                for k in range(many):
                    created = start + timedelta(seconds=(first_id + k - first_message) * step)
                    text = k % len(SENTENCES)
                    author = authors[(k * 7 + t) % len(authors)] if authors else None
                    row = (first_id + k, self.group0 + g, topic, author, SENTENCES[text], self.html[text])
                    yield row + ("published", False, created, None, "")

        fields = ["id", "group", "topic", "author", "body_source", "body_html", "status", "urgent"]
        fields += ["created_at", "edited_at", "client_id"]
        write_rows(Message, fields, rows())
        self.log(f"{message_id - first_message} messages")

    def queue(self):
        """Open items: 70% held messages, 20% reported, 10% join requests (every 10th is urgent)."""
        item_id, report_id, request_id, answer_id = (next_id(m) for m in (QueueItem, Report, JoinRequest, JoinAnswer))
        items, reports, requests, answers, held = [], [], [], [], []
        counts = self.queue_counts()
        outsiders = [self.user0 + i for i in range(self.o["members"])]
        for g, count in enumerate(counts):
            end = self.queue_targets[g]
            inside = set(self.members[g])
            candidates = (u for u in outsiders[::-1] if u not in inside)
            for k in range(count):
                message = end - 1 - k
                kind = "held" if k % 10 < 7 else "reported" if k % 10 < 9 else "join_request"
                group_id, request = self.group0 + g, None
                if kind == "join_request":
                    user = next(candidates, None)
                    if user is None:
                        kind = "held"
                    else:
                        request, message = request_id, None
                        requests.append((request_id, group_id, user, "pending", None, 1, self.now, None, None, ""))
                        for q in range(2):
                            answers.append((answer_id, request_id, f"Question {q + 1}", "An honest answer."))
                            answer_id += 1
                        request_id += 1
                if kind == "held":
                    held.append(message)
                if kind == "reported":
                    reporter = self.members[g][k % len(self.members[g])]
                    reports.append((report_id, message, reporter, "Be kind.", "", self.now, None))
                    report_id += 1
                reason = "" if kind == "join_request" else "Benchmark item."
                status = QueueItem.Status.OPEN.value
                items.append((item_id, group_id, kind, message, request, k % 10 == 0, reason, status))
                items[-1] += (None, None, self.now - timedelta(minutes=k), None, None)
                item_id += 1
        Message.objects.filter(pk__in=held).update(status=Message.Status.HELD)
        fields_r = ["id", "group", "user", "status", "invitation", "rules_version_accepted", "created_at"]
        write_rows(JoinRequest, fields_r + ["decided_at", "decided_by", "decline_reason"], requests)
        write_rows(JoinAnswer, ["id", "join_request", "question_text", "answer"], answers)
        write_rows(Report, ["id", "message", "reporter", "rule", "note", "created_at", "dismissed_at"], reports)
        fields_q = ["id", "group", "kind", "message", "join_request", "urgent", "reason", "status"]
        fields_q += ["claimed_by", "claimed_at", "created_at", "resolved_at", "resolved_by"]
        write_rows(QueueItem, fields_q, items)
        self.log(f"{len(items)} open moderation items")
