"""`make bench`: seed, serve, load, and print one table (issue 11).

HTTP runs through gunicorn (1 worker) and WebSockets through daphne (1
process, Redis channel layer), both pinned to CPU 0; this process and wrk run
on CPU 1. Every figure is divided by a baseline measured in the same run; HTTP
pages interleave with the baseline over several rounds (benchmarks/http_load.py).
Load targets 127.0.0.1 only; every loop is bounded in count and time.

    python -m benchmarks.run            # the full run (well under 60 minutes)
    python -m benchmarks.run --quick    # small data and short durations, to iterate
"""

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import wsload
from .crowd import crowd_rows, measure_crowd
from .http_load import measure_pages
from .rows import build_rows, distress_rows, middleware_rows, page_rows, search_rows, send_cost_rows, table
from .services import (
    BIN,
    LOAD_CPU,
    RESULTS,
    ROOT,
    WS_PORT,
    Server,
    bench_db,
    ensure_postgres,
    ensure_redis,
    pin,
    prepare,
    say,
    seed,
    server_env,
)

REPORT = ROOT / "benchmarks" / "BENCHMARKS.md"

SMALL = {"db": bench_db("bench_small"), "groups": 2, "members": 1200, "messages": 1000, "queue": 100, "share": 1.0}
MODES = {
    "full": {
        "big": {"db": bench_db("bench"), "groups": 200, "members": 20000, "messages": 1_000_000, "queue": 10000},
        "http_seconds": 5,
        "rounds": 3,
        "fanout": [10, 100, 500, 1000],
        "fanout_messages": 40,
        "idle": (1000, 60),
        "senders": (50, 6),
    },
    "quick": {
        "big": {"db": bench_db("bench_quick"), "groups": 20, "members": 2000, "messages": 100_000, "queue": 1000},
        "http_seconds": 2,
        "rounds": 3,
        "fanout": [10, 100],
        "fanout_messages": 10,
        "idle": (100, 5),
        "senders": (10, 3),
    },
}


def middleware_cost(spec, redis_url):
    """CPU per signed-in request of each prefix of the middleware stack (benchmarks/middleware_cost.py)."""
    say("middleware: CPU per request of each prefix of the stack")
    return in_process("benchmarks.middleware_cost", spec, redis_url)


def in_process(module, spec, redis_url):
    """The JSON a measuring module prints, run against the data set `spec`; [] when it failed."""
    command = [sys.executable, "-m", module]
    result = subprocess.run(command, cwd=ROOT, env=server_env(spec["db"], redis_url), capture_output=True, text=True)
    if result.returncode:
        say(f"{module} failed:\n{result.stderr[-2000:]}")
        return []
    return json.loads(result.stdout)


def search_cost(spec, redis_url):
    """Search on this data set, in-process (benchmarks/search_cost.py); [] when it could not run."""
    say(f"search: {spec['db']}")
    return in_process("benchmarks.search_cost", spec, redis_url)


# --- WebSockets -------------------------------------------------------------


def measure_sockets(spec, redis_url, mode):
    sizes, (idle_n, idle_s), (senders_n, per_sender) = mode["fanout"], mode["idle"], mode["senders"]
    need = max([*sizes, idle_n, senders_n + 3])
    info = prepare(spec["db"], redis_url, need)
    origin = f"http://127.0.0.1:{WS_PORT}"
    ws = f"ws://127.0.0.1:{WS_PORT}"
    product, cookies = f"{ws}/ws/groups/{info['group']}/", info["sockets"]
    echo = f"{ws}/ws/bench/echo"

    def daphne():
        command = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(WS_PORT), "-v", "0"]
        return Server(
            [*command, "benchmarks.bench_asgi:application"], server_env(spec["db"], redis_url, origin), WS_PORT
        )

    out = {"fanout": []}
    # Memory per idle socket: each on a fresh daphne process, so earlier load does not hide it.
    for key, url, seconds in (("idle", product, idle_s), ("idle_baseline", f"{echo}/idle/", min(idle_s, 10))):
        say(f"WebSocket: {idle_n} idle sockets for {seconds} s ({key})")
        server = daphne()
        try:
            out[key] = asyncio.run(wsload.idle(url, origin, cookies[:idle_n], seconds, server.proc.pid))
        finally:
            server.stop()
    server = daphne()
    try:
        for n in sizes:
            say(f"WebSocket fan-out to {n}")
            count = mode["fanout_messages"]
            base = asyncio.run(wsload.fanout(f"{echo}/fan{n}/", origin, cookies[:n], count, False))
            prod = asyncio.run(wsload.fanout(product, origin, cookies[:n], count, True))
            out["fanout"].append({"members": n, "baseline": base, "product": prod})
        say(f"WebSocket: {senders_n} concurrent senders")
        members = cookies[3 : 3 + senders_n]  # not the owner and moderators: rate limits apply
        pid = server.proc.pid
        out["senders_baseline"] = asyncio.run(
            wsload.senders(f"{echo}/send/", origin, members, per_sender, False, pid=pid)
        )
        out["senders"] = asyncio.run(wsload.senders(product, origin, members, per_sender, True, pid=pid))
    finally:
        server.stop()
    return out


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{model}, {os.cpu_count()} CPUs, {int(mem) // 1024 // 1024} GB RAM, {system}"


def write_report(text, meta):
    start, end = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
    block = f"{start}\nLatest full run: {meta['finished']} on {meta['machine']}.\n\n{text}\n{end}"
    current = REPORT.read_text() if REPORT.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    before, _, rest = current.partition(start)
    _, _, after = rest.partition(end)
    REPORT.write_text(before + block + after)


def crowd_only(mode):
    """`--crowd`: seed the data set if needed and print only the crowd rows (benchmarks/crowd.py)."""
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    ensure_postgres()
    ensure_redis(redis_url)
    seed(MODES[mode]["big"], redis_url)
    pin(LOAD_CPU)
    crowd = measure_crowd(MODES[mode]["big"], redis_url, mode)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "crowd.json").write_text(json.dumps(crowd, indent=2))
    print("\n" + table(crowd_rows(crowd)) + "\n")


def pages_only(mode):
    """`--pages`: seed the data sets if needed and print only the page rows (benchmarks/http_load.py)."""
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    ensure_postgres()
    ensure_redis(redis_url)
    seed(MODES[mode]["big"], redis_url)
    seed(SMALL, redis_url)
    pin(LOAD_CPU)
    rounds, seconds = MODES[mode]["rounds"], MODES[mode]["http_seconds"]
    small = measure_pages(SMALL, redis_url, seconds, rounds)
    big = measure_pages(MODES[mode]["big"], redis_url, seconds, rounds)
    for data in (big, small):
        data.pop("cookies", None)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps({"big": big, "small": small}, indent=2, default=str))
    print("\n" + table(page_rows(big, small)) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small data set, short durations")
    parser.add_argument("--crowd", action="store_true", help="only the connect ramp and the reconnect storm")
    parser.add_argument("--pages", action="store_true", help="only the HTTP pages (1M-or-quick and 1k sets)")
    args = parser.parse_args()
    if args.crowd:
        return crowd_only("quick" if args.quick else "full")
    if args.pages:
        return pages_only("quick" if args.quick else "full")
    mode = MODES["quick" if args.quick else "full"]
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for the HTTP load: apt-get install wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    started = time.monotonic()
    ensure_postgres()
    ensure_redis(redis_url)
    seed(mode["big"], redis_url)
    seed(SMALL, redis_url)
    pin(LOAD_CPU)
    small = measure_pages(SMALL, redis_url, mode["http_seconds"], mode["rounds"])
    big = measure_pages(mode["big"], redis_url, mode["http_seconds"], mode["rounds"])
    sockets = measure_sockets(mode["big"], redis_url, mode)
    crowd = measure_crowd(mode["big"], redis_url, "quick" if args.quick else "full")
    stack = middleware_cost(SMALL, redis_url)
    searched = {"big": search_cost(mode["big"], redis_url), "small": search_cost(SMALL, redis_url)}
    say("distress detection: time per message")
    distress = in_process("benchmarks.distress_cost", SMALL, redis_url)
    say("chat send: CPU per message in-process, step by step")
    sending = in_process("benchmarks.send_cost", SMALL, redis_url)
    rows = build_rows(big, small, sockets) + crowd_rows(crowd) + middleware_rows(stack) + search_rows(searched)
    rows += distress_rows(distress) + send_cost_rows(sending)
    text = table(rows)
    meta = {
        "mode": "quick" if args.quick else "full",
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "seconds": round(time.monotonic() - started),
    }
    print("\n" + text + "\n")
    payload = {"meta": meta, "rows": rows, "http_big": big, "http_small": small, "websockets": sockets, "crowd": crowd}
    payload["middleware"] = stack
    payload["search"] = searched
    payload["distress"] = distress
    payload["send_cost"] = sending
    for data in (big, small):  # session keys stay out of the results file
        data.pop("cookies", None)
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2, default=str))
    if not args.quick:
        write_report(text, meta)
    say(f"done in {meta['seconds']} s; JSON in {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
