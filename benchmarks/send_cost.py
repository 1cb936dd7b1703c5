"""What one chat message costs the server, in CPU, in-process (run as a subprocess of `make bench`).

Usage: DATABASE_URL=... REDIS_URL=... python -m benchmarks.send_cost [--senders N] [--rounds R]
Prints JSON: the CPU milliseconds per `send` frame handled as the group socket handles it
(`groups.content.frames.handle_frame`: the re-check, the pipeline, the save, the broadcast to the channel layer
and the notification hook), for a person's first frame and for their next ones on an open socket (which use the
socket's last re-check while the person's access stamp holds); the queries of a first frame, and where its CPU
went (each step's own share, timed by wrapping it). Beside it, in the same rounds, a baseline: the bare ORM
insert of the same message with nobody checked and nothing broadcast. No network and no daphne: process CPU
time only, the lowest of several interleaved rounds (a busy machine only ever adds time).

Each round sends one message from each of `senders` members of bench-000 not used in an earlier round (the
burst limit counts per person), so every message pays what a person's first message in a while pays.
"""

import argparse
import asyncio
import json
import sys
import time
from contextlib import contextmanager, nullcontext

from benchmarks.prepare import focus_group, setup_django

STEPS = {  # (module, attribute): the label in the breakdown
    ("groups.access", "reread"): "access re-check",
    ("moderation.pipeline", "prepare_markdown"): "text steps (normalise, mentions, markdown, sanitizer)",
    ("moderation.watch", "check"): "watched words and distress",
    ("moderation.pipeline", "_save"): "insert and topic counters",
    ("moderation.pipeline", "_after_commit"): "broadcast and notification hook",
}


@contextmanager
def timed_steps(totals):
    """Wrap each step so that its CPU time adds up in `totals` (the wrapper's own cost is a few microseconds)."""
    import importlib

    originals = []
    for (module_name, attribute), label in STEPS.items():
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        originals.append((module, attribute, original))

        def wrapper(*args, _original=original, _label=label, **kwargs):
            started = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.process_time() - started

        setattr(module, attribute, wrapper)
    try:
        yield totals
    finally:
        for module, attribute, original in originals:
            setattr(module, attribute, original)


def product_round(people, group, texts, queries=None, trusts=None):
    """CPU per message of `handle_frame`, called as the consumer calls it: on a worker thread under a running
    event loop, so the broadcast's `async_to_sync` hands its coroutine to that loop as it does under daphne
    (from a thread without a loop it would make a new loop for every message). With `queries` (a list), the
    sending thread's queries are added to it (each thread has its own connection)."""

    def sending():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from groups import access
        from groups.content import frames

        started = time.process_time()
        with CaptureQueriesContext(connection) if queries is not None else nullcontext() as captured:
            for person, text in zip(people, texts, strict=True):
                trust = trusts.setdefault(person.pk, access.Trust()) if trusts is not None else None
                fresh, replies = frames.handle_frame(person, group, {"type": "send", "text": text}, trust)
                assert fresh is not None and replies and replies[0]["type"] == "ack", replies
        if queries is not None:
            queries.extend(captured.captured_queries)
        return time.process_time() - started

    async def in_loop():
        from asgiref.sync import sync_to_async

        return await sync_to_async(sending)()

    loop_started = time.process_time()
    asyncio.run(in_loop())
    total = time.process_time() - loop_started  # the loop's own share (a Redis publish is answered there) too
    return total / len(people)


def baseline_round(people, group, topic, texts):
    from groups.models import Message

    started = time.process_time()
    for person, text in zip(people, texts, strict=True):
        Message.objects.create(group=group, topic=topic, author=person, body_source=text, body_html=f"<p>{text}</p>")
    return (time.process_time() - started) / len(people)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.utils import timezone

    from moderation import pipeline

    group, memberships = focus_group()
    members = [m.user for m in memberships if m.role == "member"]
    n = args.senders
    if len(members) < n * (args.rounds + 1):
        raise SystemExit(f"needs {n * (args.rounds + 1)} members of bench-000, has {len(members)}")
    crowds = [members[k * n : (k + 1) * n] for k in range(args.rounds + 1)]  # new people each round
    topic = group.chat_topic()
    texts = [f"Thank you for listening today, it helped more than I can say ({k})" for k in range(n)]
    product_round(crowds[-1][:5], group, texts[:5])  # warm: the lexicons, the weights, the templates
    best_product = best_baseline = float("inf")
    for people in crowds[:-1]:
        best_baseline = min(best_baseline, baseline_round(people, group, topic, texts))
        best_product = min(best_product, product_round(people, group, texts))
    # As on an open socket: each person's first frame reads their standing, the next ones use that re-check while
    # their access stamp holds (groups/access/trust.py). The first crowd sent once above; 1 + 1 + rounds stays
    # within the burst limit.
    trusts, socket_best = {}, float("inf")
    now = timezone.now()  # an earlier run's messages in this burst window must not count against this one
    cache.delete_many([pipeline.burst_key(group, person, now) for person in crowds[0]])
    product_round(crowds[0], group, texts, trusts=trusts)
    for _round in range(args.rounds):
        socket_best = min(socket_best, product_round(crowds[0], group, texts, trusts=trusts))
    totals = {}
    people = crowds[-1][5:]
    queries = []
    with timed_steps(totals):
        measured = product_round(people, group, texts[: len(people)], queries=queries)
    result = {
        "senders": n,
        "cpu_ms_per_message": round(1000 * best_product, 2),
        "socket_cpu_ms_per_message": round(1000 * socket_best, 2),
        "baseline_cpu_ms": round(1000 * best_baseline, 2),
        "queries_per_message": round(len(queries) / len(people), 2),
        "steps_ms": {label: round(1000 * total / len(people), 2) for label, total in totals.items()},
        "timed_round_ms": round(1000 * measured, 2),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
