import json, sys
from benchmarks import run
mode = {"fanout": [int(x) for x in sys.argv[2].split(",")], "idle": (10, 1), "senders": (int(sys.argv[3]), 6), "fanout_messages": int(sys.argv[4]) if len(sys.argv) > 4 else 20}
spec = run.MODES["full" if sys.argv[1] == "full" else "quick"]["big"]
run.RESULTS.mkdir(parents=True, exist_ok=True)
run.pin(run.LOAD_CPU)
out = run.measure_sockets(spec, "redis://127.0.0.1:6379/1", mode)
for f in out["fanout"]:
    print(f["members"], "base", json.dumps(f["baseline"])[:300]); print(f["members"], "prod", json.dumps(f["product"])[:300])
print("senders base", out["senders_baseline"]); print("senders prod", out["senders"])
