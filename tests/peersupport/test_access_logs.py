"""Access logs name routes, never paths (group slugs, invitation tokens) and never client addresses (issue 17)."""

import json
import logging
import re
import runpy
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from peersupport.access_log import RouteOnlyFilter

ROOT = Path(__file__).resolve().parents[2]
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
ADDRESS = "203.0.113.77"


@pytest.fixture
def access_lines(caplog):
    caplog.set_level(logging.INFO, logger="peersupport.access")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "peersupport.access"]


def test_a_group_page_is_logged_by_its_route_name_status_and_duration(client, member, hidden_group, access_lines):
    client.force_login(member)
    client.get(reverse("groups:group-home", args=[hidden_group.slug]), REMOTE_ADDR=ADDRESS)
    [line] = access_lines()
    assert re.fullmatch(r"GET groups:group-home 404 \d+ms", line)
    assert hidden_group.slug not in line and ADDRESS not in line


@pytest.mark.django_db
def test_an_invitation_link_is_logged_without_its_token(client, access_lines):
    token = "tok-SECRET-4f9a2b"
    client.get(f"/groups/invite/{token}/", REMOTE_ADDR=ADDRESS)
    [line] = access_lines()
    assert "groups:invitation-open" in line and token not in line


@pytest.mark.django_db
def test_an_unknown_path_is_logged_as_unmatched(client, access_lines):
    client.get("/no-such-place/secret-slug/")
    [line] = access_lines()
    assert re.fullmatch(r"GET unmatched 404 \d+ms", line)


def test_django_request_errors_name_the_route_instead_of_the_path(rf):
    from django.urls import resolve

    request = rf.get("/groups/hidden-slug/")
    request.resolver_match = resolve("/groups/hidden-slug/")
    record = logging.LogRecord(
        "django.request", logging.ERROR, "", 0, "Internal Server Error: %s", (request.path,), None
    )
    record.request = request
    assert RouteOnlyFilter().filter(record)
    assert record.getMessage() == "Internal Server Error: groups:group-home"


def test_gunicorn_keeps_no_access_log_in_the_image_and_in_compose():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    for command in (cmd, SERVICES["web"]["command"]):
        assert command[:2] == ["gunicorn", "peersupport.wsgi:application"]
        assert command[command.index("-c") + 1] == "deploy/gunicorn.conf.py"
        assert not any(arg.startswith("--access-log") for arg in command)
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["accesslog"] is None


def test_daphne_access_log_is_discarded():
    command = SERVICES["ws"]["command"]
    assert command[0] == "daphne"
    assert command[command.index("--access-log") + 1] == "/dev/null"


def test_nginx_logs_a_route_class_never_a_path_or_an_address():
    formats = re.findall(r"log_format\s+(\S+)\s+'([^;]*)';", NGINX)
    assert formats == [("private", formats[0][1])]
    variables = set(re.findall(r"\$\w+", formats[0][1]))
    assert variables == {"$time_local", "$request_method", "$route_class", "$status", "$body_bytes_sent"}
    for directive in re.findall(r"^\s*access_log\s+([^;]+);", NGINX, re.M):
        assert directive == "off" or directive.split()[-1] == "private"
    assert "map $uri $route_class" in NGINX


def test_nginx_writes_no_request_errors_which_would_name_the_client_address():
    """nginx's error lines carry "client: <address>, request: <path>"; while serving it writes none."""
    levels = re.findall(r"^\s*error_log\s+\S+\s+(\w+);", NGINX, re.M)
    servers = len(re.findall(r"^server\s*\{", NGINX, re.M))
    assert servers and levels == ["emerg"] * servers
