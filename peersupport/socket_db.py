"""The sockets' trips to the database: one thread per daphne process, and one connection kept on it.

channels runs every `database_sync_to_async` call of a process on one thread (thread-sensitive, outside any
request), so the consumers' database work queues there. Under daphne `CONN_MAX_AGE` is 0 (settings.py: an
HTTP request served by daphne runs on a thread of its own, whose connections must not pile up), and each trip
opened a new PostgreSQL connection: 12.5 ms of that one thread on the bench machine (SCRAM and a backend fork)
for queries of a few tenths of a millisecond, about 40 trips a second per process. A reconnect storm queued
past daphne's 5 s handshake timeout.

`socket_database` is `database_sync_to_async` with one difference: a connection opened during a trip is kept
for `SOCKET_CONN_MAX_AGE` seconds, and when it sat unused for over a second it is checked before its next query
(Django's health check, one round trip), so a PostgreSQL or PgBouncer restarted meanwhile costs no frame. Every
trip still drops a connection left broken, in a transaction, or past its age, as channels' `close_old_connections`
does. Only the consumers use it, all on the one thread, so each daphne process keeps at most one connection.
"""

import time

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.db import connections

IDLE_CHECK = 1.0  # seconds unused after which a kept connection is checked before it is used again
_KEPT, _USED = "_socket_kept", "_socket_used"  # the driver connection a wrapper keeps; when a trip last ended


def _tidy(starting):
    """Before and after each trip: keep a fresh connection for a while; drop any that is unusable or too old."""
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None and getattr(conn, _KEPT, None) is not conn.connection:
            setattr(conn, _KEPT, conn.connection)
            conn.close_at = now + settings.SOCKET_CONN_MAX_AGE
        conn.close_if_unusable_or_obsolete()
        if starting:
            conn.health_check_enabled = now - getattr(conn, _USED, 0.0) > IDLE_CHECK
        else:
            setattr(conn, _USED, now)


class SocketDatabaseSyncToAsync(DatabaseSyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        _tidy(starting=True)
        try:
            # DatabaseSyncToAsync's own handler would close the connection (CONN_MAX_AGE 0): skip to SyncToAsync's.
            return super(DatabaseSyncToAsync, self).thread_handler(loop, *args, **kwargs)
        finally:
            _tidy(starting=False)


socket_database = SocketDatabaseSyncToAsync


class TripsOnlyWhenAsked:
    """For a consumer whose database work all goes through `socket_database`: channels' dispatch without the
    trip to the database thread it makes before every event to close old connections (a fan-out to 1,000
    sockets queued 1,000 trips behind the frames; each of our trips tidies the connections itself)."""

    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)
