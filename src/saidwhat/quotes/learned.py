"""Attributions from the mined cue model (lang/en/cue_model.json, built by scripts/mine_cues.py).

For a word with lemma k and a dependent (or head) at relation r, the model gives how often, in
the training news, the content of an attribution hung there: P(content | k, r) =
content[k][r] / seen[k][r], smoothed toward 0. Every relation above `threshold` contributes its
subtree to the content; the source is the dependent at the relation the model saw most often for
k (nsubj for "say", the object of "to" for "according to").

This generalises the hand rules of `indirect.py` to the long tail of cues the lexicon does not
list ("called for", "endorsed", "polls show", "cited") with the relation each one takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..lang import load
from .candidate import Candidate
from .cues import Lexicon
from .relations import cue_key, relation
from .spans import token_span

SMOOTHING = 3.0
MIN_CUE_COUNT = 3
# Words that are cues at least this often may go without a source in the sentence ("is expected to").
SOURCELESS_CUE_RATE = 0.4  # a word seen as a cue fewer times than this in training is not trusted  # pseudo-occurrences of "not a content" added to every relation
SOURCE_RELS_SKIP = {"other", "same"}
THOUGHT_HINTS = frozenset({"believe", "think", "hope", "hop", "fear", "want", "expect", "feel", "worry", "know", "doubt",
                           "suspect", "wish", "assume", "seem", "appear", "see", "find", "consider", "understand",
                           "plan", "intend", "prefer", "support", "oppose", "seek", "look"})


@dataclass(frozen=True, slots=True)
class CueModel:
    cue: dict[str, tuple[int, int]]
    content: dict[str, dict[str, int]]
    source: dict[str, dict[str, int]]
    relations: dict[str, dict[str, int]]

    def content_probability(self, key: str, rel: str) -> float:
        n = self.content.get(key, {}).get(rel, 0)
        seen = self.relations.get(key, {}).get(rel, 0)
        return n / (max(seen, n) + SMOOTHING)

    def source_relations(self, key: str) -> list[str]:
        rels = self.source.get(key, {})
        return [r for r, _ in sorted(rels.items(), key=lambda kv: -kv[1]) if r not in SOURCE_RELS_SKIP]


@lru_cache(maxsize=None)
def load_model(lang: str = "en") -> CueModel:
    d = load(lang, "cue_model")
    return CueModel(cue={k: (v[0], v[1]) for k, v in d["cue"].items()}, content=d["content"],
                    source=d["source"], relations=d["relations"])


def _related(tok: Token, rel: str) -> list[Token]:
    """The tokens at relation `rel` from `tok` (the inverse of `relations.relation`)."""
    out = []
    for c in tok.children:
        if relation(tok, c) == rel:
            out.append(c)
        for g in c.children:
            if relation(tok, g) == rel:
                out.append(g)
    if tok.head is not tok and relation(tok, tok.head) == rel:
        out.append(tok.head)
    return out


def find_learned(sent: Span, lex: Lexicon, marks: list[tuple[int, int]], *, threshold: float,
                 min_cue_rate: float = 0.08, require_source: bool = True,
                 model: CueModel | None = None) -> list[Candidate]:
    model = model or load_model("en")
    out: list[Candidate] = []
    for tok in sent:
        if tok.is_punct or tok.is_space or any(o < tok.idx < c for o, c in marks):
            continue
        key = cue_key(tok)
        counts = model.cue.get(key)
        if counts is None or counts[0] < MIN_CUE_COUNT or counts[0] / counts[1] < min_cue_rate:
            continue
        rels = {relation(tok, c) for c in tok.children}
        for c in tok.children:
            for g in c.children:
                rels.add(relation(tok, g))
        if tok.head is not tok:
            rels.add(relation(tok, tok.head))
        chosen = [r for r in rels if r not in ("other", "same") and model.content_probability(key, r) >= threshold]
        if not chosen:
            continue
        content_toks: set[int] = set()
        for r in chosen:
            for target in _related(tok, r):
                if r.startswith("^"):
                    # The cue hangs from the content: the content is the head's subtree without the cue's.
                    own = {t.i for t in tok.subtree}
                    content_toks.update(t.i for t in target.subtree if t.i not in own and t.sent == sent)
                else:
                    content_toks.update(t.i for t in target.subtree)
        if not content_toks:
            continue
        subject = None
        for r in model.source_relations(key)[:3]:
            hits = [t for t in _related(tok, r) if t.i not in content_toks]
            if hits:
                subject = hits[0]
                break
        if subject is None:
            from .indirect import inherited_subject

            inherited = inherited_subject(tok)
            if inherited is not None and inherited.i not in content_toks and inherited.pos_ in ("PROPN", "PRON", "NOUN"):
                subject = inherited
        if subject is None and require_source and counts[0] / counts[1] < SOURCELESS_CUE_RATE:
            continue
        cue_toks = tuple([tok] + [c for c in tok.children if c.dep_ == "prt"])
        if key == "accord":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            cue_toks = (tok, to) if to is not None else cue_toks
        pieces = _contiguous(sent, sorted(content_toks))
        act = "thought" if key.split()[0] in THOUGHT_HINTS or tok.lemma_.lower() in lex.thought else "speech"
        clause = {t.i for t in tok.subtree if t.i not in content_toks} | {tok.i}
        out.append(Candidate(pieces=pieces, act=act, cue=cue_toks, subject=subject, clause=clause,
                             according=key == "accord"))
    return out


def _contiguous(sent: Span, idxs: list[int]) -> list[tuple[int, int]]:
    doc = sent.doc
    runs: list[list[int]] = []
    for i in idxs:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans = [token_span(doc[r[0]:r[-1] + 1]) for r in runs]
    return [s for s in spans if s is not None]
