"""The sockets' trips to the database (peersupport/socket_db.py): one connection kept on the consumers' thread
under daphne, and still one that works after PostgreSQL dropped it. PostgreSQL only: the point is its
connection cost and its backends."""

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection, connections

from peersupport import socket_db
from peersupport.socket_db import socket_database

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backends (CI sets DATABASE_URL)"),
]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid):
    """From a connection of another thread: PostgreSQL drops backend `pid`, as a restart would."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        connection.close()


async def from_elsewhere(pid):
    await sync_to_async(terminate, thread_sensitive=False)(pid)


@pytest.fixture
async def kept(settings):
    """Keep connections as under daphne; close the consumers' thread's connection afterwards."""
    settings.SOCKET_CONN_MAX_AGE = 60
    yield
    await socket_database(connections.close_all)()


async def test_trips_share_one_connection_while_it_is_kept(kept):
    first, second, third = [await socket_database(backend_pid)() for _ in range(3)]
    assert first == second == third


async def test_without_keeping_each_trip_connects_anew(settings):
    settings.SOCKET_CONN_MAX_AGE = 0  # as outside daphne, and as channels' own database_sync_to_async does
    assert await socket_database(backend_pid)() != await socket_database(backend_pid)()


async def test_a_kept_connection_past_its_age_is_replaced(kept, settings):
    settings.SOCKET_CONN_MAX_AGE = -1  # a connection opened now is already too old at the end of its trip
    assert await socket_database(backend_pid)() != await socket_database(backend_pid)()


async def test_a_kept_connection_that_sat_unused_is_checked_and_replaced_when_dead(kept, monkeypatch):
    """A restarted PostgreSQL (here: the backend terminated) costs no trip after a quiet moment."""
    first = await socket_database(backend_pid)()
    await from_elsewhere(first)
    monkeypatch.setattr(socket_db, "IDLE_CHECK", 0.0)  # every connection counts as having sat unused
    assert await socket_database(backend_pid)() != first


async def test_a_trip_that_met_a_dead_connection_fails_once_and_the_next_reconnects(kept):
    """Under steady load there is no check: the one trip fails (the socket answers `unavailable`), the next
    one gets a new connection."""
    first = await socket_database(backend_pid)()
    await from_elsewhere(first)
    with pytest.raises(DatabaseError):
        await socket_database(backend_pid)()
    assert await socket_database(backend_pid)() != first


async def on_every_thread(count, function):
    """`function` once on each of `count` socket-database threads at the same time (a barrier holds each trip
    until all are in: trips run one after another would break it)."""
    together = threading.Barrier(count, timeout=5)

    def trip():
        together.wait()
        return threading.current_thread().name, function()

    return await asyncio.gather(*(socket_database(trip)() for _ in range(count)))


async def test_under_daphne_trips_run_on_several_threads_each_keeping_its_connection(kept, settings):
    """One slow trip (a sender waiting for PostgreSQL) no longer holds up everyone else's: with
    SOCKET_DB_THREADS threads, that many trips run at once, each on its own kept connection."""
    settings.SOCKET_DB_THREADS = 3
    socket_db._threads.cache_clear()
    try:
        first = await on_every_thread(3, backend_pid)
        again = await on_every_thread(3, backend_pid)
        assert len({name for name, _pid in first}) == 3 and len({pid for _name, pid in first}) == 3
        assert {pid for _name, pid in again} == {pid for _name, pid in first}  # kept: one per thread
    finally:
        await on_every_thread(3, connections.close_all)
        socket_db._threads.cache_clear()


def test_sqlite_keeps_one_thread_whatever_the_setting(settings, monkeypatch):
    """SQLite locks the whole database for a write: `make run`'s sockets stay on one thread."""
    settings.SOCKET_DB_THREADS = 4
    monkeypatch.setattr(socket_db.connection, "vendor", "sqlite")
    socket_db._threads.cache_clear()
    try:
        assert socket_db._threads()._max_workers == 1
    finally:
        socket_db._threads.cache_clear()


def test_a_process_forked_after_trips_gets_threads_of_its_own():
    """The browser tests' daphne is forked from the test process, which made trips before: the child must not
    wait for a pool thread that stayed behind in the parent."""
    import os

    made_before = socket_database(lambda: "ran")  # as the consumers' functions are decorated at import time
    assert asyncio.run(socket_database(threading.get_ident)()) != threading.get_ident()  # the parent's pool runs
    child = os.fork()
    if child == 0:  # no database work in the child: its inherited connections belong to the parent
        try:
            ran = asyncio.run(asyncio.wait_for(made_before(), timeout=5))
            os._exit(0 if ran == "ran" else 1)
        except BaseException:  # noqa: BLE001  (anything, a timeout above all, fails the test)
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
