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


def test_env_example_names_every_setting_the_code_reads():
    code = "\n".join(path.read_text() for path in (ROOT / "peersupport").glob("*.py"))
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', code)) | set(
        re.findall(r'"([A-Z_]+)" in env', code)
    )
    assert {"SECRET_KEY", "SECURE_SSL_REDIRECT", "BEHIND_TLS_PROXY", "REDIS_URL", "CHANNELS_ENCRYPTION_KEY"} <= read
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
    assert read - named == set(), "add these to .env.example"


def test_app_services_wait_for_a_healthy_database_and_a_finished_migrate():
    for name in ["web", "ws", "worker", "beat"]:
        depends = SERVICES[name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
    assert SERVICES["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert SERVICES["migrate"]["restart"] == "no"
    assert "migrate" not in SERVICES["migrate"]["depends_on"]


def test_every_long_running_service_has_a_healthcheck_and_rotated_logs():
    for name, service in SERVICES.items():
        assert service["logging"]["options"]["max-size"], name
        assert int(service["logging"]["options"]["max-file"]) >= 2, name
        if name != "migrate":
            assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name


def test_static_files_come_from_the_running_image_not_a_volume():
    assert "static" not in COMPOSE.get("volumes", {})
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            assert "static" not in volume, (name, volume)
    static_block = NGINX[NGINX.index("location /static/") :].split("}")[0]
    assert "proxy_pass http://web;" in static_block


def test_nginx_serves_https_with_the_mounted_certificate_and_redirects_http():
    assert re.search(r"^\s*listen 443 ssl;", NGINX, re.M)
    assert re.search(r"^\s*http2 on;", NGINX, re.M)
    assert not re.search(r"listen [^;]*http2", NGINX), "the `listen ... http2` form is deprecated"
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in NGINX
    assert "return 301 https://$host$request_uri;" in NGINX
    assert "./deploy/certs:/etc/nginx/certs:ro" in SERVICES["nginx"]["volumes"]
    assert {"80:80", "443:443"} <= set(SERVICES["nginx"]["ports"])


def test_backups_run_nightly_with_retention_into_a_host_folder():
    backup = SERVICES["backup"]
    assert backup["entrypoint"][-1] == "/deploy/backup.sh"
    assert "./backups:/backups" in backup["volumes"]
    assert backup["environment"]["PGHOST"] == "postgres"
    script = (ROOT / "deploy" / "backup.sh").read_text()
    assert "pg_dump --format=custom" in script and "-mtime +" in script


def test_redis_runs_without_persistence():
    command = SERVICES["redis"]["command"]
    assert "--save" in command and command[command.index("--save") + 1] == ""
    assert "--appendonly" in command and command[command.index("--appendonly") + 1] == "no"


def test_nginx_routes_websockets_to_daphne_and_the_rest_to_gunicorn():
    assert re.search(r"upstream web \{ server web:8000; \}", NGINX)
    assert re.search(r"upstream ws \{ server ws:8001; \}", NGINX)
    ws_block = NGINX[NGINX.index("location /ws/") :]  # only in the HTTPS server
    assert "proxy_pass http://ws;" in ws_block.split("}")[0]
    assert "Upgrade $http_upgrade" in ws_block.split("}")[0]
    https = NGINX[NGINX.index("listen 443") :]
    root_block = https[https.index("location / {") :]
    assert "proxy_pass http://web;" in root_block.split("}")[0]
    assert SERVICES["nginx"]["depends_on"] == {
        "web": {"condition": "service_healthy"},
        "ws": {"condition": "service_healthy"},
    }


def test_nginx_access_log_keeps_no_query_strings_or_addresses():
    log_format = re.search(r"log_format private (.+);", NGINX).group(1)
    assert "$request_uri" not in log_format and "$args" not in log_format
    assert "$remote_addr" not in log_format
