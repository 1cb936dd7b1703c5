"""Restore drill on a real PostgreSQL: back up with deploy/backup.sh, drop, restore with deploy/restore.sh.

Needs PostgreSQL: DATABASE_URL=postgres://... with a role that may create databases (CI sets it) and
pg_dump/pg_restore/psql on the PATH. The drill uses databases of its own and drops them afterwards.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

READY = ON_POSTGRES and all(shutil.which(tool) for tool in ["pg_dump", "pg_restore", "psql"])
REASON = "needs PostgreSQL (DATABASE_URL=postgres://..., pg_dump, pg_restore, psql); CI has them"
if not READY and os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    pytest.fail(f"CI must run the restore drill: {REASON}", pytrace=False)

pytestmark = [pytest.mark.integration, pytest.mark.skipif(not READY, reason=REASON)]

SERVE = """
import json, django
django.setup()
from django.test import Client
from accounts.models import User
client = Client()
client.cookies["sessionid"] = {session!r}
page = client.get("/groups/night-owls/")
print(json.dumps({{"status": page.status_code, "named": "Night owls" in page.content.decode(),
                  "people": sorted(User.objects.values_list("display_name", flat=True))}}))
"""


def libpq_env(database):
    parts = urlsplit(DATABASE_URL)
    return {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "",
        "PGPASSWORD": parts.password or "",
        "PGDATABASE": database,
    }


def url_for(database):
    return urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{database}"))


def sh(command, env_extra, check=True):
    env = {**os.environ, **env_extra}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=check)


def admin_sql(statement):
    sh(["psql", "-v", "ON_ERROR_STOP=1", "-qc", statement], libpq_env("postgres"))


def app(database, *args):
    env = {"DATABASE_URL": url_for(database), "DJANGO_SETTINGS_MODULE": "peersupport.settings"}
    env.update(
        {"CHANNEL_LAYER_PREFIX": f"drill-{uuid.uuid4().hex[:8]}", "CACHE_KEY_PREFIX": f"drill-{uuid.uuid4().hex[:8]}"}
    )
    return sh([sys.executable, *args], env).stdout.strip().splitlines()[-1]


def data_dump(database):
    """Every row of the database as SQL text, in a stable order (what "the same data" means)."""
    out = sh(["pg_dump", "--data-only", "--inserts", "--rows-per-insert=1", "--no-owner"], libpq_env(database)).stdout
    return sorted(line for line in out.splitlines() if line.startswith("INSERT INTO"))


@pytest.fixture
def databases():
    names = [f"ps_drill_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("live", "restored")]
    yield names
    for name in names:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}"')


def test_backup_drop_restore_serves_the_same_data(databases, tmp_path):
    live, restored = databases
    admin_sql(f'CREATE DATABASE "{live}"')
    app(live, "manage.py", "migrate", "--noinput")
    people = json.loads(app(live, "-m", "tests.integration.helper", "setup"))
    before = data_dump(live)
    assert any("Night owls" in line for line in before)

    backup_env = {**libpq_env(live), "BACKUP_DIR": str(tmp_path / "backups"), "BACKUP_KEEP_DAYS": "14"}
    result = sh(["sh", "deploy/backup.sh", "once"], backup_env)
    dumps = list((tmp_path / "backups").glob("*.dump"))
    assert len(dumps) == 1, result.stdout + result.stderr
    assert not list((tmp_path / "backups").glob("*.partial"))

    admin_sql(f'DROP DATABASE "{live}"')  # the server is lost
    admin_sql(f'CREATE DATABASE "{restored}"')
    result = sh(["sh", "deploy/restore.sh", str(dumps[0])], libpq_env(restored))
    assert "restored" in result.stdout

    assert data_dump(restored) == before
    served = json.loads(app(restored, "-c", SERVE.format(session=people["member_session"])))
    assert served == {"status": 200, "named": True, "people": ["Awake Ann", "Mod Mo", "Sleepless Sid"]}


def test_restore_refuses_a_database_that_has_tables(databases, tmp_path):
    live, _ = databases
    admin_sql(f'CREATE DATABASE "{live}"')
    app(live, "manage.py", "migrate", "--noinput")
    sh(["sh", "deploy/backup.sh", "once"], {**libpq_env(live), "BACKUP_DIR": str(tmp_path)})
    before = data_dump(live)
    result = sh(["sh", "deploy/restore.sh", str(next(tmp_path.glob("*.dump")))], libpq_env(live), check=False)
    assert result.returncode != 0
    assert "restore into a new, empty database" in result.stderr
    assert data_dump(live) == before


def test_backups_older_than_the_retention_are_deleted(databases, tmp_path):
    live, _ = databases
    admin_sql(f'CREATE DATABASE "{live}"')
    old, recent = tmp_path / "peersupport-old.dump", tmp_path / "peersupport-recent.dump"
    for path, days in [(old, 20), (recent, 3)]:
        path.write_bytes(b"dump")
        stamp = path.stat().st_mtime - days * 86400
        os.utime(path, (stamp, stamp))
    sh(["sh", "deploy/backup.sh", "once"], {**libpq_env(live), "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP_DAYS": "14"})
    kept = {path.name for path in tmp_path.glob("*.dump")}
    assert "peersupport-old.dump" not in kept
    assert "peersupport-recent.dump" in kept
    assert len(kept) == 2  # the recent one and tonight's
