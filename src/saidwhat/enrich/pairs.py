"""The relation scorer: for each ordered pair of named speakers (source, target), how likely the
source disagrees with, or agrees with, the target, from what the rules found (`debate.py`) and
from how the source's quotes stand to the target's: a turn that answers them, a name or a role
of theirs in the source's sentence, words of rebuttal ("was wrong", "not true", "only half")
or of assent ("was right", "welcomed"), negation, and who the document is about.

The weights are a logistic regression per relation kind, fitted by `scripts/train_relations.py`
on the annotated documents of `data/debate/` (train split) and shipped as
`lang/<lang>/relation_model.json`: feature names, weights and the decision threshold, no text.

Each quote group is scored against the people it may answer (those quoted in the turns just
before it, those it names, those a rule aimed it at), once the target has spoken or when it names
the target; a pair's features are the element-wise maximum over
those groups. A directed pair gets one side, the kind whose probability clears its threshold by
more; a negated cue of disagreement with nothing else against the target ("I would not dismiss
it") is never a dispute. The relation's quote and evidence are those of the group a rule read the
same way, else of the group that scores highest.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from spacy.tokens import Token

from ..lang import load, load_optional
from ..records import Quote, Relation
from ..scoring import logistic
from .parsed import SpeakerPatterns, role_mentions
from .stance import phrase_side

# How many quote groups back a turn still answers: "the last other speaker" or one just before.
RECENT_TURNS = 3

PAIR_FEATURES = ("pair_main", "tgt_first", "src_before", "tgt_many", "any_rule_disagree", "any_rule_agree")
GROUP_FEATURES = (
    "rule_disagree_cue", "rule_disagree_said", "rule_contradicts", "rule_agree", "rule_responds",
    "rev_disagree", "rev_agree",
    "answers", "recent", "names_tgt", "names_tgt_quote", "names_other", "names_other_only",
    "rebut", "negation", "contrast", "back_ref", "assent", "phrase_oppose", "phrase_support",
    "group_subject", "denied_cue",
)
FEATURES = PAIR_FEATURES + GROUP_FEATURES

# Candidates recorded for training (`recording`); None outside it.
_LOG: ContextVar[list | None] = ContextVar("saidwhat_relation_candidates", default=None)


@contextmanager
def recording() -> Iterator[list]:
    """Collect every scored pair of the documents analysed inside the block as
    (source id, target id, features): what `scripts/train_relations.py` learns from."""
    log: list = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, dict[str, float]]  # kind -> feature -> weight ("bias" included)
    threshold: dict[str, float]

    def probability(self, kind: str, feats: dict[str, float]) -> float:
        w = self.weights[kind]
        return logistic(w.get("bias", 0.0), ((k, v) for k, v in w.items() if k != "bias"), feats)


@lru_cache(maxsize=None)
def model(lang: str = "en") -> Model | None:
    data = load_optional(lang, "relation_model")
    return None if data is None else Model(weights=data["weights"], threshold=data["threshold"])


_WORDS = re.compile(r"[\w']+")


def score_pairs(order: list[str], groups: dict[str, list[Quote]], windows: dict[str, list[Token]],
                rules: list[Relation], patterns: SpeakerPatterns, roles, *, pair: list[str] | None, named: set[str],
                denied: set[str] | frozenset[str] = frozenset(), lang: str = "en") -> list[Relation]:
    """Disagreements and agreements between the named speakers (`named`) of one document, in the
    order of the quote groups `order` (attributed groups in text order). `rules`: what the rules
    found, used as evidence and for each relation's issue and cue; `denied`: the groups whose
    cue of disagreement is negated or hedged ("I would not dismiss it")."""
    lex = load(lang, "debate")
    m = model(lang)
    log = _LOG.get()
    if m is None and log is None:
        return [r for r in rules if r.kind != "responds_to"]
    speaker_of = {g: groups[g][0].speaker.id for g in order if groups[g][0].speaker is not None}
    first_at: dict[str, int] = {}
    n_groups: dict[str, int] = {}
    for k, g in enumerate(order):
        first_at.setdefault(speaker_of[g], k)
        n_groups[speaker_of[g]] = n_groups.get(speaker_of[g], 0) + 1
    people = [s for s in first_at if s in named]
    first_speaker = people[0] if people else None
    by_rule: dict[tuple[str, str, str], list[Relation]] = {}
    for r in rules:
        by_rule.setdefault((r.quote or "", r.source, r.target), []).append(r)
    rev: dict[tuple[str, str], set[str]] = {}
    for r in rules:
        rev.setdefault((r.source, r.target), set()).add(r.kind)
    rule_targets: dict[str, set[str]] = {}
    for gg, _, t in by_rule:
        rule_targets.setdefault(gg, set()).add(t)
    # What each group says, computed once; a group is scored only against the people it may answer:
    # those quoted in the turns just before it, those it names, those a rule aimed it at. The cost
    # is linear in the quotes, however many people a long report quotes.
    found: dict[tuple[str, str], list[tuple[str, dict[str, float]]]] = {}
    people_set = set(people)
    turns: list[str] = []  # the last two different speakers so far, latest last
    for k, g in enumerate(order):
        src = speaker_of[g]
        last_other = turns[-1] if turns and turns[-1] != src else turns[-2] if len(turns) > 1 else None
        if not turns or turns[-1] != src:
            turns = (turns + [src])[-2:]
        if src not in people_set:
            continue
        said = _group_said(_group_text(groups[g], windows.get(g, [])), src, patterns, roles, named, lex)
        previous = [speaker_of[h] for h in order[max(0, k - RECENT_TURNS):k] if speaker_of[h] != src]
        targets = (set(previous) | said["named"] | rule_targets.get(g, set())) & people_set - {src}
        for tgt in sorted(targets, key=first_at.__getitem__):  # in the order they were first quoted, run to run
            f = _group_features(g, src, tgt, said, previous, last_other, by_rule, rev, g in denied)
            # Words of the source before the target speaks ("Okafor accused Lyle of ..." opening a
            # report) count only when they name the target or a rule aimed them at the target.
            if k > first_at[tgt] or f["names_tgt"] or f["rule_disagree_cue"] or f["rule_agree"]:
                found.setdefault((src, tgt), []).append((g, f))
    out: list[Relation] = []
    for (src, tgt), chosen in found.items():
        kinds = rev.get((src, tgt), set())
        pair_feats = {
            "pair_main": float(bool(pair) and set(pair) == {src, tgt}),
            "tgt_first": float(tgt == first_speaker),
            "src_before": float(first_at[src] < first_at[tgt]),
            "tgt_many": float(n_groups[tgt] > 1),
            # what the rules found for the pair anywhere, a quote of "both leaders" included
            "any_rule_disagree": float("disagrees" in kinds),
            "any_rule_agree": float("agrees" in kinds),
        }
        best: dict[str, float] = {}
        for _, f in chosen:
            for name, v in f.items():
                best[name] = max(best.get(name, 0.0), v)
        feats = pair_feats | best
        if log is not None:
            log.append((src, tgt, feats))
        if m is None:
            continue
        # One side per directed pair: the kind the scorer is surest of, by its margin over the
        # threshold (agreeing on one issue and disputing another comes from "both agreed").
        margins = {kind: m.probability(kind, feats) - m.threshold[kind] for kind in ("disagrees", "agrees")}
        if _only_denied(feats):
            margins["disagrees"] = -1.0
        kind = max(margins, key=lambda k: margins[k])
        if margins[kind] >= 0:
            # the quote whose cue a rule read the same way is the best evidence ("rejected that claim")
            g, _ = max(chosen, key=lambda c: (any(r.kind == kind for r in by_rule.get((c[0], src, tgt), [])),
                                              m.probability(kind, pair_feats | c[1])))
            out.append(_relation(kind, src, tgt, g, groups, by_rule))
    return out


def _only_denied(feats: dict[str, float]) -> bool:
    """The source's one cue of disagreement is said not to happen ("I would not dismiss it", "did
    not dispute her figures") and nothing else they say judges the target: no dispute, whatever
    the turn-taking suggests."""
    judged = ("rebut", "phrase_oppose", "rule_disagree_cue", "rule_disagree_said", "rule_contradicts")
    return bool(feats.get("denied_cue")) and not any(feats.get(f) for f in judged)


def _relation(kind: str, src: str, tgt: str, g: str, groups: dict[str, list[Quote]],
              by_rule: dict[tuple[str, str, str], list[Relation]]) -> Relation:
    """The relation, with the rule's reason and evidence when a rule found the same one in `g`."""
    q = groups[g][0]
    same = [r for r in by_rule.get((g, src, tgt), []) if r.kind == kind]
    if same:
        r = same[0]
        return Relation(kind=kind, source=src, target=tgt, issue=r.issue, quote=g,  # type: ignore[arg-type]
                        reason=r.reason, evidence=r.evidence)
    return Relation(kind=kind, source=src, target=tgt, issue=q.issue, quote=g,  # type: ignore[arg-type]
                    reason="scored", evidence=q.cue)


def _group_text(pieces: list[Quote], window: list[Token]) -> tuple[str, str]:
    """(the narration around the quote's cue, the quote's own words)."""
    return " ".join(t.text for t in window), " ".join(q.text for q in pieces)


def _has(words: set[str], low: str, phrases) -> bool:
    for p in phrases:
        if " " in p:
            if f" {p} " in low:
                return True
        elif p in words:
            return True
    return False


def _group_said(texts: tuple[str, str], src: str, patterns: SpeakerPatterns, roles, named: set[str],
                lex: dict) -> dict:
    """What a quote group and the narration around it say, whoever it is scored against."""
    around, said = texts
    text = f"{around} {said}"
    candidates = patterns.in_text(text)
    named_here = {sid for sid, pat in candidates if pat.search(text)}
    named_here |= {sid for _, sid in role_mentions(text, roles, exclude=src)}
    named_here &= named
    found = _WORDS.findall(text.lower().replace("’", "'"))
    low = " " + " ".join(found) + " "
    words = set(found)
    side = phrase_side(text, lex)
    return {
        "named": named_here - {src},
        "in_quote": {sid for sid, pat in candidates if sid in named_here and pat.search(said)},
        "rebut": float(_has(words, low, lex["rebuttal_words"])),
        "negation": float(_has(words, low, lex["negators"]) or "n't" in low),
        "contrast": float(_has(words, low, lex["contrast_words"])),
        "back_ref": float(_has(words, low, lex["back_references"])),
        "assent": float(_has(words, low, lex["assent_words"])),
        "phrase_oppose": float(side < 0),
        "phrase_support": float(side > 0),
        "group_subject": float(_has(words, low, lex["group_refs"]) or " both " in low),
    }


def _group_features(g: str, src: str, tgt: str, said: dict, previous: list[str], last_other: str | None,
                    by_rule, rev, denied: bool) -> dict[str, float]:
    rules = by_rule.get((g, src, tgt), [])
    reasons = {(r.kind, r.reason.split(":")[0]) for r in rules}
    others = said["named"] - {tgt}
    f = {
        "rule_disagree_cue": float(("disagrees", "cue") in reasons),
        "rule_disagree_said": float(("disagrees", "said of them") in reasons),
        "rule_contradicts": float(("disagrees", "contradicting claims") in reasons),
        "rule_agree": float(any(kd == "agrees" for kd, _ in reasons)),
        "rule_responds": float(any(kd == "responds_to" for kd, _ in reasons)),
        "rev_disagree": float("disagrees" in rev.get((tgt, src), ())),
        "rev_agree": float("agrees" in rev.get((tgt, src), ())),
        "answers": float(last_other == tgt),
        "recent": float(tgt in previous),
        "names_tgt": float(tgt in said["named"]),
        "names_tgt_quote": float(tgt in said["in_quote"]),
        "names_other": float(bool(others)),
        "names_other_only": float(bool(others) and tgt not in said["named"]),
    }
    for name in ("rebut", "negation", "contrast", "back_ref", "assent", "phrase_oppose", "phrase_support",
                 "group_subject"):
        f[name] = said[name]
    f["denied_cue"] = float(denied)
    return f
