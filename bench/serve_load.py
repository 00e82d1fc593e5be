"""Load test of `saidwhat serve`: requests/s and latency of the search and document pages with
concurrent clients, on a synthetic store, over loopback only.

    python bench/serve_load.py --quotes 100000 --clients 10 --seconds 20 [--db KEEP.duckdb]

Builds the store (`bench/synth.py`), starts `saidwhat serve --db STORE` on 127.0.0.1 in its own
process, then runs the clients (threads with keep-alive HTTP connections) for a bounded time:
each request is a search page (a topic word, sometimes with a speaker, type or date filter) or a
document page, half and half. Prints requests/s and p50 / p95 / worst latency per kind.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from saidwhat.store import open_store
from synth import NAMES, TOPICS, fill


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, timeout: float = 60.0) -> None:
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            if httpx.get(base + "/api/overview", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def client(base: str, n_docs: int, until: float, seed: int, out: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as http:
        while time.time() < until:
            if rng.random() < 0.5:
                kind = "search"
                params = {"q": rng.choice(TOPICS)}
                r = rng.random()
                if r < 0.2:
                    params["speaker"] = rng.choice(NAMES).split()[-1]
                elif r < 0.4:
                    params["type"] = rng.choice(("direct", "indirect", "mixed"))
                elif r < 0.5:
                    params["since"], params["until"] = "2015-01-01", "2016-12-31"
                if rng.random() < 0.2:
                    params["page"] = str(rng.randint(2, 5))
                url = "/search"
            else:
                kind = "document"
                params = {"id": f"b{rng.randrange(n_docs)}"}
                url = "/doc"
            t = time.perf_counter()
            resp = http.get(url, params=params)
            dt = time.perf_counter() - t
            if resp.status_code != 200:
                errors.append(f"{url} {params}: {resp.status_code}")
            out[kind].append(dt)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (saidwhat serve --workers)")
    ap.add_argument("--db", default=None, help="Keep the store here (reused when it exists: `bench/query.py "
                                               "--db` builds the same one).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "load.duckdb"
        if db.exists():
            store = open_store(db, read_only=True)
            n_docs, n_quotes = store.con.execute("SELECT count(*), sum(n_quotes) FROM documents").fetchone()
            store.close()
            print(f"store: {n_quotes:,} quotes in {n_docs:,} documents (reused)")
        else:
            store = open_store(db)
            t0 = time.perf_counter()
            n_docs = fill(store, args.quotes)
            store.finish()
            store.close()
            print(f"store: {args.quotes:,} quotes in {n_docs:,} documents, built in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "saidwhat", "serve", "--db", str(db), "--port", str(port),
                                   "--workers", str(args.workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_up(base)
            # warm-up: one of each
            httpx.get(base + "/search", params={"q": "ceasefire"}, timeout=30)
            httpx.get(base + "/doc", params={"id": "b0"}, timeout=30)
            out: dict[str, list[float]] = {"search": [], "document": []}
            errors: list[str] = []
            until = time.time() + args.seconds
            threads = [threading.Thread(target=client, args=(base, n_docs, until, k, out, errors))
                       for k in range(args.clients)]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
    total = sum(len(v) for v in out.values())
    print(f"{args.clients} clients, {args.workers} server process(es), {elapsed:.1f} s: {total} requests, {total / elapsed:.1f} requests/s, "
          f"{len(errors)} errors")
    for kind, times in out.items():
        if times:
            print(f"  {kind:9s} {len(times):6d} requests  {len(times) / elapsed:6.1f}/s  "
                  f"p50 {1000 * statistics.median(times):6.1f} ms  p95 {1000 * pct(times, 95):6.1f} ms  "
                  f"worst {1000 * max(times):6.1f} ms")
    for e in errors[:5]:
        print("  error:", e)


if __name__ == "__main__":
    main()
