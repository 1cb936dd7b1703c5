"""The bench's method: its own database names, the median of per-round ratios, and the server's CPU from /proc."""

import subprocess
import sys

from benchmarks import http_load, services


def test_bench_databases_are_named_after_database_url_and_never_are_it(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/ngo_prod")
    assert services.bench_db("bench") == "ngo_prod_bench"
    assert services.database_url(services.bench_db("bench_small")).endswith("/ngo_prod_bench_small")
    monkeypatch.delenv("DATABASE_URL")
    assert services.bench_db("bench_quick") == "peersupport_bench_quick"


def test_a_noisy_round_does_not_move_the_ratio():
    baselines = [{"rps": 400.0}, {"rps": 100.0}, {"rps": 410.0}]  # round two: the machine was busy
    pages = [{"rps": 200.0}, {"rps": 50.0}, {"rps": 200.0}]
    ratios = [http_load.round_ratio(p, b) for p, b in zip(pages, baselines, strict=True)]
    assert http_load.median(ratios) == 0.5
    # Dividing the median page by one baseline measured once, before the pages, swings with that one run.
    assert http_load.median([p["rps"] for p in pages]) / baselines[1]["rps"] == 2.0


def test_server_cpu_counts_the_process_and_its_children():
    burn = (
        "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\nimport sys; sys.stdin.read()"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}])"],
        stdin=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            if services.cpu_seconds(parent.pid) >= 0.3:
                break
            subprocess.run(["sleep", "0.05"])
        assert services.cpu_seconds(parent.pid) >= 0.3  # the child burned it, not the parent
        assert len(services._family(parent.pid)) == 2
    finally:
        parent.stdin.close()  # the child reads to the end of its input, then exits
        parent.kill()
        parent.wait()


def test_the_send_breakdown_times_each_step_and_puts_every_step_back():
    from benchmarks import send_cost
    from moderation import pipeline

    original = pipeline.prepare_markdown
    with send_cost.timed_steps({}) as totals:
        assert pipeline.prepare_markdown is not original
        pipeline.prepare_markdown("A line to render *once*")
    assert pipeline.prepare_markdown is original
    assert list(totals) == ["text steps (normalise, mentions, markdown, sanitizer)"]
    assert totals["text steps (normalise, mentions, markdown, sanitizer)"] > 0


def test_the_send_row_holds_only_at_or_under_the_target():
    from benchmarks.rows import SEND_CPU_MS, send_cost_rows

    cost = {"cpu_ms_per_message": SEND_CPU_MS + 0.5, "baseline_cpu_ms": 0.25, "queries_per_message": 6.0}
    cost["socket_cpu_ms_per_message"] = 4.9
    cost["steps_ms"] = {"access re-check": 2.5, "broadcast and notification hook": 0.6}
    (row,) = send_cost_rows(cost)
    assert row[-1] == "NO" and row[1].index("access re-check 2.5 ms") < row[1].index("broadcast")
    (row,) = send_cost_rows({**cost, "cpu_ms_per_message": SEND_CPU_MS})
    assert row[-1] == "yes"
    assert send_cost_rows({})[0][-1] == "n/a"
