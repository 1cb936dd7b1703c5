"""`make bench` rows for a crowd at the door (issue 16), each beside the echo consumer as its in-run baseline:

- a connect ramp: N sockets opening evenly over a few seconds (not in batches) to one daphne process;
  target 0 errors;
- a reconnect storm: M sockets dropped and reconnected within one second, each then sending `resume` and
  waiting for its `replay` (the baseline: one echoed frame); target every socket replayed within 3 s.

Beside the wall times goes daphne's own CPU per socket (from /proc; the storm's from the reconnects on), which
moves far less than latency when the machine is shared. Errors are counted by kind (`detail`).

    python -m benchmarks.run --crowd [--quick]    # these rows alone
"""

import asyncio
import collections
import json
import time

from . import wsload
from .rows import ratio, verdict
from .services import BIN, WS_PORT, Server, cpu_seconds, prepare, say, server_env

RAMP = {"full": (1000, 10), "quick": (300, 5)}  # sockets, seconds
STORM = {"full": (200, 1), "quick": (100, 1)}  # sockets, seconds
MISSED = 10  # messages each reconnecting socket has to catch up on
WAIT = 10  # seconds any one socket may take before it counts as failed


async def _replay_point(url, origin, cookie):
    """The id MISSED messages before the chat's newest (history answers the newest 50)."""
    ws = await wsload.open_socket(url, origin, cookie)
    try:
        await ws.send(json.dumps({"type": "history"}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            if frame["type"] == "history":
                ids = [m["id"] for m in frame["messages"]]
                return ids[-MISSED - 1] if len(ids) > MISSED else 0
    finally:
        await ws.close()


async def _until(ws, wanted):
    while True:
        text = await ws.recv()
        if wanted(text):
            return


async def ramp(url, origin, cookies, seconds, product, pid):
    """Each socket opens at its own moment of the ramp; the handshake (and, for the product, its hello)."""
    started, times, errors, sockets, cpu = time.perf_counter(), [], [], [], cpu_seconds(pid)

    async def one(index, cookie):
        await asyncio.sleep(max(0, started + index * seconds / len(cookies) - time.perf_counter()))
        begun = time.perf_counter()
        try:
            ws = await wsload.open_socket(url, origin, cookie, timeout=WAIT)
            sockets.append(ws)
            if product:
                await asyncio.wait_for(_until(ws, lambda text: '"hello"' in text), WAIT)
            times.append(time.perf_counter() - begun)
        except Exception as exc:  # noqa: BLE001  (a refused or dropped handshake is a measured error)
            errors.append(repr(exc))

    await asyncio.gather(*(one(i, c) for i, c in enumerate(cookies)))
    await asyncio.sleep(1)
    cpu = cpu_seconds(pid) - cpu
    dropped = sum(1 for ws in sockets if ws.close_code is not None)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return {
        "sockets": len(cookies),
        "errors": len(errors),
        "dropped": dropped,
        "cpu_ms_per_socket": round(1000 * cpu / len(cookies), 2),
        "detail": dict(collections.Counter(errors).most_common(5)),
        **wsload.summary_ms(times),
    }


async def storm(url, origin, cookies, window, product, pid):
    """Connect all, drop all, reconnect within `window` s; each resumes (product) or echoes once (baseline).
    The server's CPU is counted from the reconnects on."""
    after = await _replay_point(url, origin, cookies[0]) if product else None
    clients, errors = await wsload.open_clients(url, origin, cookies)
    await wsload.close_clients(clients)
    await asyncio.sleep(1)  # the closes handled
    started, done, failed, cpu = time.perf_counter(), [], [], cpu_seconds(pid)

    async def one(index, cookie):
        await asyncio.sleep(index * window / len(cookies))
        try:
            ws = await wsload.open_socket(url, origin, cookie, timeout=WAIT)
            try:
                if product:
                    await ws.send(json.dumps({"type": "resume", "after": after}))
                    await asyncio.wait_for(_until(ws, lambda text: '"replay"' in text), WAIT)
                else:
                    await ws.send(f"bkm{index}e")
                    await asyncio.wait_for(_until(ws, lambda text: f"bkm{index}e" in text), WAIT)
                done.append(time.perf_counter() - started)
            finally:
                await ws.close()
        except Exception as exc:  # noqa: BLE001
            failed.append(repr(exc))

    await asyncio.gather(*(one(i, c) for i, c in enumerate(cookies)))
    cpu = cpu_seconds(pid) - cpu
    return {
        "sockets": len(cookies),
        "cpu_ms_per_socket": round(1000 * cpu / len(cookies), 2),
        "first_connect_errors": len(errors),
        "failed": len(failed),
        "detail": dict(collections.Counter(failed).most_common(5)),
        "all_done_s": round(max(done), 2) if done else None,
        **wsload.summary_ms(done),
    }


def measure_crowd(spec, redis_url, mode, only=None):
    """The four runs (or those named in `only`), each on a fresh daphne process."""
    (ramp_n, ramp_s), (storm_n, storm_s) = RAMP[mode], STORM[mode]
    info = prepare(spec["db"], redis_url, max(ramp_n, storm_n))
    origin, ws = f"http://127.0.0.1:{WS_PORT}", f"ws://127.0.0.1:{WS_PORT}"
    product, echo, cookies = f"{ws}/ws/groups/{info['group']}/", f"{ws}/ws/bench/echo", info["sockets"]
    command = [
        str(BIN / "daphne"),
        "-b",
        "127.0.0.1",
        "-p",
        str(WS_PORT),
        "-v",
        "0",
        "benchmarks.bench_asgi:application",
    ]
    out = {}
    for key, run in (
        ("ramp_baseline", lambda pid: ramp(f"{echo}/ramp/", origin, cookies[:ramp_n], ramp_s, False, pid)),
        ("ramp", lambda pid: ramp(product, origin, cookies[:ramp_n], ramp_s, True, pid)),
        ("storm_baseline", lambda pid: storm(f"{echo}/storm/", origin, cookies[:storm_n], storm_s, False, pid)),
        ("storm", lambda pid: storm(product, origin, cookies[:storm_n], storm_s, True, pid)),
    ):
        if only and key not in only:
            continue
        say(f"WebSocket crowd: {key}")
        server = Server(command, server_env(spec["db"], redis_url, origin), WS_PORT)  # a fresh process each
        try:
            out[key] = asyncio.run(run(server.proc.pid))
        finally:
            server.stop()
    out["ramp_s"], out["storm_s"] = ramp_s, storm_s
    return out


def crowd_rows(crowd):
    r, rb = crowd["ramp"], crowd["ramp_baseline"]
    rows = [
        [
            f"{r['sockets']} sockets connecting over {crowd['ramp_s']} s, one daphne",
            f"{r['errors']} errors, {r['dropped']} dropped; handshake+hello p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms"
            f"; {r['cpu_ms_per_socket']} ms daphne CPU/socket",
            f"{rb['errors']} errors; handshake p50 {rb['p50_ms']} ms, p99 {rb['p99_ms']} ms"
            f"; {rb['cpu_ms_per_socket']} ms CPU/socket",
            ratio(r["p99_ms"], rb["p99_ms"]),
            "0 errors",
            verdict(not r["errors"] and not r["dropped"]),
        ]
    ]
    s, sb = crowd["storm"], crowd["storm_baseline"]
    rows.append(
        [
            f"reconnect storm: {s['sockets']} sockets in {crowd['storm_s']} s, then resume ({MISSED} missed)",
            f"all replayed in {s['all_done_s']} s, {s['failed']} failed; p50 {s['p50_ms']} ms"
            f"; {s['cpu_ms_per_socket']} ms daphne CPU/socket",
            f"all echoed in {sb['all_done_s']} s, {sb['failed']} failed; {sb['cpu_ms_per_socket']} ms CPU/socket",
            ratio(s["all_done_s"], sb["all_done_s"]),
            "all replayed within 3 s",
            verdict(s["all_done_s"] is not None and not s["failed"] and s["all_done_s"] < 3),
        ]
    )
    return rows
