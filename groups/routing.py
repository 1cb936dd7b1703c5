"""WebSocket routes (added by the live chat work)."""

websocket_urlpatterns = []
