"""Asyncio WebSocket load clients (the `websockets` library), bounded in count and time.

Every frame the benchmark sends carries a marker ``bkm<seq>e``; receivers look
for it in whatever frame arrives, so the same client measures the product
consumer (``{"type": "send", "text": ...}`` -> ``message.new`` event) and the
baseline echo consumer (which rebroadcasts the frame as it is).
"""

import asyncio
import json
import re
import statistics
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from .services import cpu_seconds

MARKER = re.compile(r"bkm(\d+)e")
CONNECT_BATCH = 20  # daphne drops handshakes not accepted within 5 s


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def summary_ms(seconds):
    return {
        "n": len(seconds),
        "p50_ms": round(1000 * percentile(seconds, 50), 2) if seconds else None,
        "p99_ms": round(1000 * percentile(seconds, 99), 2) if seconds else None,
        "mean_ms": round(1000 * statistics.fmean(seconds), 2) if seconds else None,
    }


def frame(seq, product):
    text = f"bkm{seq}e A benchmark message, please ignore."
    return json.dumps({"type": "send", "text": text}) if product else text


class Client:
    """One socket; records when each marker arrived."""

    def __init__(self, ws):
        self.ws = ws
        self.seen = {}
        self.waiters = {}
        self.closed = None
        self.task = asyncio.create_task(self.read())

    async def read(self):
        try:
            async for text in self.ws:
                now = time.perf_counter()
                if isinstance(text, bytes):
                    continue
                for match in MARKER.finditer(text):
                    seq = int(match.group(1))
                    self.seen.setdefault(seq, now)
                    if waiter := self.waiters.pop(seq, None):
                        waiter.set()
        except Exception as exc:  # noqa: BLE001  (a dropped socket is a measured error)
            self.closed = repr(exc)
        else:
            self.closed = f"closed {self.ws.close_code}"

    async def wait(self, seq, timeout):
        if seq in self.seen:
            return True
        event = self.waiters.setdefault(seq, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            return False


async def open_socket(url, origin, cookie, timeout=20):
    return await connect(
        url,
        origin=origin,
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=timeout,
        compression=None,
        max_queue=None,
        ping_interval=None,
        proxy=None,
    )


class Sender:
    """The fan-out's sender: the first member's session on sockets of its own, each used for at most
    PER_SOCKET frames.

    The product accepts 30 frames per 10 s on one socket (groups/consumers.py), a limit meant for
    people; fresh sockets, opened outside the measured time, keep the load from tripping it. The
    baseline gets the same treatment.
    """

    PER_SOCKET = 25

    def __init__(self, url, origin, cookie):
        self.url, self.origin, self.cookie = url, origin, cookie
        self.clients, self.sent = [], 0

    async def ready(self, frames=1):
        """Make sure the next `frames` frames fit on the open sockets (call before starting a clock)."""
        if self.clients and self.sent + frames <= self.PER_SOCKET * len(self.clients):
            return
        await self.close()
        wanted = -(-frames // self.PER_SOCKET)
        self.clients = [Client(await open_socket(self.url, self.origin, self.cookie)) for _ in range(wanted)]
        self.sent = 0

    async def send(self, text):
        await self.clients[self.sent % len(self.clients)].ws.send(text)
        self.sent += 1

    async def close(self):
        await close_clients(self.clients)
        self.clients = []


async def open_clients(url, origin, cookies, timeout=20):
    """Connect one socket per cookie, CONNECT_BATCH at a time; returns (clients, errors)."""
    clients, errors = [], []

    async def one(cookie):
        try:
            return Client(await open_socket(url, origin, cookie, timeout))
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
            return None

    for start in range(0, len(cookies), CONNECT_BATCH):
        batch = await asyncio.gather(*(one(c) for c in cookies[start : start + CONNECT_BATCH]))
        clients.extend(c for c in batch if c is not None)
    await asyncio.sleep(0.3)  # let connect-time frames (hello, backlog) arrive
    return clients, errors


async def close_clients(clients):
    await asyncio.gather(*(c.ws.close() for c in clients), return_exceptions=True)
    for c in clients:
        c.task.cancel()


def guarded(scenario):
    """A socket the server closes mid-run is reported as an error row, not a crash."""

    async def run(url, origin, cookies, *args, **kwargs):
        try:
            return await scenario(url, origin, cookies, *args, **kwargs)
        except ConnectionClosed as exc:
            return {"error": f"the server closed a socket: {exc}"}

    return run


@guarded
async def fanout(url, origin, cookies, messages, product, timeout=5.0):
    """One sender (the first socket), N receivers: latency until all have it, then deliveries/s."""
    clients, errors = await open_clients(url, origin, cookies)
    if not clients or len(clients) < len(cookies):
        await close_clients(clients)
        return {"error": f"{len(errors)} of {len(cookies)} sockets failed", "detail": errors[:3]}
    sender, latencies, lost = Sender(url, origin, cookies[0]), [], 0
    for seq in range(messages):
        await sender.ready()
        start = time.perf_counter()
        await sender.send(frame(seq, product))
        done = await asyncio.gather(*(c.wait(seq, timeout) for c in clients))
        if all(done):
            latencies.append(max(c.seen[seq] for c in clients) - start)
        else:
            lost += 1
    # Throughput: a burst of messages sent back to back; count deliveries until the last arrives.
    burst = range(messages, 2 * messages)
    await sender.ready(messages)
    start = time.perf_counter()
    for seq in burst:
        await sender.send(frame(seq, product))
    await asyncio.gather(*(c.wait(seq, timeout) for c in clients for seq in burst))
    arrivals = [c.seen[seq] for c in clients for seq in burst if seq in c.seen]
    elapsed = (max(arrivals) - start) if arrivals else None
    await sender.close()
    await close_clients(clients)
    return {
        "members": len(clients),
        **summary_ms(latencies),
        "lost": lost,
        "deliveries": len(arrivals),
        "expected": len(clients) * len(burst),
        "deliveries_per_s": round(len(arrivals) / elapsed, 1) if elapsed else None,
    }


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


@guarded
async def idle(url, origin, cookies, hold_seconds, pid):
    """Hold N idle sockets open; report errors and the server's memory per socket."""
    before = rss_kb(pid)
    clients, errors = await open_clients(url, origin, cookies)
    await asyncio.sleep(1)
    connected = rss_kb(pid)
    deadline = time.monotonic() + hold_seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(min(5, max(0, deadline - time.monotonic())))
    dropped = [c.closed for c in clients if c.closed]
    after = rss_kb(pid)
    await close_clients(clients)
    per_socket = (connected - before) / len(clients) if clients else None
    return {
        "sockets": len(clients),
        "wanted": len(cookies),
        "connect_errors": len(errors),
        "dropped": len(dropped),
        "detail": (errors + dropped)[:3],
        "held_s": hold_seconds,
        "rss_before_kb": before,
        "rss_connected_kb": connected,
        "rss_after_kb": after,
        "kb_per_socket": round(per_socket, 1) if per_socket is not None else None,
    }


@guarded
async def senders(url, origin, cookies, per_sender, product, timeout=5.0, pid=None):
    """Every socket sends `per_sender` messages closed-loop; latency until its own copy comes back. With the
    server's `pid`, also its CPU per message sent (from /proc, the sending alone: steadier than latency under
    noise; every message is also delivered to every other sender)."""
    clients, errors = await open_clients(url, origin, cookies)
    if len(clients) < len(cookies):
        await close_clients(clients)
        return {"error": f"{len(errors)} of {len(cookies)} sockets failed", "detail": errors[:3]}
    latencies, lost = [], 0

    async def run(index, client):
        nonlocal lost
        for k in range(per_sender):
            seq = index * 1000 + k
            start = time.perf_counter()
            await client.ws.send(frame(seq, product))
            if await client.wait(seq, timeout):
                latencies.append(client.seen[seq] - start)
            else:
                lost += 1

    started, cpu = time.perf_counter(), cpu_seconds(pid) if pid else None
    await asyncio.gather(*(run(i, c) for i, c in enumerate(clients)))
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(pid) - cpu if pid else None
    await close_clients(clients)
    sent = len(clients) * per_sender
    return {
        "senders": len(clients),
        **summary_ms(latencies),
        "lost": lost,
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "cpu_ms_per_message": round(1000 * cpu / sent, 2) if cpu is not None else None,
    }
