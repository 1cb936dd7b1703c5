"""The product ASGI router plus the baseline echo consumer, behind the same middleware."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import OriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

from groups.routing import websocket_urlpatterns  # noqa: E402

from .baseline import BaselineConsumer  # noqa: E402

routes = [path("ws/bench/echo/<slug:room>/", BaselineConsumer.as_asgi()), *websocket_urlpatterns]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(routes)), settings.WEBSOCKET_ALLOWED_ORIGINS),
    }
)
