"""The services a bench run needs: PostgreSQL, Redis, the seeded databases, and the servers under load.

Database names come from DATABASE_URL: its name plus "_bench", "_bench_small" or "_bench_quick"
(default peersupport_bench...), so a bench never writes into the database DATABASE_URL names.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
SERVER_CPU, LOAD_CPU = {0}, {1}
HTTP_PORT, WS_PORT = 8190, 8191


def say(text):
    print(f"[bench] {text}", flush=True)


def pin(cpus):
    if len(os.sched_getaffinity(0)) > 1 and os.cpu_count() > 1:
        os.sched_setaffinity(0, cpus)


# --- services -------------------------------------------------------------


DEFAULT_DATABASE_URL = "postgres://peersupport:peersupport@127.0.0.1:5432/peersupport"


def bench_db(suffix):
    """The bench's own database beside the one DATABASE_URL names: "<its name>_<suffix>"."""
    name = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL).path.lstrip("/") or "peersupport"
    return f"{name}_{suffix}"


def database_url(name):
    base = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not base.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// server (or unset it).")
    return urlunsplit(base._replace(path=f"/{name}"))


def ensure_postgres():

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


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command name, or None once the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _family(pid):
    """`pid` and its children (a gunicorn master and its workers), found by their parent id."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(entry.name)) and fields[1] == str(pid):
            children.append(int(entry.name))
    return [pid, *children]


def cpu_seconds(pid):
    """User plus system CPU seconds used so far by `pid` and its children, from /proc (Linux)."""
    total = 0
    for member in _family(pid):
        if fields := _stat(member):
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS
