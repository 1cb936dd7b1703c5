"""CI smoke for `make run PORT=N`: the chat's WebSocket opens from the page's own origin, not from another.

Run from the project folder that `make run` serves, with the venv's Python:
    python .ci/smoke_ws.py http://127.0.0.1:8765
It signs the demo member in through a session made in the same database (no password over the wire),
then opens /ws/groups/recovery-circle/ with Origin = the served address (must say hello) and with a
foreign Origin (must be refused at the handshake).
"""

import asyncio
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project folder, not .ci/
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
django.setup()

from django.test import Client  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import InvalidStatus  # noqa: E402

from accounts.models import User  # noqa: E402


def session_cookie():
    client = Client()
    client.force_login(User.objects.get(email="member@example.org"))
    return client.cookies["sessionid"].value


async def main(base, session):
    ws_url = base.replace("http://", "ws://", 1).rstrip("/") + "/ws/groups/recovery-circle/"
    cookie = {"Cookie": f"sessionid={session}"}
    async with connect(ws_url, origin=base.rstrip("/"), additional_headers=cookie, open_timeout=10) as ws:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert frame["type"] == "hello", frame
    try:
        async with connect(ws_url, origin="http://evil.example", additional_headers=cookie, open_timeout=10):
            raise SystemExit("a foreign Origin was accepted")
    except InvalidStatus as refused:
        assert refused.response.status_code == 403, refused.response.status_code
    print(f"websocket ok: {ws_url} says hello to {base}, refuses a foreign origin")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], session_cookie()))  # the ORM runs before the event loop
