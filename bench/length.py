"""Time and peak memory against document length, next to bare spaCy on the same text.

    python bench/length.py [--sizes 25000,100000,300000,1000000] [--kinds ordinary,dense] [--skip-bare]

Each measurement runs in a fresh process, so its peak resident memory (ru_maxrss) is that run's
alone. `ordinary` is news-like text from `corpus.py` (a quote every few paragraphs); `dense` is a
transcript-like report where every paragraph is an attributed quote, the worst case for the
attribution stages. The bare side is `nlp(text)` with spaCy's `max_length` raised to fit: the
parse a user would run without saidwhat. `parts` is bare spaCy on the same parts saidwhat cuts a
long text into (`segment.bounded`), the parse alone. saidwhat runs `analyze_batch` with every
stage on.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import FIRST, LAST, VERBS, make_document  # noqa: E402


def ordinary_text(n_chars: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    parts, size, k = [], 0, 1
    while size < n_chars:
        body = make_document(rng, k).split(" ", 2)[2]  # drop the "date YYYY-MM-DD" header
        parts.append(body)
        size += len(body) + 1
        k += 1
    return "\n".join(parts)[:n_chars].rsplit("\n\n", 1)[0] + "\n"


def dense_text(n_chars: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    paras, size = [], 0
    while size < n_chars:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        verb = rng.choice(VERBS)
        n = rng.randint(2, 900)
        form = rng.randrange(4)
        if form == 0:
            p = f'"We counted {n} objections and answered every one," {first} {last} {verb}.'
        elif form == 1:
            p = f'{last} {verb} that the committee had read {n} letters, and that "each of them matters."'
        elif form == 2:
            p = f'"The ledger shows {n} entries," {last} said. "Nobody has explained the rest."'
        else:
            p = f"According to {first} {last}, the hearing would resume after {n} minutes."
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras) + "\n"


def run_one(kind: str, size: int, side: str) -> dict:
    text = ordinary_text(size) if kind == "ordinary" else dense_text(size)
    if side == "bare":
        from saidwhat.nlp import load_pipeline

        nlp = load_pipeline()
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        t0 = time.perf_counter()
        doc = nlp(text)
        secs = time.perf_counter() - t0
        found = len(doc)
    elif side == "parts":
        from saidwhat.ingest import document_from_text
        from saidwhat.nlp import load_pipeline
        from saidwhat.segment import split_segments

        nlp = load_pipeline()
        parts = [text[s.start:s.end] for s in split_segments(document_from_text(text, doc_id="x"))]
        t0 = time.perf_counter()
        found = sum(len(d) for d in nlp.pipe(parts, batch_size=4))
        secs = time.perf_counter() - t0
    else:
        from saidwhat.analyze import analyze_batch
        from saidwhat.ingest import document_from_text
        from saidwhat.nlp import load_pipeline
        from saidwhat.settings import Settings

        load_pipeline()
        doc = document_from_text(text, doc_id=f"{kind}-{size}")
        t0 = time.perf_counter()
        result = analyze_batch([doc], settings=Settings(max_doc_chars=len(text) + 1))[0]
        secs = time.perf_counter() - t0
        found = len(getattr(result, "quotes", ())) if hasattr(result, "quotes") else -1
        if not hasattr(result, "quotes"):
            print(f"failure: {result.reason}", file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "chars": len(text), "side": side, "seconds": round(secs, 2),
            "peak_mb": round(peak_mb), "found": found}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="25000,100000,300000,1000000")
    ap.add_argument("--kinds", default="ordinary,dense")
    ap.add_argument("--skip-bare", action="store_true", help="Measure saidwhat only.")
    ap.add_argument("--timeout", type=int, default=1800, help="Seconds one measurement may take.")
    ap.add_argument("--one", nargs=3, metavar=("KIND", "SIZE", "SIDE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        kind, size, side = args.one
        print(json.dumps(run_one(kind, int(size), side)))
        return
    print(f"{'kind':9} {'chars':>9} {'bare s':>7} {'bare MB':>8} {'parts s':>7} {'parts MB':>8} "
          f"{'saidwhat s':>10} {'MB':>6} {'ratio':>6} {'to parts':>8} {'quotes':>7}")
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            row = {}
            for side in (("saidwhat",) if args.skip_bare else ("bare", "parts", "saidwhat")):
                try:
                    out = subprocess.run([sys.executable, __file__, "--one", kind, str(size), side],
                                         capture_output=True, text=True, timeout=args.timeout, check=True)
                    row[side] = json.loads(out.stdout.strip().splitlines()[-1])
                except subprocess.TimeoutExpired:
                    row[side] = {"seconds": float("inf"), "peak_mb": -1, "found": -1, "chars": size}
                except subprocess.CalledProcessError as exc:
                    print(exc.stderr[-2000:], file=sys.stderr)
                    row[side] = {"seconds": float("nan"), "peak_mb": -1, "found": -1, "chars": size}
            sw = row["saidwhat"]
            missing = {"seconds": float("nan"), "peak_mb": -1}
            bare, parts = row.get("bare", missing), row.get("parts", missing)
            ratio = sw["seconds"] / bare["seconds"] if bare["seconds"] else float("nan")
            to_parts = sw["seconds"] / parts["seconds"] if parts["seconds"] else float("nan")
            print(f"{kind:9} {sw['chars']:>9,} {bare['seconds']:>7.1f} {bare['peak_mb']:>8} {parts['seconds']:>7.1f} "
                  f"{parts['peak_mb']:>8} {sw['seconds']:>10.1f} {sw['peak_mb']:>6} {ratio:>6.2f} {to_parts:>8.2f} "
                  f"{sw['found']:>7}", flush=True)


if __name__ == "__main__":
    main()
