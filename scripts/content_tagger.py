"""Issue 14's suggested model, measured: a CPU-trained spaCy token tagger for attribution content.

    pip install -e ".[train]"   # LightGBM, as for train_ranker.py
    python scripts/content_tagger.py ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl \\
        --cache /tmp/saidwhat-parses --work /tmp/content-tagger [--epochs 4]

Each token of the training news is labelled C (inside a gold content span, after the eval's
trimming) or O. A spaCy `tagger` with its own tok2vec (a CNN over NORM, prefix, suffix, shape, and
the parser's POS and dependency label; width 96, depth 8, so each token sees 8 words either side)
is trained on train with `spacy train` and scored on dev. Then the question that matters for the
analyzer: does what it learned add to the cue ranker? The dev candidates of the learned cues
(`quotes.learned`, generated as `train_ranker.py` generates them) are ranked by LightGBM in five
folds by document, once with the ranker's features and once with six more from the tagger (the
mean and least content probability over the candidate's words, over the rest of its sentence, on
the cue word, and just before and after the content); the script prints both average precisions.
For scale it also prints the token accuracy of the analyzer's own quotes on dev.

No model is shipped from here: the figures in the README say why. Nothing from the data set is
written outside `--work`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import train_ranker as T  # noqa: E402
from saidwhat.eval.score import normalise  # noqa: E402
from saidwhat.quotes import learned  # noqa: E402

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["tagger"]
batch_size = 64

[components]

[components.tagger]
factory = "tagger"

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.tagger.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "POS", "DEP"]
rows = [5000, 1000, 2500, 2500, 100, 200]
include_static_vectors = false

[components.tagger.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 8
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
gpu_allocator = null
dropout = 0.1
accumulate_gradient = 1
patience = 3000
max_epochs = 4
max_steps = 0
eval_frequency = 400
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null
logger = {"@loggers":"spacy.ConsoleLogger.v1"}

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
size = 2000

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001

[training.score_weights]
tag_acc = 1.0

[initialize]
vectors = null
init_tok2vec = null
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def labelled(docs, sdocs) -> DocBin:
    out = DocBin(attrs=["ORTH", "TAG", "POS", "DEP", "HEAD", "SENT_START", "NORM"])
    for d, sd in zip(docs, sdocs):
        spans = [normalise(d["text"], *q["quote"]) for q in d["quotes"]]
        out.add(Doc(sd.vocab, words=[t.text for t in sd], spaces=[bool(t.whitespace_) for t in sd],
                    pos=[t.pos_ for t in sd], deps=[t.dep_ for t in sd], heads=[t.head.i for t in sd],
                    tags=["C" if any(s <= t.idx < e for s, e in spans) else "O" for t in sd]))
    return out


def tagger_features(probs: dict[int, np.ndarray]):
    """The ranker's context features, plus six from the tagger's content probabilities."""
    base = learned._context_features

    def with_tagger(tok, subject, ctoks, content, sent, sent_marks):
        f = base(tok, subject, ctoks, content, sent, sent_marks)
        p = probs[id(tok.doc)]
        ci = np.array(sorted(content))
        rest = [i for i in range(sent.start, sent.end) if i not in content and i != tok.i]
        before = p[max(sent.start, ci[0] - 3):ci[0]]
        after = p[ci[-1] + 1:min(sent.end, ci[-1] + 4)]
        f.update({"tag_mean": float(p[ci].mean()), "tag_min": float(p[ci].min()),
                  "tag_out": float(p[rest].mean()) if rest else 0.0, "tag_cue": float(p[tok.i]),
                  "tag_before": float(before.mean()) if len(before) else 0.0,
                  "tag_after": float(after.mean()) if len(after) else 0.0})
        return f

    return with_tagger


def main() -> None:
    import lightgbm as lgb
    import spacy

    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--work", type=Path, required=True, help="where the labelled data and the tagger go")
    ap.add_argument("--epochs", type=int, default=4)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    train_docs, train_sdocs = T.parsed(args.train, args.cache)
    dev_docs, dev_sdocs = T.parsed(args.dev, args.cache)
    labelled(train_docs, train_sdocs).to_disk(args.work / "train.spacy")
    labelled(dev_docs, dev_sdocs).to_disk(args.work / "dev.spacy")
    (args.work / "config.cfg").write_text(CONFIG.replace("max_epochs = 4", f"max_epochs = {args.epochs}"))
    subprocess.run([sys.executable, "-m", "spacy", "train", str(args.work / "config.cfg"), "--output",
                    str(args.work / "out"), "--paths.train", str(args.work / "train.spacy"),
                    "--paths.dev", str(args.work / "dev.spacy")], check=True)
    tagger = spacy.load(args.work / "out" / "model-best").get_pipe("tagger")
    content = list(tagger.labels).index("C")

    # The tagger on dev, token by token, against the analyzer's own quotes.
    probs: dict[int, np.ndarray] = {}
    gold_tags, tagger_right, analyzer_right, n = [], 0, 0, 0
    from saidwhat.quotes import find_candidates
    for d, sd in zip(dev_docs, dev_sdocs):
        p = np.asarray(tagger.model.predict([sd])[0])[:, content]
        probs[id(sd)] = p
        spans = [normalise(d["text"], *q["quote"]) for q in d["quotes"]]
        y = np.array([any(s <= t.idx < e for s, e in spans) for t in sd])
        ours = [piece for c in find_candidates(sd) for piece in c.pieces]
        mine = np.array([any(s <= t.idx < e for s, e in ours) for t in sd])
        tagger_right += int(((p > 0.5) == y).sum())
        analyzer_right += int((mine == y).sum())
        n += len(sd)
        gold_tags.append(y)
    y_all = np.concatenate(gold_tags)
    print(f"dev tokens {n:,}, {100 * y_all.mean():.1f}% inside a gold content")
    print(f"token accuracy: tagger {100 * tagger_right / n:.1f}, the analyzer's quotes {100 * analyzer_right / n:.1f}, "
          f"tagger content AP {T.average_precision(y_all, np.concatenate([probs[id(sd)] for sd in dev_sdocs])):.3f}")

    # Does the tagger add to the ranker? Five folds by document on the dev candidates.
    learned._context_features = tagger_features(probs)
    rows = T.examples(dev_docs, dev_sdocs)
    y = np.array([r[2] for r in rows])
    docn = np.array([r[0] for r in rows])
    mean = float(y.mean())
    folds = [T.records([r for r in rows if r[0] % 5 != k]) for k in range(5)]
    params = dict(objective="binary", learning_rate=0.03, num_leaves=15, min_data_in_leaf=20, bagging_fraction=0.8,
                  bagging_freq=1, feature_fraction=0.8, lambda_l2=1.0, seed=1, deterministic=True, num_threads=1,
                  force_row_wise=True, verbose=-1)
    for use in (False, True):
        names = sorted({k for r in rows for k in r[1]} | set(learned.prior_features(None, {}, {}, mean)))
        names = [k for k in names if use or not k.startswith("tag_")]
        X = T.matrix(rows, names, lambda n: folds[n % 5], mean)
        p = np.zeros(len(y))
        for k in range(5):
            booster = lgb.train(params, lgb.Dataset(X[docn % 5 != k], y[docn % 5 != k]), num_boost_round=300)
            p[docn % 5 == k] = booster.predict(X[docn % 5 == k])
        print(f"ranker, five folds on {len(y)} dev candidates ({int(y.sum())} positive), "
              f"{'with' if use else 'without'} the tagger's features: average precision {T.average_precision(y, p):.4f}")


if __name__ == "__main__":
    main()
