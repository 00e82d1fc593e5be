"""Query speed on a large store: full-text search (--about) and filters on N generated quotes.

    python bench/query.py --quotes 1000000 [--db KEEP.duckdb] [--runs 20]

The store is generated in bulk (`bench/synth.py`: no analysis, so minutes, not days) and finished
by the same `finish()` as after an ingest (persons, issues, indexes, and the full-text index).
With --db the store is kept there (and reused when it exists). Prints the p50, p95 and worst
latency of typical `saidwhat query` searches, each run --runs times with varied words.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from saidwhat.store import open_store
from saidwhat.store.query import search_quotes
from synth import NAMES, TOPICS, fill


def build(db: Path, n: int) -> None:
    store = open_store(db)
    t0 = time.perf_counter()
    fill(store, n)
    t1 = time.perf_counter()
    store.finish()
    t2 = time.perf_counter()
    store.close()
    print(f"{n:,} quotes: generated in {t1 - t0:.1f} s; finished (persons, issues, indexes, full-text index) "
          f"in {t2 - t1:.1f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="Keep the store here (reused when it exists).")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "big.duckdb"
        if not db.exists():
            build(db, args.quotes)
        store = open_store(db, read_only=True)
        rng = random.Random(3)
        cases = {
            "--about TOPIC": lambda: dict(about=rng.choice(TOPICS)),
            "--about 'TOPIC OR TOPIC'": lambda: dict(about=" OR ".join(rng.sample(TOPICS, 2))),
            "--about '\"report on TOPIC\"' (phrase, in titles only: none)": lambda: dict(
                about=f'"report on {rng.choice(TOPICS)}"'),
            "--speaker NAME": lambda: dict(speaker=rng.choice(NAMES).split()[-1]),
            "--about TOPIC --since Y-01-01 --until Y+1-12-31": lambda: (lambda y: dict(
                about=rng.choice(TOPICS), since=f"{y}-01-01", until=f"{y + 1}-12-31"))(rng.randint(2010, 2023)),
            "--about TOPIC --speaker NAME --type direct": lambda: dict(about=rng.choice(TOPICS), types=("direct",),
                                                                      speaker=rng.choice(NAMES).split()[-1]),
        }
        search_quotes(store, about="warm", limit=50)  # the first query reads the index and tables from disk
        for name, make in cases.items():
            times = []
            for _ in range(args.runs):
                kw = make()
                t = time.perf_counter()
                search_quotes(store, limit=50, **kw)
                times.append(time.perf_counter() - t)
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"{name:50s} p50 {1000 * statistics.median(times):7.1f} ms  p95 {1000 * p95:7.1f} ms  "
                  f"worst {1000 * times[-1]:7.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
