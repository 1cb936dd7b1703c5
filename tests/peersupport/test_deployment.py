"""The docker-compose deployment, checked by reading it (no docker engine here)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
APP_SERVICES = ["web", "ws", "worker", "beat", "migrate"]


def test_compose_has_every_service():
    assert set(SERVICES) >= {"postgres", "redis", "nginx", "web", "ws", "worker", "beat"}


def test_web_is_gunicorn_wsgi_and_ws_is_daphne_asgi():
    assert SERVICES["web"]["command"][:2] == ["gunicorn", "peersupport.wsgi:application"]
    assert SERVICES["ws"]["command"][0] == "daphne"
    assert SERVICES["ws"]["command"][-1] == "peersupport.asgi:application"
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "peersupport", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "peersupport", "beat"]


def test_every_app_service_gets_database_redis_and_secrets():
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://"), name
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:"), name
        assert service["env_file"] == ".env", name
        assert {"postgres", "redis"} <= set(service["depends_on"]), name
    example = (ROOT / ".env.example").read_text()
    for variable in ["SECRET_KEY", "ALLOWED_HOSTS", "WEBSOCKET_ALLOWED_ORIGINS", "POSTGRES_PASSWORD", "EMAIL_URL"]:
        assert re.search(rf"^{variable}=", example, re.M), variable


def test_redis_runs_without_persistence():
    command = SERVICES["redis"]["command"]
    assert "--save" in command and command[command.index("--save") + 1] == ""
    assert "--appendonly" in command and command[command.index("--appendonly") + 1] == "no"


def test_nginx_routes_websockets_to_daphne_and_the_rest_to_gunicorn():
    assert re.search(r"upstream web \{ server web:8000; \}", NGINX)
    assert re.search(r"upstream ws \{ server ws:8001; \}", NGINX)
    ws_block = NGINX[NGINX.index("location /ws/") :]
    assert "proxy_pass http://ws;" in ws_block.split("}")[0]
    assert "Upgrade $http_upgrade" in ws_block.split("}")[0]
    root_block = NGINX[NGINX.index("location / {") :]
    assert "proxy_pass http://web;" in root_block.split("}")[0]
    assert SERVICES["nginx"]["depends_on"] == ["web", "ws"]


def test_nginx_access_log_keeps_no_query_strings_or_addresses():
    log_format = re.search(r"log_format private (.+);", NGINX).group(1)
    assert "$request_uri" not in log_format and "$args" not in log_format
    assert "$remote_addr" not in log_format
