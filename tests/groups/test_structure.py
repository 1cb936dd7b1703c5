"""The gate cannot be bypassed: only groups/access/ and the membership actions read memberships, bans and
join requests (issue 15). A text walk over every product module's syntax tree fails the build when
another module queries those models' managers or their reverse relations; demo modules, the demo and
bench management commands and migrations are the stated exceptions."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = {"Membership", "Ban", "JoinRequest"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
# related_name of each foreign key onto those models (groups/models.py): group.memberships, user.group_bans, ...
REVERSE = {"memberships", "bans", "group_bans", "join_requests"}
ALLOWED = {"groups/membership/actions.py", "groups/membership/members.py"}
ALLOWED_DIRS = ("groups/access/",)
EXCEPTED = {"accounts/management/commands/seed_demo.py", "groups/management/commands/bench_seed.py"}
LOOKUP = re.compile(r"[a-z_]+")


def _product_modules():
    for package in sorted(p.parent for p in ROOT.glob("*/__init__.py")):
        if package.name in {"tests", "benchmarks"} or package.name.startswith("."):
            continue
        yield from sorted(package.rglob("*.py"))


def _excepted(relative):
    name = relative.rsplit("/", 1)[-1]
    return (
        "/migrations/" in relative
        or name == "demo.py"
        or name.endswith("_demo.py")
        or relative in EXCEPTED
        or relative in ALLOWED
        or relative.startswith(ALLOWED_DIRS)
    )


def _reverse_lookup(text):
    """True for an ORM lookup string or keyword that walks a reverse relation: "memberships__group", "bans"."""
    return bool(LOOKUP.fullmatch(text)) and bool(REVERSE & set(text.split("__")))


def violations(source):
    """(line, what) for every query of the guarded models in `source` (Python code)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS and isinstance(node.value, ast.Name) and node.value.id in MODELS:
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
            elif node.attr in REVERSE:
                found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.keyword) and node.arg and _reverse_lookup(node.arg):
            found.append((node.value.lineno, f"{node.arg}="))
        elif isinstance(node, ast.Call):
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            # Count("memberships"), prefetch_related("bans"), values("join_requests__status"), ...
            found += [(node.lineno, repr(text)) for text in texts if _reverse_lookup(text)]
            if getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model" and MODELS & set(texts):
                found.append((node.lineno, "get_model(...)"))
    return sorted(found)


def test_only_the_gate_and_membership_actions_query_memberships_bans_and_join_requests():
    offences = []
    for path in _product_modules():
        relative = path.relative_to(ROOT).as_posix()
        if _excepted(relative):
            continue
        offences += [f"{relative}:{line}: {what}" for line, what in violations(path.read_text())]
    assert not offences, "Ask groups/access (or groups/membership/actions.py) instead:\n" + "\n".join(offences)


def test_the_walk_finds_each_way_of_querying_and_passes_the_rest():
    caught = violations(
        "Membership.objects.filter(group=g)\n"
        "group.memberships.count()\n"
        "User.objects.filter(memberships__group=g)\n"
        "groups.annotate(n=Count('memberships'))\n"
        "User.objects.filter(join_requests__group=g).exists()\n"
        "user.group_bans.all()\n"
        "apps.get_model('groups', 'Ban')\n"
    )
    assert sorted({line for line, _what in caught}) == [1, 2, 3, 4, 5, 6, 7]
    assert not violations(
        "access.group_members(group)\n"
        "QueueItem.objects.filter(join_request=request, status=open)\n"
        "'''The memberships of a group, and bans.'''\n"
        "{'memberships': rows, 'bans': []}\n"
        "models.ForeignKey(Group, related_name='memberships')\n"
    )
