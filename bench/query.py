"""Query speed on a large store: full-text search (--about) and filters on N generated quotes.

    python bench/query.py --quotes 1000000

The store is filled with generated rows through the store's own writer (`bench/synth.py`: no
analysis, so it takes a minute, not days). The FTS index is built
by the same `finish()` as after an ingest. Prints the
median and worst latency of typical `saidwhat query` searches.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from saidwhat.store import open_store
from saidwhat.store.query import search_quotes
from synth import fill


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quotes", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.duckdb"
        store = open_store(db)
        t0 = time.perf_counter()
        fill(store, args.quotes)
        t1 = time.perf_counter()
        store.finish()
        t2 = time.perf_counter()
        store.close()
        print(f"{args.quotes:,} quotes: filled in {t1 - t0:.1f} s, persons + full-text index in {t2 - t1:.1f} s")
        store = open_store(db, read_only=True)
        cases = {
            "--about ceasefire": dict(about="ceasefire"),
            "--about 'harbour tariff'": dict(about="harbour tariff"),
            "--speaker Lavrov": dict(speaker="Lavrov"),
            "--about treaty --since 2015-01-01 --until 2016-12-31": dict(about="treaty", since="2015-01-01", until="2016-12-31"),
            "--speaker Varga --type direct": dict(speaker="Varga", types=("direct",)),
        }
        for name, kw in cases.items():
            times = []
            for _ in range(5):
                t = time.perf_counter()
                search_quotes(store, limit=50, **kw)
                times.append(time.perf_counter() - t)
            print(f"{name:58s} median {1000 * statistics.median(times):7.1f} ms   worst {1000 * max(times):7.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
