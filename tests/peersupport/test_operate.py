"""Installing and running it: which Python `make` picks, the locks, and `make run HOST=H PORT=N`."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import check_lock  # noqa: E402

PYTHON = os.path.realpath(sys.executable)  # the interpreter itself, usable outside the venv
DEV_ONLY = {"pytest", "pytest-django", "pytest-asyncio", "factory-boy", "hypothesis", "ruff", "playwright", "pyyaml"}


# --- which Python `make` uses -------------------------------------------------------------------------------


def _which_python(tmp_path, pythons):
    """`make which-python` with a PATH that holds only make, a shell and the given fake pythons."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ["make", "sh", "echo", "cat", "md5sum", "cut"]:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    for name, target in pythons.items():
        (bin_dir / name).symlink_to(target)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    result = subprocess.run(
        ["make", "-s", "which-python"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def _old_python(tmp_path):
    """A 'python' that says it is older than 3.11 to the version check."""
    script = tmp_path / "old-python"
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(0o755)
    return script


def test_make_prefers_python311(tmp_path):
    assert _which_python(tmp_path, {"python3.11": PYTHON, "python3": PYTHON}) == "python3.11"


def test_make_takes_debian13s_python313_when_there_is_no_python311(tmp_path):
    assert _which_python(tmp_path, {"python3.13": PYTHON, "python3": PYTHON}) == "python3.13"


def test_make_takes_python3_only_when_it_is_new_enough(tmp_path):
    assert _which_python(tmp_path, {"python3": PYTHON}) == "python3"


def test_make_refuses_a_python_older_than_311(tmp_path):
    assert _which_python(tmp_path, {"python3": _old_python(tmp_path)}) == ""


# --- pinned, hashed dependencies ----------------------------------------------------------------------------


def test_locks_cover_every_requirement_with_the_same_versions():
    assert check_lock.problems() == []


def test_every_locked_package_has_a_hash():
    for lock in ["requirements.lock", "requirements-dev.lock"]:
        text = (ROOT / lock).read_text()
        entries = [block for block in text.split("\n") if "==" in block and not block.startswith(("#", " "))]
        assert entries, lock
        for entry in entries:
            assert entry.endswith("\\"), f"{lock}: {entry} has no --hash line"


def test_check_lock_names_a_package_added_without_relocking(tmp_path):
    for name in ["requirements.txt", "requirements-dev.txt", "requirements.lock", "requirements-dev.lock"]:
        shutil.copy(ROOT / name, tmp_path / name)
    with open(tmp_path / "requirements.txt", "a") as extra:
        extra.write("left-pad==1.0\n")
    assert check_lock.problems(tmp_path) == ["requirements.txt asks for left-pad==1.0, requirements.lock has nothing"]


def test_runtime_lock_carries_no_test_tools():
    runtime = check_lock.pins(ROOT / "requirements.lock")
    assert not DEV_ONLY & set(runtime), DEV_ONLY & set(runtime)
    assert {"django", "gunicorn", "daphne", "celery", "psycopg2-binary"} <= set(runtime)
    assert set(check_lock.pins(ROOT / "requirements-dev.lock")) >= DEV_ONLY


def test_image_installs_only_the_runtime_lock_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert "requirements-dev" not in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.lock" in makefile


# --- make run HOST=H PORT=N ---------------------------------------------------------------------------------


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    for name in ["WEBSOCKET_ALLOWED_ORIGINS", "SITE_URL", "DEMO_HOST", "DEMO_PORT"]:
        base.pop(name, None)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.ALLOWED_HOSTS, s.WEBSOCKET_ALLOWED_ORIGINS, s.SITE_URL, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['connect-src']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "peersupport.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_demo_on_another_port_accepts_its_own_websocket_origin_and_links_to_itself():
    hosts, origins, site_url, connect_src = _settings(DEMO_HOST="127.0.0.1", DEMO_PORT="8501")
    assert origins == ["http://127.0.0.1:8501", "http://localhost:8501"]
    assert site_url == "http://127.0.0.1:8501"
    assert "ws://127.0.0.1:8501" in connect_src
    assert "http://127.0.0.1:8000" not in origins


def test_demo_on_a_lan_address_serves_that_host():
    hosts, origins, site_url, _ = _settings(DEMO_HOST="192.168.1.20", DEMO_PORT="9000")
    assert "192.168.1.20" in hosts
    assert origins[0] == "http://192.168.1.20:9000"
    assert site_url == "http://192.168.1.20:9000"


def test_demo_defaults_stay_on_port_8000():
    _, origins, site_url, _ = _settings()
    assert origins == ["http://127.0.0.1:8000", "http://localhost:8000"]
    assert site_url == "http://127.0.0.1:8000"


def test_production_never_gets_demo_origins():
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "peers.example.org", "ADMIN_URL": "door/", "DEMO_PORT": "8501"}
    hosts, origins, _, _ = _settings(**env)
    assert hosts == ["peers.example.org"]
    assert origins == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["PORT=8501"], "DEMO_HOST=127.0.0.1 DEMO_PORT=8501"),
        (["HOST=192.168.1.20", "PORT=9000"], "DEMO_HOST=192.168.1.20 DEMO_PORT=9000"),
        (["HOST=0.0.0.0", "SITE_HOST=peers.lan"], "DEMO_HOST=peers.lan DEMO_PORT=8000"),
        (["HOST=0.0.0.0"], "DEMO_HOST=127.0.0.1 DEMO_PORT=8000"),
    ],
)
def test_make_run_passes_the_served_address_to_the_settings(args, expected):
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    runserver = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert runserver and runserver[0].startswith(expected), runserver
    # The demo data and the digest e-mails printed at start link to the same address.
    for command in ["seed_demo", "send_digests"]:
        lines = [line for line in result.stdout.splitlines() if f"manage.py {command}" in line]
        assert lines and lines[0].startswith(expected), lines
