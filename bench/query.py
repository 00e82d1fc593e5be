"""Query speed on a large store: full-text search (--about) and filters on N generated quotes.

    python bench/query.py --quotes 1000000

The store is filled with generated rows through the store's own writer (no analysis, so it takes
a minute, not days): quote text drawn from 20,000 pseudo-words with Zipf-like frequencies plus one
of 26 topic words per quote (each topic word is in about 4% of quotes). The FTS index is built
by the same `finish()` as after an ingest. Prints the
median and worst latency of typical `saidwhat query` searches.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import tempfile
import time
from pathlib import Path

from saidwhat.store import open_store
from saidwhat.store.query import search_quotes
from saidwhat.store.rows import TABLES

TOPICS = ("border crossing ceasefire budget harbour tariff election vote minister reform strike bridge "
          "energy prices water school rail talks treaty sanctions deadline summit council court health tax").split()


def vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    """Pseudo-words with a Zipf-like frequency, like the words of real news."""
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]
NAMES = ["Anna Berg", "Omar Haddad", "Ines Lund", "Paul Ridge", "Sergey Lavrov", "Helena Varga", "Karl Dessen"]


def fill(store, n_quotes: int, per_doc: int = 10, seed: int = 5) -> None:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(vocab))))
    n_docs = n_quotes // per_doc
    batch = {t: [] for t in TABLES}
    for d in range(n_docs):
        doc_id = f"b{d}"
        date = f"{2010 + d % 15}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        batch["documents"].append((doc_id, f"h{d}", "bench", date, None, None, 0, per_doc, 0, ""))
        for s, name in enumerate(NAMES[:3]):
            batch["speakers"].append((doc_id, f"s{s + 1}", rng.choice(NAMES), [], None, "person", None))
        for q in range(per_doc):
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 25))
            words[rng.randrange(len(words))] = rng.choice(TOPICS)  # one topic word a quote
            text = " ".join(words)
            sid = f"s{1 + q % 3}"
            batch["quotes"].append((f"{doc_id}#{q}", doc_id, q, 0, len(text), text, rng.choice(("direct", "indirect", "mixed")),
                                    "speech", sid, rng.choice(NAMES), None, "he", "said", 0, "article", "cue", f"q{q}", date))
        if len(batch["quotes"]) >= 50_000:
            store.write(batch)
            batch = {t: [] for t in TABLES}
    store.write(batch)


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
