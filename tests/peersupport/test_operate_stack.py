"""The shipped proxy config, for real: `nginx -t` on it, and the production processes behind it on loopback.

deploy/nginx.conf is used as shipped except for what only compose can provide: the upstream host names
(web, ws), the ports, and the paths of the certificate and the logs. The certificate is a throwaway one
made by openssl here. Without nginx or openssl on the machine the tests skip; .ci/run installs both.
"""

import asyncio
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

if not (NGINX and shutil.which("openssl")):
    reason = "needs nginx and openssl (apt-get install nginx openssl; .ci/run does)"
    if IN_CI:
        pytest.fail(f"CI must run the proxy tests: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_version():
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr
    return tuple(int(part) for part in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out).groups())


def make_certificate(folder):
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return folder / "fullchain.pem"


def loopback_config(tmp, web_port, ws_port, http_port, https_port):
    """deploy/nginx.conf with loopback upstreams, ports and paths, inside a minimal main config."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "server web:8000;": f"server 127.0.0.1:{web_port};",
        "server ws:8001;": f"server 127.0.0.1:{ws_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen [::]:80;": "",
        "listen [::]:443 ssl;": "",
        "/etc/nginx/certs/": f"{tmp}/certs/",
        "/var/log/nginx/": f"{tmp}/",
        "/var/www/certbot": f"{tmp}/webroot",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx.conf no longer has {old!r}: update this test with it"
        site = site.replace(old, new)
    if nginx_version() < (1, 25, 1):
        # `http2 on;` (the form that replaced `listen ... http2`) is newer than this machine's nginx;
        # the image runs nginx 1.27, which knows it.
        site = site.replace("http2 on;", "")
    (tmp / "site.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};" for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private tmp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n{temp_paths}\n    include {tmp}/site.conf;\n}}\n"
    )
    return tmp / "nginx.conf"


def test_shipped_nginx_config_passes_nginx_t(tmp_path):
    make_certificate(tmp_path / "certs")
    config = loopback_config(tmp_path, free_port(), free_port(), free_port(), free_port())
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-e", str(tmp_path / "error.log")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_t_fails_without_the_certificate(tmp_path):
    """Proves the test above can fail: the 443 block is real and needs its certificate."""
    config = loopback_config(tmp_path, free_port(), free_port(), free_port(), free_port())
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-e", str(tmp_path / "error.log")], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "fullchain.pem" in result.stderr


# --- the production processes behind the shipped proxy --------------------------------------------------------


def wait_for(url_or_port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} exited with {process.returncode}")
        with closing(socket.socket()) as sock:
            if sock.connect_ex(("127.0.0.1", url_or_port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {url_or_port}")


@contextmanager
def started(command, env, log):
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def stack(tmp_path):
    """gunicorn (web) and daphne (ws) in production mode behind nginx with TLS, all on loopback."""
    web, ws, http, https = free_port(), free_port(), free_port(), free_port()
    certificate = make_certificate(tmp_path / "certs")
    config = loopback_config(tmp_path, web, ws, http, https)
    origin = f"https://localhost:{https}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DEBUG", "DEMO_", "PYTEST", "DJANGO"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
            "SECRET_KEY": "stack-test-" + "k" * 50,
            "ALLOWED_HOSTS": "localhost",
            "ADMIN_URL": "staff-door-test/",
            "CSRF_TRUSTED_ORIGINS": origin,
            "WEBSOCKET_ALLOWED_ORIGINS": origin,
            "SITE_URL": origin,
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "CHANNEL_LAYER_PREFIX": f"stack-{os.getpid()}-{web}",
            "CACHE_KEY_PREFIX": f"stack-{os.getpid()}-{web}",
        }
    )

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300
        )

    run("manage.py", "migrate", "--noinput")
    run("manage.py", "collectstatic", "--noinput")
    people = json.loads(run("-m", "tests.integration.helper", "setup").stdout.strip().splitlines()[-1])
    gunicorn = [sys.executable, "-m", "gunicorn", "peersupport.wsgi:application", "--bind", f"127.0.0.1:{web}"]
    daphne = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(ws), "--proxy-headers"]
    nginx = [NGINX, "-c", str(config), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"]
    with (
        started([*gunicorn, "--workers", "1"], env, tmp_path / "web.log") as web_process,
        started([*daphne, "peersupport.asgi:application"], env, tmp_path / "ws.log") as ws_process,
        started(nginx, env, tmp_path / "nginx.log") as nginx_process,
    ):
        try:
            wait_for(web, web_process)
            wait_for(ws, ws_process)
            wait_for(https, nginx_process)
            tls = ssl.create_default_context(cafile=str(certificate))
            yield {"origin": origin, "http": f"http://localhost:{http}", "tls": tls, "people": people}
        finally:
            for name in ["web.log", "ws.log", "nginx.log", "error.log"]:
                path = tmp_path / name
                print(f"--- {name} ---", path.read_text()[-3000:] if path.exists() else "(none)")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, tls=None, cookie=None):
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=tls))
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.integration
def test_https_page_static_file_and_websocket_through_the_shipped_proxy(stack):
    status, headers, body = fetch(stack["origin"] + "/", stack["tls"])
    assert status == 200, body[:500]
    assert "max-age=31536000" in headers.get("Strict-Transport-Security", "")
    assert headers.get("Referrer-Policy") == "no-referrer"

    # Plain HTTP goes to HTTPS; the health endpoint of the proxy itself answers.
    status, headers, _ = fetch(stack["http"] + "/crisis/")
    assert status == 301
    assert headers["Location"].startswith("https://localhost")
    assert fetch(stack["http"] + "/nginx-health")[0] == 200

    # Static files: the hashed name from this release's manifest, served by the app through the proxy.
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body).group(1)
    status, headers, css = fetch(stack["origin"] + stylesheet, stack["tls"])
    assert status == 200 and css
    assert "immutable" in headers.get("Cache-Control", "")

    status, _, health = fetch(stack["origin"] + "/healthz", stack["tls"])
    assert status == 200 and json.loads(health)["status"] == "ok"

    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    url = stack["origin"].replace("https://", "wss://") + f"/ws/groups/{stack['people']['slug']}/"
    cookie = {"Cookie": f"sessionid={stack['people']['member_session']}"}

    async def talk():
        async with connect(url, origin=stack["origin"], additional_headers=cookie, ssl=stack["tls"]) as socket_:
            hello = json.loads(await asyncio.wait_for(socket_.recv(), 10))
            assert hello["type"] == "hello"
            await socket_.send(json.dumps({"type": "send", "text": "Is anyone awake?"}))
            while (frame := json.loads(await asyncio.wait_for(socket_.recv(), 10)))["type"] != "ack":
                pass
            assert frame["outcome"] == "published"
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url, origin="https://evil.example", additional_headers=cookie, ssl=stack["tls"]):
                pass
        assert refused.value.response.status_code == 403

    asyncio.run(talk())


@pytest.mark.integration
def test_an_unreachable_app_answers_502_and_the_error_log_names_no_client_or_path(tmp_path):
    dead_web, dead_ws, http, https = free_port(), free_port(), free_port(), free_port()
    make_certificate(tmp_path / "certs")
    config = loopback_config(tmp_path, dead_web, dead_ws, http, https)
    nginx = [NGINX, "-c", str(config), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"]
    with started(nginx, dict(os.environ), tmp_path / "nginx.log") as process:
        wait_for(https, process)
        tls = ssl.create_default_context(cafile=str(tmp_path / "certs" / "fullchain.pem"))
        status, _, _ = fetch(f"https://localhost:{https}/groups/a-hidden-circle/", tls)
        assert status == 502
    written = (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
    assert "client:" not in written and "a-hidden-circle" not in written
    access = (tmp_path / "access.log").read_text()
    assert " app 502 " in access and "a-hidden-circle" not in access
