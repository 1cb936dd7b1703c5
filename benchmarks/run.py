"""`make bench`: seed, serve, load, and print one table (issue 11).

HTTP runs through gunicorn (1 worker) and WebSockets through daphne (1
process, Redis channel layer), both pinned to CPU 0; this process and wrk run
on CPU 1. Every figure is divided by a baseline measured in the same run.
Load targets 127.0.0.1 only; every loop is bounded in count and time.

    python -m benchmarks.run            # the full run (well under 60 minutes)
    python -m benchmarks.run --quick    # small data and short durations, to iterate
"""

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import wsload

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
REPORT = ROOT / "benchmarks" / "BENCHMARKS.md"
BIN = Path(sys.executable).parent
SERVER_CPU, LOAD_CPU = {0}, {1}
HTTP_PORT, WS_PORT = 8190, 8191

SMALL = {"db": "peersupport_bench_small", "groups": 2, "members": 1200, "messages": 1000, "queue": 100, "share": 1.0}
MODES = {
    "full": {
        "big": {"db": "peersupport_bench", "groups": 200, "members": 20000, "messages": 1_000_000, "queue": 10000},
        "http_seconds": 10,
        "fanout": [10, 100, 500, 1000],
        "fanout_messages": 40,
        "idle": (1000, 60),
        "senders": (50, 6),
    },
    "quick": {
        "big": {"db": "peersupport_bench_quick", "groups": 20, "members": 2000, "messages": 100_000, "queue": 1000},
        "http_seconds": 3,
        "fanout": [10, 100],
        "fanout_messages": 10,
        "idle": (100, 5),
        "senders": (10, 3),
    },
}


def say(text):
    print(f"[bench] {text}", flush=True)


def pin(cpus):
    if len(os.sched_getaffinity(0)) > 1 and os.cpu_count() > 1:
        os.sched_setaffinity(0, cpus)


# --- services -------------------------------------------------------------


def database_url(name):
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://peersupport:peersupport@127.0.0.1:5432/peersupport")
    if not base.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// server (or unset it).")
    return urlunsplit(base._replace(path=f"/{name}"))


def ensure_postgres():
    import psycopg2

    url = database_url("postgres")
    for attempt in range(30):
        try:
            psycopg2.connect(url).close()
            return
        except psycopg2.OperationalError:
            if attempt == 0:
                say("PostgreSQL is not answering; trying to start it")
                start_postgres()
            time.sleep(1)
    sys.exit("PostgreSQL did not start: start it, or set DATABASE_URL.")


def start_postgres():
    if shutil.which("pg_lsclusters"):
        for line in subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.splitlines():
            version, cluster = line.split()[:2]
            subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=False)
    elif shutil.which("service"):
        subprocess.run(["service", "postgresql", "start"], check=False)


def ensure_redis(url):
    import redis

    for attempt in range(20):
        try:
            redis.Redis.from_url(url).ping()
            return
        except redis.ConnectionError:
            if attempt == 0 and shutil.which("redis-server"):
                say("Redis is not answering; starting redis-server without persistence")
                port = str(urlsplit(url).port or 6379)
                subprocess.run(
                    ["redis-server", "--port", port, "--save", "", "--appendonly", "no", "--daemonize", "yes"]
                )
            time.sleep(0.5)
    sys.exit("Redis did not start: start it, or set REDIS_URL.")


def ensure_database(name):
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


# Redis pub/sub channels are shared by every database number of a server, and user ids 1..N exist in
# every test and bench database: without a prefix of its own, a close order for "user-7" sent by a
# test run or another bench on the same Redis closed the measured sockets (4401 mid-run). One prefix
# per run also keeps an earlier run's presence and rate-limit keys out of this one.
RUN_PREFIX = f"bench-{os.getpid()}"


def server_env(db, redis_url, origin=""):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": database_url(db),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "ADMIN_URL": "bench-admin/",
        "MFA_ENCRYPTION_KEYS": "bench-only-mfa-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_TLS_PROXY": "False",
        "CONN_MAX_AGE": "60",
        "WEBSOCKET_ALLOWED_ORIGINS": origin,
        "STATIC_ROOT": str(RESULTS / "static"),
        "LOG_LEVEL": "WARNING",
        "CHANNEL_LAYER_PREFIX": RUN_PREFIX,
        "CACHE_KEY_PREFIX": RUN_PREFIX,
    }


def manage(env, *args, capture=False):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=capture, text=True)
    if result.returncode:
        sys.exit(f"failed: {' '.join(args)}\n{result.stderr if capture else ''}")
    return result.stdout


def seed(spec, redis_url):
    ensure_database(spec["db"])
    env = server_env(spec["db"], redis_url)
    manage(env, "migrate", "--noinput", "--skip-checks", "-v", "0")
    args = ["--groups", spec["groups"], "--members", spec["members"], "--messages", spec["messages"]]
    args += ["--queue", spec["queue"], "--focus-share", spec.get("share", 0.2)]
    say(f"seeding {spec['db']} ({spec['messages']:,} messages) unless already there")
    manage(env, "bench_seed", "--skip-checks", *map(str, args))


def prepare(db, redis_url, sockets):
    manage(server_env(db, redis_url), "collectstatic", "--noinput", "-v", "0", "--skip-checks")
    command = [sys.executable, "-m", "benchmarks.prepare", "--sockets", str(sockets)]
    result = subprocess.run(command, cwd=ROOT, env=server_env(db, redis_url), capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"prepare failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


# --- servers --------------------------------------------------------------


class Server:
    def __init__(self, command, env, port):
        self.port = port
        self.log = open(RESULTS / f"server-{port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=lambda: pin(SERVER_CPU)
        )
        self.wait_ready()

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"server on port {self.port} exited; see {self.log.name}")
            if http_status(f"http://127.0.0.1:{self.port}/bench/baseline/", "") == 200:
                return
            time.sleep(0.3)
        self.stop()
        sys.exit(f"server on port {self.port} did not answer; see {self.log.name}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_status(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        return None


# --- HTTP -----------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, cookie, seconds):
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", "-H", f"Cookie: sessionid={cookie}", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(bad.group(1)) if bad else 0,
    }


def measure_pages(spec, redis_url, seconds):
    info = prepare(spec["db"], redis_url, 0)
    server = Server(
        [str(BIN / "gunicorn"), "peersupport.wsgi:application", "--bind", f"127.0.0.1:{HTTP_PORT}"]
        + ["--workers", "1", "--log-level", "warning"],
        server_env(spec["db"], redis_url),
        HTTP_PORT,
    )
    base = f"http://127.0.0.1:{HTTP_PORT}"
    try:
        say(f"HTTP on {spec['db']}: baseline")
        results = {"baseline": wrk(f"{base}/bench/baseline/", info["cookies"]["reader"], seconds), "pages": []}
        for page in info["pages"]:
            cookie = info["cookies"][page["who"]]
            status = http_status(base + page["path"], cookie) if page["path"] else None
            row = {**page, "live_status": status}
            if status == 200:
                say(f"HTTP on {spec['db']}: {page['label']}")
                row.update(wrk(base + page["path"], cookie, seconds))
            results["pages"].append(row)
    finally:
        server.stop()
    return results


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
        out["senders_baseline"] = asyncio.run(wsload.senders(f"{echo}/send/", origin, members, per_sender, False))
        out["senders"] = asyncio.run(wsload.senders(product, origin, members, per_sender, True))
    finally:
        server.stop()
    return out


# --- the table --------------------------------------------------------------


def ratio(value, base):
    return round(value / base, 2) if value and base else None


def verdict(ok):
    return "n/a" if ok is None else ("yes" if ok else "NO")


def build_rows(big, small, sockets):
    rows = []
    base, small_pages = big["baseline"], {p["name"]: p for p in small["pages"]}
    rows.append(
        [
            "minimal view (baseline)",
            f"{base['rps']:.0f} req/s, p50 {base['p50_ms']} ms, p99 {base['p99_ms']} ms",
            "",
            "1.00",
            "",
            "",
        ]
    )
    for page in big["pages"]:
        label = page["label"]
        if page.get("rps") is None:
            why = "URL not built yet" if not page["path"] else f"answers {page['live_status']}"
            rows.append([label, why, "", "", ">= 0.5x baseline req/s", "n/a"])
            continue
        r = ratio(page["rps"], base["rps"])
        value = f"{page['rps']:.0f} req/s, p50 {page['p50_ms']} ms, p99 {page['p99_ms']} ms"
        rows.append([label, value, f"{base['rps']:.0f} req/s", r, ">= 0.5x baseline req/s", verdict(r >= 0.5)])
        other = small_pages.get(page["name"], {})
        r = ratio(page["p50_ms"], other.get("p50_ms"))
        value = f"p50 {page['p50_ms']} ms (1M) vs {other.get('p50_ms')} ms (1k)"
        rows.append([f"{label}: 1M vs 1k", value, "", r, "p50 <= 1.25x", verdict(r <= 1.25 if r else None)])
        q_big, q_small = page["queries"], other.get("queries")
        ok = q_big is not None and q_big <= 12 and q_big == q_small
        rows.append([f"{label}: SQL queries", f"{q_big} (1M) / {q_small} (1k)", "", "", "<= 12, same", verdict(ok)])
    for item in sockets["fanout"]:
        n, b, p = item["members"], item["baseline"], item["product"]
        if "error" in p or "error" in b:
            rows.append([f"chat fan-out to {n}", p.get("error") or b.get("error"), "", "", "", "n/a"])
            continue
        r = ratio(p["deliveries_per_s"], b["deliveries_per_s"])
        value = f"p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms, {p['deliveries_per_s']:.0f} deliveries/s"
        basev = f"p50 {b['p50_ms']} ms, p99 {b['p99_ms']} ms, {b['deliveries_per_s']:.0f}/s"
        target, ok = ">= 0.8x deliveries/s", r is not None and r >= 0.8
        if n == 500:
            target, ok = target + "; p99 < 250 ms", ok and p["p99_ms"] < 250
        rows.append([f"chat fan-out to {n}", value, basev, r, target, verdict(ok)])
    idle, idle_b = sockets["idle"], sockets["idle_baseline"]
    if "error" in idle or "error" in idle_b:
        rows.append(["idle sockets, one daphne", idle.get("error") or idle_b.get("error"), "", "", "", "n/a"])
        idle = None
    if idle is not None:
        ok = idle["sockets"] == idle["wanted"] and not idle["dropped"] and not idle["connect_errors"]
        value = f"{idle['sockets']}/{idle['wanted']} held {idle['held_s']} s, {idle['dropped']} dropped"
        value += f", {idle['kb_per_socket']} KB/socket"
        r = ratio(idle["kb_per_socket"], idle_b["kb_per_socket"])
        rows.append(
            [
                "idle sockets, one daphne",
                value,
                f"{idle_b['kb_per_socket']} KB/socket",
                r,
                "1,000 for 60 s, no error",
                verdict(ok),
            ]
        )
    s, sb = sockets["senders"], sockets["senders_baseline"]
    if "error" in s or "error" in sb:
        rows.append(["sending under concurrent senders", s.get("error") or sb.get("error"), "", "", "", "n/a"])
    else:
        value = f"{s['senders']} senders: p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, {s['lost']} lost"
        basev = f"p50 {sb['p50_ms']} ms, p99 {sb['p99_ms']} ms"
        ok = s["p99_ms"] is not None and s["p99_ms"] < 100 and not s["lost"]
        rows.append(
            ["sending a chat message", value, basev, ratio(s["p99_ms"], sb["p99_ms"]), "p99 < 100 ms", verdict(ok)]
        )
    return rows


def table(rows):
    head = ["measurement", "result", "baseline (same run)", "ratio", "target", "holds"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small data set, short durations")
    args = parser.parse_args()
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
    small = measure_pages(SMALL, redis_url, mode["http_seconds"])
    big = measure_pages(mode["big"], redis_url, mode["http_seconds"])
    sockets = measure_sockets(mode["big"], redis_url, mode)
    rows = build_rows(big, small, sockets)
    text = table(rows)
    meta = {
        "mode": "quick" if args.quick else "full",
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "seconds": round(time.monotonic() - started),
    }
    print("\n" + text + "\n")
    payload = {"meta": meta, "rows": rows, "http_big": big, "http_small": small, "websockets": sockets}
    for data in (big, small):  # session keys stay out of the results file
        data.pop("cookies", None)
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2, default=str))
    if not args.quick:
        write_report(text, meta)
    say(f"done in {meta['seconds']} s; JSON in {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
