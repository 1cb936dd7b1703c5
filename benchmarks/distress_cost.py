"""How long distress detection takes per message (run as a subprocess of `make bench`).

Usage: python -m benchmarks.distress_cost [--repeat N]
Prints JSON: the wall-clock p50, p99 and maximum in milliseconds of moderation.distress.assess() over every
sentence of the shipped labelled rounds (tests/moderation/data/distress_*.tsv: the lexicons, the stemmers and
the small model, as the pipeline calls it on each message), after one unmeasured pass; and one long message
(a hundred sentences). Needs no database: the detector reads only its shipped files.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from moderation.distress import assess, evaluate

DATA = Path(__file__).resolve().parent.parent / "tests" / "moderation" / "data"
LONG = "I went to the group today and it was good, thank you all. " * 100 + "and i want to die"


def timings(texts, repeat):
    times = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            assess(text)
            times.append(1000 * (time.perf_counter() - started))
    return sorted(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows, _groups = evaluate.load_rounds(sorted(DATA.glob("distress_*.tsv")))
    texts = [text for _label, _language, text in rows]
    timings(texts, 1)  # warm: the lexicons compiled, the weights read
    times = timings(texts, args.repeat)
    long = timings([LONG], 5)
    result = {
        "messages": len(times),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 3),
        "max_ms": round(times[-1], 3),
        "long_message_ms": round(statistics.median(long), 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
