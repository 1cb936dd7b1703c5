"""The sockets' trips to the database: a few threads per daphne process, and one connection kept on each.

channels runs every `database_sync_to_async` call of a process on one thread (thread-sensitive, outside any
request), so the consumers' database work queues there. Under daphne `CONN_MAX_AGE` is 0 (settings.py: an
HTTP request served by daphne runs on a thread of its own, whose connections must not pile up), and each trip
opened a new PostgreSQL connection: 12.5 ms of that one thread on the bench machine (SCRAM and a backend fork)
for queries of a few tenths of a millisecond, about 40 trips a second per process. A reconnect storm queued
past daphne's 5 s handshake timeout.

`socket_database` is `database_sync_to_async` with two differences. A connection opened during a trip is kept
for `SOCKET_CONN_MAX_AGE` seconds, and when it sat unused for over a second it is checked before its next query
(Django's health check, one round trip), so a PostgreSQL or PgBouncer restarted meanwhile costs no frame. Every
trip still drops a connection left broken, in a transaction, or past its age, as channels' `close_old_connections`
does. And the trips run on `SOCKET_DB_THREADS` threads of their own (4 under daphne) instead of channels' one:
on one thread every sender of the process waited for every other sender's queries (about 30 ms of wall time a
message, mostly waiting for PostgreSQL, while daphne's own core was 60% idle). Each of those threads keeps its own
connection, so a daphne process holds at most `SOCKET_DB_THREADS` of them. One socket's frames still run one at
a time and in order: a consumer handles its next frame after the last one's trip came back. SQLite (`make run`)
keeps one thread: it locks the whole database for a write.
"""

import functools
import os
import time
from concurrent.futures import ThreadPoolExecutor

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.db import connection, connections

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


@functools.cache
def _threads():
    count = 1 if connection.vendor == "sqlite" else max(1, settings.SOCKET_DB_THREADS)
    return ThreadPoolExecutor(max_workers=count, thread_name_prefix="socket-db")


# A forked process (a server forked from a process that already made trips, as the browser tests' daphne is)
# inherits the pool without its threads: the pool would count an idle thread that is not there and never run a
# trip. The child makes its own.
os.register_at_fork(after_in_child=_threads.cache_clear)


class SocketDatabaseSyncToAsync(DatabaseSyncToAsync):
    def __init__(self, func):
        super().__init__(func, thread_sensitive=False)

    # The pool is looked up at each call, not kept from the decoration: functions decorated at import time would
    # otherwise keep the pool of the process that imported them, and a forked child would use its threadless copy.
    # (Nor is it made at import: the first trip makes it.)
    _executor = property(lambda self: _threads(), lambda self, value: None)

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
