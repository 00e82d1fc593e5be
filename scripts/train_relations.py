"""Train the relation scorer (enrich/pairs.py) on the annotated debate documents.

    python scripts/train_relations.py data/debate/train.jsonl src/saidwhat/lang/en/relation_model.json

Every document is analysed as `saidwhat analyze` would; each ordered pair of named speakers the
scorer sees is one example, a positive for "disagrees" (or "agrees") when the gold has that
directed pair (speakers matched by surname, as `saidwhat eval --task debate` scores them). One
logistic regression per kind (numpy, L2, full-batch gradient descent); the decision threshold is
the one with the best directed F1 over five folds of documents, counting the gold pairs the
scorer never sees as missed. The output is the feature names, weights and thresholds: no text.
Score on the dev split with `saidwhat eval --task debate data/debate/dev.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.analyze import analyze  # noqa: E402
from saidwhat.enrich import pairs  # noqa: E402

KINDS = {"disagrees": "disagreements", "agrees": "agreements"}


def examples(paths: list[Path]):
    """Per document: (rows of features, labels per kind, gold pairs per kind)."""
    out = []
    docs = [json.loads(line) for path in paths for line in path.open(encoding="utf-8") if line.strip()]
    for d in docs:
        with pairs.recording() as log:
            a = analyze(d["text"], d.get("date"), doc_id=d["id"])
        surname = {s.id: s.name.split()[-1] for s in a.speakers if s.name}
        rows, labels = [], {k: [] for k in KINDS}
        seen = {k: set() for k in KINDS}
        gold_pairs = {kind: {tuple(p) for p in d.get(field, [])} for kind, field in KINDS.items()}
        for src, tgt, feats in log:
            key = (surname.get(src, src), surname.get(tgt, tgt))
            rows.append([feats[f] for f in pairs.FEATURES])
            for kind in KINDS:
                hit = key in gold_pairs[kind] and key not in seen[kind]
                seen[kind].add(key)
                labels[kind].append(1.0 if hit else 0.0)
        gold = {kind: len(p) for kind, p in gold_pairs.items()}
        out.append((np.array(rows, dtype=float).reshape(-1, len(pairs.FEATURES)),
                    {k: np.array(v) for k, v in labels.items()}, gold))
    return out


def fit(X: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-Xb @ w))
        grad = Xb.T @ (p - y) / len(y)
        grad[1:] += l2 * w[1:]
        w -= lr * grad
    return w


def prob(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + X @ w[1:])))


def f1_at(scores: list[tuple[np.ndarray, np.ndarray, int]], t: float) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for p, y, gold in scores:
        pred = p >= t
        tp += int((pred & (y == 1)).sum())
        fp += int((pred & (y == 0)).sum())
        fn += gold - int((pred & (y == 1)).sum())
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", type=Path, nargs="+", help="gold files (JSON Lines) to learn from")
    ap.add_argument("out", type=Path)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    data = examples(args.train)
    model = {"_doc": __doc__.split("\n\n")[0] + " Features: enrich/pairs.py.", "features": list(pairs.FEATURES),
             "weights": {}, "threshold": {}, "cross_validated": {}}
    for kind in KINDS:
        reach = sum(int(y[kind].sum()) for _, y, _ in data)
        gold = sum(g[kind] for _, _, g in data)
        print(f"{kind}: {sum(len(X) for X, _, _ in data)} pairs, {reach} of {gold} gold pairs reachable")
        held: list[tuple[np.ndarray, np.ndarray, int]] = []
        for fold in range(args.folds):
            train = [d for i, d in enumerate(data) if i % args.folds != fold]
            test = [d for i, d in enumerate(data) if i % args.folds == fold]
            X = np.vstack([x for x, _, _ in train])
            y = np.concatenate([yy[kind] for _, yy, _ in train])
            w = fit(X, y, args.l2)
            held.extend((prob(w, x) if len(x) else np.zeros(0), yy[kind], g[kind]) for x, yy, g in test)
        best = max((f1_at(held, t)[2], t) for t in np.arange(0.2, 0.81, 0.05))
        t = round(float(best[1]), 2)
        p, r, f = f1_at(held, t)
        print(f"  cross-validated at threshold {t}: P {100 * p:.1f} R {100 * r:.1f} F1 {100 * f:.1f}")
        X = np.vstack([x for x, _, _ in data])
        y = np.concatenate([yy[kind] for _, yy, _ in data])
        w = fit(X, y, args.l2)
        model["weights"][kind] = {"bias": round(float(w[0]), 4)} | {
            name: round(float(v), 4) for name, v in zip(pairs.FEATURES, w[1:])}
        model["threshold"][kind] = t
        model["cross_validated"][kind] = {"precision": round(100 * p, 1), "recall": round(100 * r, 1),
                                          "f1": round(100 * f, 1)}
        top = sorted(model["weights"][kind].items(), key=lambda kv: -abs(kv[1]))[:8]
        print("  " + ", ".join(f"{k} {v:+.2f}" for k, v in top))
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
