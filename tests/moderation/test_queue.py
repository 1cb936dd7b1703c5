"""moderation/queue.py is the only writer of queue items and log rows, and what it writes is what moderators see."""

import ast
from pathlib import Path

import pytest

from moderation import queue
from moderation.models import ModerationLog, QueueItem
from moderation.pipeline import Kind, submit

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "benchmarks", "groups", "moderation", "peersupport", "surveys", "outreach"]
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "bulk_update", "delete", "save"}
WRITES |= {"redact_reasons"}
ROWS = {"QueueItem", "ModerationLog", "queue_items", "moderation_log"}
# Seed data for `make run` and the benchmarks writes rows directly; so do migrations.
EXEMPT = {"moderation/queue.py", "groups/management/commands/bench_seed.py"}


def _exempt(path):
    relative = path.relative_to(ROOT).as_posix()
    return relative in EXEMPT or "/migrations/" in relative or path.name == "demo.py" or path.name == "seed_demo.py"


def _names_in(node):
    """Every name and attribute on the receiver chain of a call, e.g. QueueItem.objects.filter(...)."""
    while True:
        if isinstance(node, ast.Attribute):
            yield node.attr
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            yield node.id
            return
        else:
            return


def _is_write(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES


def queue_writes_outside_queue():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if _exempt(path):
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if _is_write(node) and ROWS & set(_names_in(node.func.value)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_queue_module_writes_queue_items_and_log_rows():
    assert queue_writes_outside_queue() == []


def test_the_structural_check_sees_a_write(tmp_path, monkeypatch):
    """The check is not vacuous: a direct write in an app module is found."""
    fake = tmp_path / "moderation"
    fake.mkdir()
    (fake / "sneaky.py").write_text("def f(m):\n    QueueItem.objects.filter(message=m).update(status='resolved')\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.APPS", ["moderation"])
    assert queue_writes_outside_queue() == ["moderation/sneaky.py:2"]


@pytest.fixture
def held(member, group):
    group.premoderation_count = 1
    group.save()
    return submit(member, group, "words", kind=Kind.TOPIC, title="A title").message


def test_open_item_does_not_open_a_second_one(held, group):
    item, created = queue.open_item(group, QueueItem.Kind.HELD, message=held, reason="again")
    assert not created and item == QueueItem.objects.get(message=held)
    assert list(queue.open_items([group])) == [item]


def test_resolve_items_closes_them_for_the_moderator(held, group, moderator):
    assert queue.resolve_items(moderator, message=held) == 1
    item = QueueItem.objects.get(message=held)
    assert item.status == QueueItem.Status.RESOLVED and item.resolved_by == moderator
    assert list(queue.open_items([group])) == []


def test_record_appends_to_the_log(group, moderator, member):
    entry = queue.record(moderator, group, "note", target_user=member)
    assert list(ModerationLog.objects.filter(group=group)) == [entry]
