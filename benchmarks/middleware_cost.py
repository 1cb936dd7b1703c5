"""What each middleware costs a signed-in request, in CPU (run as a subprocess of `make bench`).

Usage: DATABASE_URL=... python -m benchmarks.middleware_cost [--requests N]
Prints JSON: for every prefix of settings.MIDDLEWARE, the CPU milliseconds per request of the minimal
view as a signed-in member, and what the last middleware of the prefix added. In-process, through
Django's test client handler (no network, no wrk): process CPU time only, the lowest of several
interleaved rounds (a busy machine only ever adds time). The first request of each prefix warms its
caches and is not counted. Django's session and user reads are lazy: their cost lands on the first
middleware that touches `request.user`, not on SessionMiddleware or AuthenticationMiddleware.
"""

import argparse
import json
import os
import sys
import time


def cost_per_request(client, requests):
    client.get("/bench/baseline/")
    started = time.process_time()
    for _ in range(requests):
        client.get("/bench/baseline/")
    return 1000 * (time.process_time() - started) / requests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from groups.models import Membership

    member = Membership.objects.filter(role=Membership.Role.MEMBER).select_related("user").first().user
    stack, rows, previous = list(settings.MIDDLEWARE), [], 0.0
    best = [float("inf")] * (len(stack) + 1)
    for _round in range(args.rounds):
        for size in range(len(stack) + 1):
            with override_settings(MIDDLEWARE=stack[:size], ALLOWED_HOSTS=["testserver"]):
                client = Client()
                if any(m.endswith("SessionMiddleware") for m in stack[:size]):
                    client.force_login(member)
                best[size] = min(best[size], cost_per_request(client, args.requests))
    for size, ms in enumerate(best):
        name = stack[size - 1] if size else "(no middleware)"
        rows.append({"middleware": name, "cumulative_ms": round(ms, 3), "added_ms": round(ms - previous, 3)})
        previous = ms
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
