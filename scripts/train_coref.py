"""Train the antecedent ranker of the speaker resolver (speakers/coref.py) on GUM's coreference layer.

    python scripts/train_coref.py ../shared/datasets/gum/train ../shared/datasets/gum/dev \
        src/saidwhat/lang/en/coref_model.json [--cache /tmp/saidwhat-coref]

Each anaphor (a third-person pronoun, or a definite description) scores its candidate entities
(and, for a description, "a new entity") with a linear function of the pair features; the weights
minimise the softmax loss of the gold choices (mention ranking), with L2, by full-batch gradient
descent in numpy. Pronouns and descriptions get separate weights. The output is the feature
names and weights: no text of the corpus. The dev split is only scored, never trained on.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.eval.coref import CorefScores, corpus_examples, score_examples  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.speakers.coref import FEATURES, Ranker, hand_ranker, pair_features  # noqa: E402


# Every genre by default. (Learning the pronoun weights from the genres written like news only,
# "news,interview,bio,speech,court,letter,essay,academic,voyage,whow,textbook", did not make them
# better at news sources: see speakers/coref.py SOURCE_PRONOUN.)
PRONOUN_GENRES = ""


def load_examples(path: Path, cache: Path | None):
    target = cache / (path.name + ".pkl") if cache else None
    if target is not None and target.exists():
        return pickle.loads(target.read_bytes())
    exs = corpus_examples(path, load_pipeline())
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pickle.dumps(exs))
    return exs


def matrices(exs, form: str, genres: set[str] | None = None):
    rows, groups, labels = [], [], []
    g = 0
    for ex in exs:
        if ex.anaphor.form != form or (genres and genre(ex.doc) not in genres):
            continue
        options = list(enumerate(ex.entities))
        if form == "description":
            options.append((None, None))
        any_gold = False
        for k, e in options:
            rows.append(pair_features(ex.anaphor, e))
            gold = (k in ex.gold) if k is not None else not ex.gold
            labels.append(1.0 if gold else 0.0)
            groups.append(g)
            any_gold |= gold
        if not any_gold:  # nothing right to learn from: drop the group
            while groups and groups[-1] == g:
                rows.pop(), groups.pop(), labels.pop()
            continue
        g += 1
    return np.array(rows), np.array(groups), np.array(labels), g


def genre(doc: str) -> str:
    """GUM_news_asylum -> news."""
    parts = doc.split("_")
    return parts[1] if len(parts) > 2 else ""


def fit(X, groups, y, n_groups, *, l2=1e-3, steps=3000, lr=0.5):
    """Softmax mention ranking: maximise log sum_{gold} p(option) per anaphor."""
    w = np.zeros(X.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        s = X @ w
        mx = np.full(n_groups, -np.inf)
        np.maximum.at(mx, groups, s)
        e = np.exp(s - mx[groups])
        z_all = np.bincount(groups, e, n_groups)
        z_gold = np.bincount(groups, e * y, n_groups)
        p_all = e / z_all[groups]
        p_gold = e * y / np.maximum(z_gold[groups], 1e-300)
        grad = X.T @ (p_all - p_gold) / n_groups + l2 * w
        # Adam
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * 0.02 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        if step % 500 == 0:
            loss = -np.mean(np.log(np.maximum(z_gold, 1e-300)) - np.log(z_all)) + 0.5 * l2 * w @ w
            print(f"  step {step}: loss {loss:.4f}", file=sys.stderr)
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--pronoun-genres", default=PRONOUN_GENRES,
                    help="GUM genres the pronoun weights learn from (comma-separated; empty: all)")
    args = ap.parse_args()
    train = load_examples(args.train, args.cache)
    dev = load_examples(args.dev, args.cache)
    weights = {}
    for form in ("pronoun", "description"):
        genres = set(filter(None, args.pronoun_genres.split(","))) if form == "pronoun" else None
        X, groups, y, n = matrices(train, form, genres)
        print(f"{form}: {n} anaphors, {len(y)} options", file=sys.stderr)
        w = fit(X, groups, y, n, l2=args.l2)
        weights[form] = {name: round(float(x), 4) for name, x in zip(FEATURES, w) if abs(x) >= 1e-4}
    ranker = Ranker(pronoun=tuple(weights["pronoun"].get(n, 0.0) for n in FEATURES),
                    description=tuple(weights["description"].get(n, 0.0) for n in FEATURES))
    scores = CorefScores()
    score_examples(dev, ranker, scores, "learned")
    score_examples(dev, hand_ranker(), scores, "hand")
    for k, v in scores.summary().items():
        print(f"dev {k}: {v['accuracy']} (n={v['n']})", file=sys.stderr)
    args.out.write_text(json.dumps({
        "_doc": "Antecedent ranker of the speaker resolver (speakers/coref.py): linear weights over the pair "
                "features, per anaphor form, trained by scripts/train_coref.py on the GUM coreference layer "
                "(train split). Weights only, no corpus text.",
        "features": list(FEATURES), **weights}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
