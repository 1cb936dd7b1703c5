"""The product ASGI application (peersupport/asgi.py, so daphne runs as deployed: one database connection per
trip, CONN_MAX_AGE 0) plus the baseline echo consumer, behind the same socket stack."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.urls import path  # noqa: E402

from peersupport.asgi import django_asgi_app, websocket_urlpatterns, websockets  # noqa: E402

from .baseline import BaselineConsumer  # noqa: E402

routes = [path("ws/bench/echo/<slug:room>/", BaselineConsumer.as_asgi()), *websocket_urlpatterns]

application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websockets(routes)})
