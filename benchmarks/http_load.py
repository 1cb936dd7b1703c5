"""HTTP load with wrk, interleaved with the baseline so that a noisy machine does not move the ratios.

Each round measures the minimal view and then a page, for every page; a page's ratio is the median of its
per-round ratios (page req/s over the baseline's req/s of the same round). Beside req/s goes the server's own
CPU per request, read from /proc before and after each wrk run: it does not depend on what else the machine
is doing, as req/s does.
"""

import re
import statistics
import subprocess

from .services import BIN, HTTP_PORT, Server, http_status, prepare, say, server_env
from .services import cpu_seconds as server_cpu

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
BASELINE_PATH = "/bench/baseline/"


def wrk(url, cookie, seconds):
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", "-H", f"Cookie: sessionid={cookie}", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"^\s*(\d+) requests in", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(requests.group(1)) if requests else 0,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(bad.group(1)) if bad else 0,
    }


def timed(server, url, cookie, seconds):
    """One wrk run with the server's CPU milliseconds per request beside it."""
    before = server_cpu(server.proc.pid)
    result = wrk(url, cookie, seconds)
    used = server_cpu(server.proc.pid) - before
    result["cpu_ms"] = round(1000 * used / result["requests"], 2) if result["requests"] else None
    return result


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def summary(runs):
    """The median of each figure over the rounds."""
    keys = ("rps", "p50_ms", "p99_ms", "cpu_ms")
    out = {key: median([run[key] for run in runs]) for key in keys}
    out["non_2xx"] = sum(run["non_2xx"] for run in runs)
    return out


def round_ratio(page, base):
    return page["rps"] / base["rps"] if page["rps"] and base["rps"] else None


def measure_pages(spec, redis_url, seconds, rounds):
    info = prepare(spec["db"], redis_url, 0)
    server = Server(
        [str(BIN / "gunicorn"), "peersupport.wsgi:application", "--bind", f"127.0.0.1:{HTTP_PORT}"]
        + ["--workers", "1", "--log-level", "warning"],
        server_env(spec["db"], redis_url),
        HTTP_PORT,
    )
    base_url, reader = f"http://127.0.0.1:{HTTP_PORT}", info["cookies"]["reader"]
    pages = []
    for page in info["pages"]:
        cookie = info["cookies"][page["who"]]
        status = http_status(base_url + page["path"], cookie) if page["path"] else None
        pages.append({**page, "live_status": status, "runs": [], "baselines": []})
    try:
        for number in range(1, rounds + 1):
            for page in pages:
                if page["live_status"] != 200:
                    continue
                say(f"HTTP on {spec['db']}, round {number}/{rounds}: baseline, then {page['label']}")
                page["baselines"].append(timed(server, base_url + BASELINE_PATH, reader, seconds))
                page["runs"].append(timed(server, base_url + page["path"], info["cookies"][page["who"]], seconds))
    finally:
        server.stop()
    every_baseline = [b for page in pages for b in page["baselines"]]
    for page in pages:
        ratios = [round_ratio(p, b) for p, b in zip(page["runs"], page["baselines"], strict=True)]
        page.update(summary(page["runs"]) if page["runs"] else {"rps": None})
        page["ratio"] = median(ratios)
        page["ratios"] = [round(r, 3) for r in ratios if r is not None]
    return {"baseline": summary(every_baseline) if every_baseline else {}, "pages": pages, "rounds": rounds}
