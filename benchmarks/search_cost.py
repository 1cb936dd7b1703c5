"""How long a search takes on the benchmark data set (run as a subprocess of `make bench`).

Usage: DATABASE_URL=... python -m benchmarks.search_cost [--requests N]
Prints JSON: for each search (who, where, which words), the wall-clock p50 and p99 in milliseconds of a
whole POST to the search page (middleware, gate, PostgreSQL, template), its SQL queries, and the p50 of
the search alone (groups/search/query.py: its SQL and the snippets, without the page around it). In-process,
through Django's test client handler (no network, no wrk: the form is a POST with a CSRF token, and
the time that matters is PostgreSQL's); the first requests warm the caches and are not counted.
The reader is a member of bench-000 (200,000 of the 1M messages); "naloxone" is in one message of eight.
"""

import argparse
import json
import statistics
import sys
import time
from functools import partial

from benchmarks.prepare import enable_two_factor, focus_group, setup_django

SEARCHES = [
    ("member, all groups: a common word", "reader", False, "naloxone"),
    ("member, all groups: two words", "reader", False, "candle evening"),
    ("member, one group: a phrase", "reader", True, '"drop-in centre"'),
    ("member, all groups: no match", "reader", False, "fentanyl"),
    ("moderator, all groups, with queue and log", "moderator", False, "naloxone"),
]


def timed(run, requests):
    """(p50, p99) in milliseconds of `run()`, after three unmeasured calls."""
    for _ in range(3):
        run()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    times.sort()
    return round(statistics.median(times), 2), round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from groups import access
    from groups.models import Membership
    from groups.search import query

    group, memberships = focus_group()
    people = {
        "reader": memberships.filter(role=Membership.Role.MEMBER).last().user,
        "moderator": memberships.exclude(role=Membership.Role.MEMBER).first().user,
    }
    enable_two_factor(people["moderator"])
    rows = []
    for label, who, in_group, words in SEARCHES:
        client = Client()
        client.force_login(people[who])
        url = reverse("groups:group-search", args=[group.slug]) if in_group else reverse("groups:search")
        p50, p99 = timed(partial(client.post, url, {"q": words}), args.requests)
        scope = query.group_scope(access.standing(people[who], group)) if in_group else query.scope_of(people[who])
        core_p50, _p99 = timed(partial(query.search, scope, words), args.requests)
        with CaptureQueriesContext(connection) as queries:
            page = client.post(url, {"q": words}).content.decode()
        hits = page.count("search-hit")
        row = {"label": label, "p50_ms": p50, "p99_ms": p99, "queries": len(queries), "hits": hits}
        rows.append({**row, "search_p50_ms": core_p50})
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
