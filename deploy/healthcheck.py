"""Container healthcheck: exit 0 when /healthz on this container's port says ok (standard library only).

    python deploy/healthcheck.py 8000
Django only answers a host from ALLOWED_HOSTS and, behind the TLS proxy, redirects plain HTTP, so the check
asks as the proxy does: Host = the first allowed host, X-Forwarded-Proto: https.
"""

import json
import os
import sys
import urllib.request

port = sys.argv[1] if len(sys.argv) > 1 else "8000"
host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(".")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed loopback URL)
        sys.exit(0 if json.load(response).get("status") == "ok" else 1)
except Exception as error:  # noqa: BLE001 (any failure is "unhealthy")
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
