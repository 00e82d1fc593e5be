"""Train the ranker that decides which learned attributions to keep.

    python scripts/train_ranker.py ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl \
        src/saidwhat/lang/en/cue_ranker.json [--cache /tmp/saidwhat-parses]

Candidates come from the cue model (quotes/learned.py) with loose thresholds; a candidate is a
positive when its content shares a word with a gold attribution's content. A logistic regression
(numpy, L2) is fitted on train; the decision threshold is then chosen by running `saidwhat eval`
on dev for a range of thresholds: the best quote F1 (word overlap) whose precision stays at or
above --min-precision. The output is a list of feature weights: no text from the data set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.eval.score import normalise  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.quotes import find_candidates  # noqa: E402
from saidwhat.quotes import learned  # noqa: E402

GEN_CONTENT = learned.GEN_CONTENT
GEN_CUE_RATE = learned.GEN_CUE_RATE
_WORD = re.compile(r"\w+")


def parsed(path: Path, cache: Path | None):
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    nlp = load_pipeline()
    target = cache / (path.stem + ".spacy") if cache else None
    if target is not None and target.exists():
        sdocs = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    else:
        sdocs = list(nlp.pipe((d["text"] for d in docs), batch_size=32))
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=sdocs).to_disk(target)
    return docs, sdocs


def examples(docs, sdocs):
    rows, labels = [], []
    for d, sdoc in zip(docs, sdocs):
        text = d["text"]
        gold = [normalise(text, *q["quote"]) for q in d["quotes"]]
        gold_words = [{m.start() for m in _WORD.finditer(text, s, e)} for s, e in gold]
        for cand in find_candidates(sdoc, collect=True):
            if cand.features is None:
                continue
            words = {m.start() for s, e in cand.pieces for m in _WORD.finditer(text, s, e)}
            rows.append(cand.features)
            labels.append(1.0 if any(words & g for g in gold_words) else 0.0)
    return rows, np.array(labels)


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g = p - y
        w -= lr * (X.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--min-precision", type=float, default=88.0)
    args = ap.parse_args()
    import saidwhat.quotes as q

    shipped = q.load_ranker
    tr_rows, tr_y = examples(*parsed(args.train, args.cache))
    dv_rows, dv_y = examples(*parsed(args.dev, args.cache))
    names = sorted({k for r in tr_rows for k in r})
    X = np.array([[r.get(n, 0.0) for n in names] for r in tr_rows])
    Xd = np.array([[r.get(n, 0.0) for n in names] for r in dv_rows])
    w, b = fit(X, tr_y)
    pd = 1 / (1 + np.exp(-(Xd @ w + b)))
    best = (0.0, 0.5)
    for th in np.arange(0.2, 0.8, 0.02):
        pred = pd >= th
        tp = float((pred & (dv_y == 1)).sum())
        prec = tp / max(1, pred.sum())
        rec = tp / max(1, (dv_y == 1).sum())
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0
        if f > best[0]:
            best = (f, float(th))
    print(f"train {len(tr_y)} candidates ({int(tr_y.sum())} positive); dev {len(dv_y)} ({int(dv_y.sum())} positive)")
    print(f"dev F1 of kept candidates {best[0]:.3f} at threshold {best[1]:.2f}")
    for n, wt in sorted(zip(names, w), key=lambda x: -abs(x[1]))[:12]:
        print(f"  {wt:+.2f} {n}")
    model = {
        "_doc": "Logistic-regression weights for learned attribution candidates (scripts/train_ranker.py).",
        "names": names, "weights": [round(float(x), 5) for x in w], "bias": round(float(b), 5),
        "threshold": round(best[1], 3), "gen_content": GEN_CONTENT, "gen_cue_rate": GEN_CUE_RATE,
    }
    # Choose the system threshold with the real evaluation on dev.
    from saidwhat.eval import evaluate

    chosen = None
    for th in [round(x, 2) for x in np.arange(0.40, 0.86, 0.04)]:
        model["threshold"] = th
        ranker = learned.Ranker(tuple(names), tuple(model["weights"]), model["bias"], th, GEN_CONTENT, GEN_CUE_RATE)
        q.load_ranker = lambda lang="en", r=ranker: r
        s = evaluate(args.dev).summary()["overlap"]
        print(f"  threshold {th:.2f}: overlap P {s['precision']} R {s['recall']} F1 {s['f1']}")
        if s["precision"] >= args.min_precision and (chosen is None or s["f1"] > chosen[1]):
            chosen = (th, s["f1"])
    model["threshold"] = chosen[0] if chosen else 0.85
    print(f"chosen threshold {model['threshold']}")
    args.out.write_text(json.dumps(model, indent=1), encoding="utf-8")
    q.load_ranker = shipped


if __name__ == "__main__":
    main()
