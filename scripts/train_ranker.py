"""Train the ranker that decides which learned attributions to keep.

    pip install -e ".[train]"   # LightGBM, for training only: the package scores the trees without it
    python scripts/train_ranker.py ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl \\
        src/saidwhat/lang/en/cue_ranker.json [--cache /tmp/saidwhat-parses]

Candidates come from the cue model (quotes/learned.py) with loose thresholds
(learned.GEN_CONTENT, GEN_CUE_RATE, GEN_MIN_COUNT). A candidate is a positive when its content
shares a word with a gold attribution that none of the rules' attributions touches: what the ranker
adds is then new, not a second reading of what the rules found. Each candidate's cue key gets its
record among the training candidates (learned.prior_features), computed out of fold (five folds
by document) so that a cue's own label does not leak into its feature. Gradient-boosted trees
(LightGBM, fixed seed, one thread) are fitted on train; the decision threshold is chosen by running
`saidwhat eval` on dev for a range of thresholds: the highest quote recall (word overlap; then
end-to-end F1) whose quote precision stays at or above --min-precision and whose speaker and cue
accuracy on matched quotes stay at or above --min-speaker and --min-cue (92: more learned quotes
must not cost the "who" of the ones found). --wrong-source-weight below 1 counts a positive whose
source is not the gold one for less, so the trees favour candidates whose "who" is right. The
output holds feature names, tree splits, leaf values and per-cue-key counts: no text from the
data set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.eval.score import normalise  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.quotes import find_candidates  # noqa: E402
from saidwhat.quotes import learned  # noqa: E402
from saidwhat.scoring import Forest  # noqa: E402

_WORD = re.compile(r"\w+")
FOLDS = 5


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


def words(text: str, spans) -> set[int]:
    return {m.start() for s, e in spans for m in _WORD.finditer(text, s, e)}


def unfound(d: dict, cands) -> list[tuple[set[int], list[int] | None]]:
    """The gold attributions of `d` (content words, source span) that none of the rules'
    attributions among `cands` touches: what a learned candidate can add."""
    text = d["text"]
    gold = [(words(text, [normalise(text, *q["quote"])]), q.get("speaker")) for q in d["quotes"]]
    by_rules = set().union(*(words(text, c.pieces) for c in cands if c.features is None))
    return [(g, spk) for g, spk in gold if g and not g & by_rules]


def labelled(docs, sdocs, *, speaker_label: bool = False):
    """(document number, candidate, positive, right source) for every loosely generated learned
    candidate. With `speaker_label`, a positive must also have the gold source as its subject."""
    for n, (d, sdoc) in enumerate(zip(docs, sdocs)):
        cands = find_candidates(sdoc, collect=True)
        new = unfound(d, cands)
        for c in cands:
            if c.features is not None:
                w = words(d["text"], c.pieces)
                hit = any(w & g and (not speaker_label or _same_source(c.subject, spk)) for g, spk in new)
                right = any(w & g and _same_source(c.subject, spk) for g, spk in new)
                yield n, c, hit, right


def examples(docs, sdocs, *, speaker_label: bool = False):
    """(document number, features, label, cue reading, right source) for every loosely generated
    candidate (see `labelled`)."""
    return [(n, c.features, 1.0 if hit else 0.0, c.reading, right)
            for n, c, hit, right in labelled(docs, sdocs, speaker_label=speaker_label)]


class StandIn:
    """Another way of ranking in the shipped ranker's place: `rank(candidate)` decides at
    `threshold`, over the candidates generated with `base`'s settings."""

    def __init__(self, base: learned.Ranker, rank: Callable, threshold: float):
        self.base, self.rank, self.threshold = base, rank, threshold

    @property
    def gen_content(self) -> float:
        return self.base.gen_content

    @property
    def gen_cue_rate(self) -> float:
        return self.base.gen_cue_rate

    @property
    def gen_min_count(self) -> int:
        return self.base.gen_min_count


def average_precision(labels, scores) -> float:
    """Average precision of ranking `labels` (1 positive, 0 not) by `scores`, highest first."""
    order = np.argsort(-np.asarray(scores, float))
    hits = np.asarray(labels, float)[order]
    return float((np.cumsum(hits) / np.arange(1, len(hits) + 1) * hits).sum() / max(1.0, hits.sum()))


def evaluate_with(gold: Path, ranker, limit: int | None = None) -> dict:
    """`saidwhat eval` on `gold` with `ranker` in the shipped ranker's place (a
    quotes.learned.Ranker, or a `StandIn`)."""
    import saidwhat.quotes as q
    from saidwhat.eval import evaluate

    shipped = q.load_ranker
    q.load_ranker = lambda lang="en": ranker
    try:
        return evaluate(gold, limit=limit).summary()
    finally:
        q.load_ranker = shipped


def _same_source(subject, gold) -> bool:
    if subject is None or gold is None:
        return subject is None and gold is None
    return subject.idx < gold[1] and gold[0] < subject.idx + len(subject.text)


def records(rows) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    keys: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    readings: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for _n, _f, y, (key, rel), _right in rows:
        for table, k in ((keys, key), (readings, f"{key}|{rel}")):
            table[k][0] += y
            table[k][1] += 1
    return dict(keys), dict(readings)


def matrix(rows, names, tables_of, mean):
    return np.array([[{**f, **learned.prior_features(r, *tables_of(n), mean)}.get(k, 0.0) for k in names]
                     for n, f, _y, r, _right in rows])


def export(booster) -> list[dict]:
    trees = []
    for info in booster.dump_model()["tree_info"]:
        split, threshold, left, right, leaf = [], [], [], [], []
        root = info["tree_structure"]
        if "leaf_value" in root:
            trees.append({"split": [], "threshold": [], "left": [], "right": [], "leaf": [root["leaf_value"]]})
            continue
        n_nodes = info["num_leaves"] - 1
        split, threshold, left, right = [0] * n_nodes, [0.0] * n_nodes, [0] * n_nodes, [0] * n_nodes
        leaf = [0.0] * info["num_leaves"]

        def walk(node) -> int:
            if "leaf_value" in node:
                leaf[node["leaf_index"]] = node["leaf_value"]
                return ~node["leaf_index"]
            assert node["decision_type"] == "<=", node["decision_type"]
            i = node["split_index"]
            split[i], threshold[i] = node["split_feature"], node["threshold"]
            left[i], right[i] = walk(node["left_child"]), walk(node["right_child"])
            return i

        assert walk(root) == 0
        trees.append({"split": split, "threshold": threshold, "left": left, "right": right,
                      "leaf": [round(v, 6) for v in leaf]})
    return trees


def main() -> None:
    import lightgbm as lgb

    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--min-precision", type=float, default=86.0)
    ap.add_argument("--min-speaker", type=float, default=92.0,
                    help="speaker accuracy on matched quotes the threshold must keep (the README's floor)")
    ap.add_argument("--min-cue", type=float, default=92.0, help="cue accuracy the threshold must keep")
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--leaves", type=int, default=15)
    ap.add_argument("--thresholds", default="0.30:0.76:0.05", help="start:stop:step of the dev sweep")
    ap.add_argument("--gen", default=f"{learned.GEN_CONTENT},{learned.GEN_CUE_RATE},{learned.GEN_MIN_COUNT}",
                    help="how loosely candidates are generated: content probability, cue rate, cue count")
    ap.add_argument("--speaker-label", action="store_true",
                    help="a positive must also have the gold source as its subject (tried: end to end up, recall down)")
    ap.add_argument("--wrong-source-weight", type=float, default=0.3,
                    help="weight of a positive whose source is not the gold one (below 1: favour the right 'who')")
    ap.add_argument("--hold-out", type=int, default=0,
                    help="leave the first N train documents out, to score them as unseen data")
    args = ap.parse_args()

    gen = args.gen.split(",")
    learned.GEN_CONTENT, learned.GEN_CUE_RATE, learned.GEN_MIN_COUNT = float(gen[0]), float(gen[1]), int(gen[2])

    tr = [r for r in examples(*parsed(args.train, args.cache), speaker_label=args.speaker_label) if r[0] >= args.hold_out]
    dv = examples(*parsed(args.dev, args.cache), speaker_label=args.speaker_label)
    mean = float(np.mean([r[2] for r in tr]))
    folds = [records([r for r in tr if r[0] % FOLDS != k]) for k in range(FOLDS)]
    full = records(tr)
    names = sorted({k for r in tr for k in r[1]} | set(learned.prior_features(None, {}, {}, mean)))
    X = matrix(tr, names, lambda n: folds[n % FOLDS], mean)
    y = np.array([r[2] for r in tr])
    Xd = matrix(dv, names, lambda n: full, mean)
    yd = np.array([r[2] for r in dv])
    params = dict(objective="binary", learning_rate=0.03, num_leaves=args.leaves, min_data_in_leaf=20,
                  bagging_fraction=0.8, bagging_freq=1, feature_fraction=0.8, lambda_l2=1.0, seed=1,
                  deterministic=True, num_threads=1, force_row_wise=True, verbose=-1)
    weight = np.array([1.0 if r[2] == 0 or r[4] else args.wrong_source_weight for r in tr])
    booster = lgb.train(params, lgb.Dataset(X, y, weight=weight, feature_name=[f"f{i}" for i in range(len(names))]),
                        num_boost_round=args.trees)
    trees = export(booster)
    forest = Forest(names, trees)
    ours = np.array([forest.raw_values(list(map(float, row))) for row in Xd])
    assert np.allclose(ours, booster.predict(Xd, raw_score=True), atol=1e-4), "exported trees disagree with LightGBM"
    ap_dev = average_precision(yd, booster.predict(Xd))
    print(f"train {len(y)} candidates ({int(y.sum())} positive); dev {len(yd)} ({int(yd.sum())} positive)")
    print(f"dev average precision of the candidates' ranking: {ap_dev:.3f}")
    gain = booster.feature_importance("gain")
    for n, g in sorted(zip(names, gain), key=lambda x: -x[1])[:12]:
        print(f"  {g:10.0f} {n}")
    model = {
        "_doc": "Gradient-boosted trees over learned attribution candidates (scripts/train_ranker.py).",
        "names": names, "trees": trees, "mean": round(mean, 5),
        "keys": {k: v for k, v in sorted(full[0].items())}, "readings": {k: v for k, v in sorted(full[1].items())},
        "threshold": 0.5, "gen_content": learned.GEN_CONTENT, "gen_cue_rate": learned.GEN_CUE_RATE,
        "gen_min_count": learned.GEN_MIN_COUNT,
    }
    # Choose the system threshold with the real evaluation on dev.
    chosen = None
    for th in [round(x, 3) for x in np.arange(*map(float, args.thresholds.split(":")))]:
        ranker = learned.Ranker(forest, full[0], full[1], mean, th, learned.GEN_CONTENT, learned.GEN_CUE_RATE,
                                learned.GEN_MIN_COUNT)
        summary = evaluate_with(args.dev, ranker)
        s = summary["overlap"]
        print(f"  threshold {th:.2f}: overlap P {s['precision']} R {s['recall']} F1 {s['f1']}; "
              f"indirect recall {summary['recall_by_type']['indirect']['overlap']}; end to end F1 {summary['end_to_end']['f1']}; "
              f"speaker {summary['speaker_accuracy']}, cue {summary['cue_accuracy']}", flush=True)
        # The most quotes found (recall, then end-to-end F1) that keep the floors.
        score = (s["recall"], summary["end_to_end"]["f1"])
        floors = (s["precision"] >= args.min_precision and (summary["speaker_accuracy"] or 0) >= args.min_speaker
                  and (summary["cue_accuracy"] or 0) >= args.min_cue)
        if floors and (chosen is None or score > chosen[1]):
            chosen = (th, score)
    model["threshold"] = chosen[0] if chosen else 0.75
    print(f"chosen threshold {model['threshold']}")
    args.out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main()
