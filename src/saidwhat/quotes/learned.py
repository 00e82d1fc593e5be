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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..lang import load, load_optional
from ..names import people
from ..scoring import Forest
from .candidate import Candidate
from .cues import Lexicon, WordIndex, addressed_to_reader, denies_speech, in_span, match_cue, said_object
from .indirect import passive_participle
from .subjects import SUBJECT_DEPS, inherited_subject, main_subject
from .marks import inside_marks
from .relations import cue_key, relations_of
from .spans import token_span

# How loosely candidates are generated for the ranker (recorded in the ranker file it trains).
GEN_CONTENT = 0.02
GEN_CUE_RATE = 0.01
GEN_MIN_COUNT = 2
SMOOTHING = 3.0  # pseudo-occurrences of "not a content" added to every relation
MIN_CUE_COUNT = 3  # a word seen as a cue fewer times than this in training is not trusted
# Function words that the training data marks as cues only inside longer cue phrases ("the
# truth is that"): on their own they say nothing about who is speaking.
NEVER_CUES = frozenset({"be"})
# Without a ranker: words that are cues at least this often may go without a source ("is expected to").
SOURCELESS_CUE_RATE = 0.4
SOURCE_RELS_SKIP = {"other", "same"}


@dataclass(frozen=True, slots=True)
class CueModel:
    cue: dict[str, tuple[int, int]]
    content: dict[str, dict[str, int]]
    source: dict[str, dict[str, int]]
    relations: dict[str, dict[str, int]]
    heads: frozenset[str] = frozenset()  # the lemmas cue keys start with ("point" of "point out")
    starts: WordIndex = field(init=False, repr=False)  # where in a sentence those words are

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", WordIndex(self.heads))

    def content_probability(self, key: str, rel: str) -> float:
        n = self.content.get(key, {}).get(rel, 0)
        seen = self.relations.get(key, {}).get(rel, 0)
        return n / (max(seen, n) + SMOOTHING)

    def source_relations(self, key: str) -> list[str]:
        rels = self.source.get(key, {})
        return [r for r, _ in sorted(rels.items(), key=lambda kv: -kv[1]) if r not in SOURCE_RELS_SKIP]


PRIOR_SMOOTHING = 2.0  # pseudo-candidates at the mean rate added to each cue's own record


def prior_features(reading: tuple[str, str] | None, keys: Mapping[str, Sequence[float]],
                   readings: Mapping[str, Sequence[float]], mean: float) -> dict[str, float]:
    """How often, in training, a generated candidate with this cue key (and this cue key at this
    relation) was a real attribution: smoothed toward the mean rate, with how often it was seen."""
    key, rel = reading or ("", "")
    k = keys.get(key, (0.0, 0.0))
    kr = readings.get(f"{key}|{rel}", (0.0, 0.0))
    return {"key_prior": (k[0] + PRIOR_SMOOTHING * mean) / (k[1] + PRIOR_SMOOTHING),
            "key_n": math.log1p(k[1]),
            "keyrel_prior": (kr[0] + PRIOR_SMOOTHING * mean) / (kr[1] + PRIOR_SMOOTHING)}


@dataclass(frozen=True, slots=True)
class Ranker:
    """Gradient-boosted trees over the features of a generated candidate and its cue's record in
    training (scripts/train_ranker.py); kept when the probability reaches `threshold`."""

    forest: Forest
    keys: Mapping[str, Sequence[float]]
    readings: Mapping[str, Sequence[float]]
    mean: float
    threshold: float
    gen_content: float
    gen_cue_rate: float
    gen_min_count: int = MIN_CUE_COUNT

    def score(self, feats: dict[str, float], reading: tuple[str, str] | None = None) -> float:
        return self.forest.probability({**feats, **prior_features(reading, self.keys, self.readings, self.mean)})

    def rank(self, cand: Candidate) -> float:
        """What `find_learned` keeps `cand` by (at `threshold`). A script can put another object
        with `rank`, `threshold` and the `gen_*` settings in the ranker's place, to measure it in
        the whole analyzer (scripts/train_ranker.py's StandIn)."""
        return self.score(cand.features or {}, cand.reading)


@lru_cache(maxsize=None)
def load_ranker(lang: str = "en") -> Ranker | None:
    d = load_optional(lang, "cue_ranker")
    return None if d is None else ranker_from(d)


def ranker_from(d: Mapping) -> Ranker:
    """A ranker from the JSON that scripts/train_ranker.py writes."""
    return Ranker(Forest(d["names"], d["trees"], d.get("base", 0.0)), d["keys"], d["readings"], d["mean"],
                  d["threshold"], d["gen_content"], d["gen_cue_rate"], d["gen_min_count"])


@lru_cache(maxsize=None)
def load_model(lang: str = "en") -> CueModel:
    d = load(lang, "cue_model")
    return CueModel(cue={k: (v[0], v[1]) for k, v in d["cue"].items()}, content=d["content"],
                    source=d["source"], relations=d["relations"], heads=frozenset(k.split()[0] for k in d["cue"]))


def _related(tok: Token, rel: str, pairs: list[tuple[str, Token]] | None = None) -> list[Token]:
    """The tokens at relation `rel` from `tok` (the inverse of `relations.relation`)."""
    return [t for r, t in (pairs if pairs is not None else relations_of(tok)) if r == rel]


def find_learned(sent: Span, lex: Lexicon, marks: list[tuple[int, int]], *, threshold: float,
                 min_cue_rate: float = 0.08, require_source: bool = True,
                 model: CueModel | None = None, ranker: Ranker | None = None, collect: bool = False,
                 found: list[Candidate] = (), starts: list[int] | None = None) -> list[Candidate]:
    """Learned attributions in `sent`. With a ranker, candidates are generated loosely and kept
    when the ranker scores them at or above its threshold (all of them, with `collect`, for
    training); without one, the fixed thresholds below decide. `found`: what the rules found in
    the sentence (a candidate that repeats their content is mostly a second reading of it).
    `starts`: the Doc's `model.starts` positions, when the caller read them once."""
    model = model or load_model(lex.lang)
    if collect:
        # Training: every loosely generated candidate, with its features, and no ranker involved.
        return _with_overlap(_generate(sent, lex, marks, model, GEN_CONTENT, GEN_CUE_RATE, GEN_MIN_COUNT, starts), found)
    if ranker is not None:
        kept = []
        for cand in _with_overlap(_generate(sent, lex, marks, model, ranker.gen_content, ranker.gen_cue_rate,
                                            ranker.gen_min_count, starts), found):
            cand.score = ranker.rank(cand)
            if cand.score >= ranker.threshold:
                kept.append(cand)
        return kept
    # No ranker shipped: fixed thresholds on the same candidates.
    kept = []
    for cand in _generate(sent, lex, marks, model, threshold, min_cue_rate, MIN_CUE_COUNT, starts):
        f = cand.features or {}
        if f.get("subj=none") and require_source and f.get("cue_rate", 0.0) < SOURCELESS_CUE_RATE:
            continue
        kept.append(cand)
    return kept


def _named_in_marks(quoted: list[Token]) -> bool:
    """A content with no verb whose quoted words (`quoted`) are a name or title ("know the striker
    as "The Hammer"", "the film "Night Harbour""): a nickname, not somebody's words."""
    words = [t for t in quoted if t.is_alpha]
    return bool(words) and words[0].is_title and all(t.is_title or t.is_upper or t.is_stop for t in words)


def _only_a_person(ctoks: list[Token], content: set[int], lang: str) -> bool:
    """A content with no verb that is nothing but a person ("answered the minister", "told her"):
    for a verb that takes an addressee, whom the words were for, not the words."""
    roots = [t for t in ctoks if t.head.i not in content or t.head.i == t.i]
    if len(roots) != 1:
        return False
    root = roots[0]
    if root.pos_ == "PRON":
        return root.lower_ in people(lang).pronouns
    return root.ent_type_ == "PERSON" or (root.pos_ == "NOUN" and root.lemma_.lower() in people(lang).roles)


def _with_overlap(cands: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """Add the share of each candidate's content that the rules' attributions already hold."""
    spans = [p for f in found for p in f.pieces]
    for cand in cands:
        size = sum(e - s for s, e in cand.pieces)
        held = sum(max(0, min(e, fe) - max(s, fs)) for s, e in cand.pieces for fs, fe in spans)
        if cand.features is not None:
            cand.features["rule_overlap"] = min(1.0, held / max(1, size))
            cand.features["rules_in_sentence"] = float(len(found))
            cue = cand.cue[0].idx
            cand.features["cue_in_rule_content"] = 1.0 if any(fs <= cue < fe for fs, fe in spans) else 0.0
    return cands


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


TOP_RELATIONS = ("ccomp", "dobj", "xcomp", "^parataxis", "^prep", "nsubjpass", "oprd", "nsubj", "prep:for>pobj",
                 "prep:about>pobj", "prep:to>pobj", "prep:of>pobj", "prep:as>pobj", "^advcl", "^relcl", "^acl",
                 "^conj", "^ccomp", "acl", "advcl", "xcomp>dobj", "dobj>acl", "prep:with>pobj", "prep:on>pobj")


def _generate(sent: Span, lex: Lexicon, marks: list[tuple[int, int]], model: CueModel, gen_content: float,
              gen_rate: float, min_count: int, starts: list[int] | None = None) -> list[Candidate]:
    """Every (cue word, content relation) the model gives some chance, with features."""
    out: list[Candidate] = []
    doc = sent.doc
    question = sent_marks = -1.0  # worked out for the sentence's first candidate
    for i in in_span(starts, sent, model.starts):  # the words a cue key starts with
        tok = doc[i]
        if tok.is_punct or tok.is_space or inside_marks(tok.idx, marks):
            continue
        key = cue_key(tok)
        counts = model.cue.get(key)
        if counts is None or counts[0] < min_count or counts[0] / counts[1] < gen_rate or key in NEVER_CUES:
            continue
        if tok.pos_ == "ADV" and tok.head.i != tok.i and match_cue(tok.head, lex) is not None:
            continue  # "Lund reportedly said ...": the verb is the cue; the adverb says the report is heard of
        if addressed_to_reader(tok) or (tok.tag_ == "VBD" and passive_participle(tok, lex)):
            continue  # "The minister, asked whether ..., smiled": he was asked, by someone unnamed
        if tok.is_title and tok.i > sent.start and tok.pos_ in ("VERB", "AUX") and not sent.doc[tok.i - 1].is_punct:
            continue  # a verb capitalised mid-sentence is a heading's or a title's ("The Debate Goes On: ...")
        pairs = relations_of(tok)
        rels = {r for r, _ in pairs}
        scored = sorted(((model.content_probability(key, r), r) for r in rels if r not in ("other", "same")), reverse=True)
        chosen = [(p, r) for p, r in scored if p >= gen_content]
        if not chosen:
            continue
        best_p, best_r = chosen[0]
        # Content: the best relation, plus any other relation nearly as likely.
        content_toks: set[int] = set()
        for p, r in chosen:
            if p < best_p * 0.5:
                continue
            if r != best_r and (r == "nsubj" or r.startswith("^")):
                continue  # only as the best reading: as a second one it swallows the speaker
            if r in ("^acl", "^relcl") and any(c.lower_ == "what" for c in tok.children):
                continue  # "Ferry cuts: what we know": what is known is "what", not the noun it hangs on
            for target in _related(tok, r, pairs):
                if target.i < tok.i and said_object(tok):
                    continue  # "Novak is right, Brezko said the same thing"
                if r.startswith("^"):
                    own = {t.i for t in tok.subtree}
                    content_toks.update(t.i for t in target.subtree if t.i not in own and t.sent == sent)
                else:
                    content_toks.update(t.i for t in target.subtree)
        content_toks.discard(tok.i)
        if not content_toks:
            continue
        subject, via = _source(tok, model.source_relations(key)[:3], content_toks, lex)
        if denies_speech(subject, lex):
            continue  # "Neither man mentioned the talks": nobody said it
        cue_toks = tuple([tok] + [c for c in tok.children if c.dep_ == "prt"])
        if key == "accord":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            cue_toks = (tok, to) if to is not None else cue_toks
        pieces = _contiguous(sent, sorted(content_toks))
        if not pieces:
            continue
        ctoks = [doc[i] for i in sorted(content_toks)]  # one pass over the content's tokens
        n_words = sum(1 for t in ctoks if t.is_alpha)
        in_marks = [t for t in ctoks if inside_marks(t.idx, marks)]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in ctoks)
        if not has_verb and ((in_marks and _named_in_marks(in_marks)) or (
                key.split()[0] in lex.addressee_verbs and _only_a_person(ctoks, content_toks, lex.lang))):
            continue
        if question < 0:
            question = 1.0 if sent.text.rstrip().endswith("?") else 0.0
            sent_marks = 1.0 if any(s < sent.end_char and sent.start_char < e for s, e in marks) else 0.0
        feats: dict[str, float] = {
            "cue_rate": counts[0] / counts[1],
            "log_cue_count": math.log1p(counts[0]),
            "best_p": best_p,
            "n_chosen": float(len(chosen)),
            f"rel={best_r if best_r in TOP_RELATIONS else 'other'}": 1.0,
            f"subj={_subject_kind(subject)}": 1.0,
            f"subj_via={via}": 1.0,
            f"tag={tok.tag_ if tok.tag_ in ('VBD', 'VBZ', 'VBP', 'VBG', 'VBN', 'VB', 'NN', 'NNS', 'IN') else 'other'}": 1.0,
            "log_words": math.log1p(n_words),
            "one_word": 1.0 if n_words <= 1 else 0.0,
            "quoted_share": len(in_marks) / max(1, len(content_toks)),
            "negated": 1.0 if any(c.dep_ == "neg" for c in tok.children) else 0.0,
            "in_lexicon": 1.0 if tok.lemma_.lower() in lex.speech or tok.lemma_.lower() in lex.thought else 0.0,
            "sent_initial_content": 1.0 if min(content_toks) <= sent.start + 1 else 0.0,
            "question": question,
            "content_has_verb": 1.0 if has_verb else 0.0,
            "date_only": 1.0 if all(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or not t.is_alpha for t in ctoks) else 0.0,
        }
        feats.update(_context_features(tok, subject, ctoks, content_toks, sent, sent_marks))
        act = "thought" if key.split()[0] in lex.thought_hints or tok.lemma_.lower() in lex.thought else "speech"
        clause = {t.i for t in tok.subtree if t.i not in content_toks} | {tok.i}
        out.append(Candidate(pieces=pieces, act=act, cue=cue_toks, subject=subject, clause=clause,
                             according=key == "accord", features=feats, reading=(key, best_r)))
    return out


CUE_DEPS = ("ROOT", "ccomp", "conj", "advcl", "relcl", "acl", "xcomp", "pcomp", "amod", "pobj", "dobj", "nsubj",
            "compound", "parataxis")
PERSONAL = frozenset({"he", "she", "they", "i", "we", "who"})


def _context_features(tok: Token, subject: Token | None, ctoks: list[Token], content: set[int], sent: Span,
                      sent_marks: float) -> dict[str, float]:
    """How the cue sits in its sentence and what its content looks like: the ranker's evidence
    beyond the cue word's own statistics."""
    first, last = ctoks[0].i, ctoks[-1].i
    gap = first - tok.i if first > tok.i else (tok.i - last if last < tok.i else 0)
    clause = any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in content and t.head.pos_ in ("VERB", "AUX")
                 for t in ctoks)
    root = next((t for t in ctoks if t.head.i not in content or t.head.i == t.i), ctoks[0])
    return {
        f"cue_dep={tok.dep_ if tok.dep_ in CUE_DEPS else 'other'}": 1.0,
        "passive": 1.0 if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) else 0.0,
        "modal": 1.0 if any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children) else 0.0,
        "content_before": 1.0 if last < tok.i else 0.0,
        "content_clause": 1.0 if clause else 0.0,
        "log_gap": math.log1p(gap),
        "content_share": len(content) / max(1, len(sent)),
        "sent_marks": sent_marks,
        "subj_person": 1.0 if subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in PERSONAL) else 0.0,
        "subj_plural": 1.0 if subject is not None and subject.tag_ in ("NNS", "NNPS") else 0.0,
        "cue_capital": 1.0 if tok.is_title and tok.i > sent.start else 0.0,
        f"content_root={root.pos_ if root.pos_ in ('VERB', 'AUX', 'NOUN', 'PROPN', 'ADJ', 'PRON') else 'other'}": 1.0,
        "log_sent_len": math.log1p(len(sent)),
    }


def _source(tok: Token, rels: list[str], content: set[int], lex: Lexicon) -> tuple[Token | None, str]:
    """The source of cue `tok` and how it was found: at the relation the model saw most often
    for the cue, else the grammatical subject (inherited through participles and infinitives),
    else at the model's next relations ("reminded the audience" has its addressee there, not a
    source)."""

    def at(rel: str) -> Token | None:
        hits = [t for t in _related(tok, rel) if t.i not in content and _can_speak(t)]
        if hits and rel in SUBJECT_DEPS:
            best = main_subject(tok)  # of two subjects, the one by the cue; a dateline's name
            if best is not None and best.i not in content:
                return best
        return hits[0] if hits else None

    first = at(rels[0]) if rels else None
    if first is not None:
        return first, "model"
    # A passive cue names its source in its agent: "the plan is supported by a coalition of mayors"
    agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is not None and agent.i not in content and _can_speak(agent):
        return agent, "model"
    inherited = inherited_subject(tok, lex)
    if inherited is not None and ((inherited.dep_ == "nsubjpass" and inherited.head.i == tok.i) or (
            tok.tag_ == "VBN" and tok.dep_ == "advcl" and tok.i == tok.sent.start)):
        # "Lund was asked whether ...", "Asked whether she trusted him, Varga paused": she was
        # asked, and the asker goes unnamed
        inherited = None
    if inherited is not None and inherited.i not in content and inherited.pos_ in ("PROPN", "PRON", "NOUN"):
        return inherited, "inherited"
    for rel in rels[1:]:
        hit = at(rel)
        if hit is not None:
            return hit, "model"
    return None, "none"


def _subject_kind(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.lower_ in ("who", "which", "that"):
        return "relative"
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return tok.ent_type_.lower()
    if tok.pos_ == "PRON":
        return "pron"
    if tok.pos_ == "PROPN":
        return "propn"
    return "noun"


def _can_speak(tok: Token) -> bool:
    """A source head is a noun, name or pronoun, not a possessive marker, number or dateline."""
    if tok.pos_ not in ("NOUN", "PROPN", "PRON") or not tok.is_alpha:
        return False
    return not (tok.is_upper and len(tok) > 2 and tok.i == tok.sent.start and tok.ent_type_ == "GPE")
