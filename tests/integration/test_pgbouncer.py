"""PostgreSQL behind PgBouncer in transaction mode, with a real PgBouncer (docs/operate.md).

In transaction mode each transaction may run on another server connection, so a server-side cursor
(QuerySet.iterator()) opened on one may be fetched on another; DATABASE_PGBOUNCER=true turns them off.
The app migrates an empty database through PgBouncer, and a process reads, writes and iterates there; gunicorn
serves pages and daphne a chat socket through it.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.integration.servers import Reader, Redis, Site, wait_for_port
from tests.integration.test_live_faults import connect
from tests.peersupport.test_operate_stack import free_port, started, wait_for

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
PGBOUNCER = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

pytestmark = [pytest.mark.integration]
if not DATABASE_URL.startswith("postgres"):
    pytestmark.append(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)"))
elif not PGBOUNCER:
    if IN_CI:
        pytest.fail("CI must run the PgBouncer test: apt-get install pgbouncer (.ci/run does)", pytrace=False)
    pytestmark.append(pytest.mark.skip(reason="needs pgbouncer (apt-get install pgbouncer)"))

WORK = """
import django, os
django.setup()
from django.db import connection
from groups.models import Group
for n in range(30):
    Group.objects.create(name=f"Group {n}", slug=f"bouncer-{n}", kind="recovery")
names = [group.name for group in Group.objects.order_by("pk").iterator(chunk_size=7)]
assert len(names) == 30, names
assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
print("ok", len(names))
"""


@pytest.fixture
def bouncer_dir():
    """A folder PgBouncer can use: as root it drops to the postgres user, who cannot enter pytest's tmp."""
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def bouncer(bouncer_dir):
    tmp_path = bouncer_dir
    url = urlsplit(DATABASE_URL)
    database = f"bouncer_{uuid.uuid4().hex[:8]}"
    admin = {**os.environ, "PGPASSWORD": url.password or ""}
    psql = ["psql", "-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username, "-d", url.path.lstrip("/")]
    subprocess.run([*psql, "-qc", f"CREATE DATABASE {database}"], env=admin, check=True, capture_output=True)
    port = free_port()
    (tmp_path / "users.txt").write_text(f'"{url.username}" "{url.password}"\n')
    (tmp_path / "users.txt").chmod(0o644)
    (tmp_path / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{database} = host={url.hostname} port={url.port or 5432} dbname={database}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = scram-sha-256\nauth_file = {tmp_path / 'users.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 50\n"
        f"pidfile = {tmp_path / 'pgbouncer.pid'}\nlogfile = {tmp_path / 'pgbouncer.log'}\n"
    )
    user = ["-u", "postgres"] if os.geteuid() == 0 else []  # pgbouncer refuses to run as root
    try:
        with started([PGBOUNCER, *user, str(tmp_path / "pgbouncer.ini")], dict(os.environ), tmp_path / "out.log") as p:
            wait_for(port, p)
            yield f"postgres://{url.username}:{url.password}@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run([*psql, "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"], env=admin, check=False)


def test_the_app_migrates_and_runs_through_pgbouncer_in_transaction_mode(bouncer):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO", "REDIS"))}
    env.update({"DJANGO_SETTINGS_MODULE": "peersupport.settings", "DATABASE_URL": bouncer, "DATABASE_PGBOUNCER": "1"})

    def run(*args):
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)

    migrate = run("manage.py", "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    work = run("-c", WORK)
    assert work.returncode == 0, work.stderr[-3000:]
    assert work.stdout.split() == ["ok", "30"]
    check = run("manage.py", "check", "--database", "default")
    assert check.returncode == 0, check.stderr[-2000:]


async def test_pages_and_the_chat_socket_run_through_pgbouncer(bouncer, tmp_path):
    """The site as deployed behind PgBouncer: gunicorn serves a member's group and chat pages, and daphne's socket
    saves a message and acknowledges it, every query through PgBouncer in transaction mode."""
    redis = Redis()
    redis.start()
    site = Site(tmp_path, redis.url, database_url=bouncer)
    site.env["DATABASE_PGBOUNCER"] = "1"
    web = free_port()
    site.env["ALLOWED_HOSTS"] += f",127.0.0.1:{web}"
    gunicorn = None
    try:
        people = await asyncio.to_thread(site.setup)
        site.start_daphne(site.ports[0])
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "peersupport.wsgi:application", "--bind", f"127.0.0.1:{web}"],
            cwd=ROOT, env=site.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(web, gunicorn)
        for path in (f"/groups/{people['slug']}/", f"/groups/{people['slug']}/chat/"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{web}{path}", headers={"Cookie": f"sessionid={people['member_session']}"}
            )
            with await asyncio.to_thread(urllib.request.urlopen, request, timeout=20) as response:
                assert response.status == 200 and "Night owls" in response.read().decode(), path
        async with connect(site.ports[0], people["slug"], people["member_session"]) as ws:
            ann = Reader(ws).start()
            assert await ann.wait_for(lambda: "hello" in ann.kinds(), 10), ann.kinds()
            await ws.send(json.dumps({"type": "send", "text": "Through the bouncer", "client_id": "b-1"}))
            acked = lambda: [f for _t, f in ann.frames if f.get("client_id") == "b-1"]  # noqa: E731
            assert await ann.wait_for(acked, 15), ann.kinds()
            assert acked()[0]["type"] == "ack", acked()
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(10)
        site.stop()
        redis.stop()
