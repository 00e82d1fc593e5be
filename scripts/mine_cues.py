"""Mine the cue model from PolNeAR's train split: which words are cues, and which dependency
relation links a cue to its content and to its source.

    python scripts/mine_cues.py ../shared/datasets/polnear.train.jsonl src/saidwhat/lang/en/cue_model.json

The output holds counts keyed by lemma and relation only (no text from the data set), a few
hundred KB at most. It is committed, so the run time needs neither the data nor this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc, Token

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from saidwhat.eval.score import normalise  # noqa: E402
from saidwhat.nlp import load_pipeline  # noqa: E402
from saidwhat.quotes.relations import cue_key, relation  # noqa: E402


def tokens_in(doc: Doc, span: tuple[int, int]) -> list[Token]:
    return [t for t in doc if t.idx < span[1] and t.idx + len(t.text) > span[0] and not t.is_space]


def heads(toks: list[Token]) -> list[Token]:
    ids = {t.i for t in toks}
    return [t for t in toks if t.head.i not in ids or t.head.i == t.i]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    nlp = load_pipeline()
    docs = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    if args.limit:
        docs = docs[: args.limit]
    cue = Counter()  # lemma key -> times it heads a gold cue
    seen = Counter()  # lemma key -> times it occurs at all
    content = defaultdict(Counter)  # lemma key -> relation -> times the content hangs there
    child_rel = defaultdict(Counter)  # lemma key -> relation -> times that relation occurs under a cue occurrence
    source = defaultdict(Counter)  # relation from cue to source head
    for d, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=32)):
        cue_heads: dict[int, list[dict]] = defaultdict(list)
        for q in d["quotes"]:
            if not q.get("cue"):
                continue
            ctoks = tokens_in(doc, tuple(q["cue"]))
            if not ctoks:
                continue
            h = heads(ctoks)[0]
            cue_heads[h.i].append(q)
        for tok in doc:
            if tok.is_punct or tok.is_space:
                continue
            key = cue_key(tok)
            seen[key] += 1
            rels = {relation(tok, c) for c in tok.children} | ({relation(tok, tok.head)} if tok.head is not tok else set())
            for r in rels:
                child_rel[key][r] += 0  # keep the key
            if tok.i not in cue_heads:
                for r in rels:
                    child_rel[key][r] += 1
                continue
            cue[key] += 1
            for r in rels:
                child_rel[key][r] += 1
            for q in cue_heads[tok.i]:
                s, e = normalise(d["text"], *q["quote"])
                qt = tokens_in(doc, (s, e))
                if qt:
                    content[key][_attach(tok, heads(qt))] += 1
                if q.get("speaker"):
                    st = tokens_in(doc, tuple(q["speaker"]))
                    if st:
                        source[key][_attach(tok, heads(st))] += 1
    model = {
        "_doc": "Counts mined from PolNeAR train by scripts/mine_cues.py: lemma -> times a cue, times seen; "
                "relation counts from the cue to its content and source.",
        "cue": {k: [cue[k], seen[k]] for k in cue if cue[k] >= 2},
        "content": {k: dict(v) for k, v in content.items() if cue[k] >= 2},
        "source": {k: dict(v) for k, v in source.items() if cue[k] >= 2},
        "relations": {k: {r: n for r, n in child_rel[k].items() if n} for k in cue if cue[k] >= 2},
    }
    args.out.write_text(json.dumps(model, sort_keys=True), encoding="utf-8")
    print(f"{len(model['cue'])} cue words from {len(docs)} documents -> {args.out} ({args.out.stat().st_size // 1024} KB)")


def _attach(cue_tok: Token, targets: list[Token]) -> str:
    """The relation from the cue to the first of `targets` it reaches."""
    rels = [relation(cue_tok, t) for t in targets]
    known = [r for r in rels if r != "other"]
    return known[0] if known else "other"


if __name__ == "__main__":
    main()
