"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels router.

WebSocket connections are checked against an explicit origin allow-list
(settings.WEBSOCKET_ALLOWED_ORIGINS) and authenticated from the session cookie.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
os.environ["PEERSUPPORT_SERVER"] = "asgi"  # no persistent database connections under daphne (settings.py)
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import OriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from accounts.language import SocketLanguageMiddleware  # noqa: E402
from groups.routing import websocket_urlpatterns  # noqa: E402
from peersupport.socket_auth import SessionCookieMiddleware  # noqa: E402


def websockets(routes):
    """The socket stack every route sits behind (the bench's baseline consumer too, benchmarks/bench_asgi.py).

    Only the cookie is read here: each consumer resolves the session and the user in its own first trip to the
    database (peersupport/socket_auth.py), one trip per handshake."""
    return OriginValidator(
        SessionCookieMiddleware(SocketLanguageMiddleware(URLRouter(routes))), settings.WEBSOCKET_ALLOWED_ORIGINS
    )


application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websockets(websocket_urlpatterns)})
