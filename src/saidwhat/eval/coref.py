"""Antecedent accuracy on a coreference corpus in CoNLL form (GUM's `coref/gum/conll`).

Every third-person pronoun and every definite description ("the minister", "the company") whose
chain is mentioned earlier is an anaphor; the ranker (`speakers/coref.py`) picks one earlier
entity (or, for a description, a new one), and the pick is right when the gold chain holds it.
Mentions are the gold mentions, parsed by the same spaCy pipeline the analyzer runs; the
entity features are built from the earlier gold mentions of each chain, the way the resolver
builds them from its clusters. Reported: link accuracy for pronouns, for descriptions (a new
entity counts when the description starts its chain), and for the speaker links among them (an
anaphor that is the subject of a speech or thought verb), for the learned ranker and for the
hand-set score; "resolver" is what `analyze` runs: the hand-set score for pronouns that are
sources ("he said", see `speakers.coref.SOURCE_PRONOUN`), the learned ranker for the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import SaidwhatError
from ..names import gender_of_name, people
from ..quotes.cues import load_lexicon
from ..speakers.coref import (PERSONAL, PLACE_LABELS, learned_only, name_places, Anaphor, Entity, Ranker, anaphor_for, description_words, hand_ranker,
                              load_ranker, place_keys, token_kind)

PRONOUN_WINDOW = 8  # sentences a pronoun looks back (as the resolver does)
DESCRIPTION_WINDOW = 40
_BRACKET = re.compile(r"(\()?([a-z]+)-(\d+)(?:-[^()]*)?(\))?")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "n't", "'s", "’s", "'", "%", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}
QUOTE_TOKENS = {'"', "“", "”", "``", "''"}


@dataclass(slots=True)
class ConllDoc:
    name: str
    words: list[str]
    sent_starts: list[bool]
    mentions: list[tuple[int, int, int]]  # (first token, last token, chain)


@dataclass(slots=True)
class Example:
    anaphor: Anaphor
    entities: list[Entity]
    gold: set[int]  # indices of entities in the anaphor's chain; empty: it starts a new entity
    speaker: bool  # the anaphor is the source of a speech or thought verb
    doc: str = ""  # the document's name (GUM's carry the genre: GUM_news_...)


@dataclass(slots=True)
class CorefScores:
    counts: dict[str, list[int]] = field(default_factory=dict)  # key -> [right, total]

    def add(self, key: str, right: bool) -> None:
        c = self.counts.setdefault(key, [0, 0])
        c[0] += int(right)
        c[1] += 1

    def summary(self) -> dict[str, dict[str, float | int]]:
        return {k: {"accuracy": round(100 * r / t, 1) if t else 0.0, "n": t} for k, (r, t) in sorted(self.counts.items())}


def read_conll(path: Path) -> list[ConllDoc]:
    """The documents of one CoNLL coreference file (`# begin document` ... `# end document`)."""
    docs: list[ConllDoc] = []
    cur: ConllDoc | None = None
    open_: dict[int, list[int]] = {}
    new_sent = True
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("# begin document"):
            cur = ConllDoc(line.split("document", 1)[1].strip(), [], [], [])
            open_, new_sent = {}, True
            continue
        if line.startswith("# end document"):
            if cur is not None:
                docs.append(cur)
            cur = None
            continue
        if cur is None or line.startswith("#"):
            continue
        if not line.strip():
            new_sent = True
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise SaidwhatError(f"{path}:{n}: expected index, word and mentions, found {line[:60]!r}")
        i = len(cur.words)
        cur.words.append(cols[1])
        cur.sent_starts.append(new_sent)
        new_sent = False
        if cols[2] == "_":
            continue
        for m in _BRACKET.finditer(cols[2]):
            opens, chain, closes = m.group(1), int(m.group(3)), m.group(4)
            if opens and closes:
                cur.mentions.append((i, i, chain))
            elif opens:
                open_.setdefault(chain, []).append(i)
            elif closes and open_.get(chain):
                cur.mentions.append((open_[chain].pop(), i, chain))
    return docs


def read_corpus(path: Path) -> list[ConllDoc]:
    files = sorted(path.glob("*.conll")) if path.is_dir() else [path]
    if not files:
        raise SaidwhatError(f"{path}: no .conll files")
    return [d for f in files for d in read_conll(f)]


def parse(nlp: Language, cd: ConllDoc) -> Doc:
    """The CoNLL tokens as a spaCy Doc (the corpus sentence breaks kept), run through `nlp`."""
    spaces = []
    for k, w in enumerate(cd.words):
        nxt = cd.words[k + 1] if k + 1 < len(cd.words) else ""
        spaces.append(bool(nxt) and nxt not in _NO_SPACE_BEFORE and w not in _NO_SPACE_AFTER)
    doc = Doc(nlp.vocab, words=cd.words, spaces=spaces,
              sent_starts=[True if s else None for s in cd.sent_starts])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def examples(cd: ConllDoc, doc: Doc, lang: str = "en") -> list[Example]:
    """The anaphors of one document with their candidate entities, built from the gold mentions."""
    p = people(lang)
    lex = load_lexicon(lang)
    cues = lex.speech | lex.thought
    sent_of = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = k
    quoted = [False] * len(doc)
    inside = False
    for t in doc:
        if t.text in QUOTE_TOKENS:
            inside = not inside
        quoted[t.i] = inside
    mentions = sorted(cd.mentions, key=lambda m: (m[0], -m[1]))
    states: dict[int, _Chain] = {}
    out: list[Example] = []
    for start, end, chain in mentions:
        root = doc[start:end + 1].root
        sent = sent_of[start]
        is_source = root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in cues
        ana = _anaphor(doc, start, end, root, sent, quoted[root.i], lang)
        if ana is not None:
            ana.subject, ana.source = root.dep_ in ("nsubj", "nsubjpass"), is_source
            window = PRONOUN_WINDOW if ana.form == "pronoun" else DESCRIPTION_WINDOW
            live = [(c, st) for c, st in states.items() if sent - st.sent <= window]
            live.sort(key=lambda x: -x[1].last)
            entities = [st.entity(rank) for rank, (_, st) in enumerate(live)]
            gold = {k for k, (c, _) in enumerate(live) if c == chain}
            if gold or (ana.form == "description" and chain not in states):
                out.append(Example(ana, entities, gold, is_source, cd.name))
        st = states.setdefault(chain, _Chain())
        st.add(doc, start, end, root, sent, quoted[root.i], is_source, p, lang)
    return out


def _anaphor(doc: Doc, start: int, end: int, root: Token, sent: int, in_content: bool, lang: str) -> Anaphor | None:
    if start == end:
        a = anaphor_for(root, sent, in_content=in_content, lang=lang)
        return a if a is not None and a.form == "pronoun" else None
    if end - start > 5 or doc[start].lower_ not in ("the", "this", "that") or root.pos_ != "NOUN":
        return None
    if any(t.pos_ == "PROPN" for t in doc[start:end + 1]):
        return None
    return anaphor_for(root, sent, in_content=in_content, lang=lang)


@dataclass(slots=True)
class _Chain:
    sent: int = 0
    last: int = -1
    kinds: list[str] = field(default_factory=list)
    gender: str | None = None
    plural: bool = False
    words: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    named: bool = False
    subject: bool = False
    speaker: bool = False
    speaker_count: int = 0
    count: int = 0
    in_content: bool = False
    pronoun: str | None = None

    def add(self, doc: Doc, start: int, end: int, root: Token, sent: int, in_content: bool, source: bool, p, lang: str) -> None:
        self.sent, self.last = sent, end
        self.kinds.append(token_kind(root, lang))
        pron = p.pronouns.get(root.lower_) if start == end else None
        if pron and pron.get("gender") in PERSONAL:
            self.gender = self.gender or pron["gender"]
        span = doc[start:end + 1]
        if root.pos_ == "PROPN":
            self.named = True
            self.gender = self.gender or gender_of_name([t.text for t in span if t.is_alpha], lang)
            self.words |= {t.lower_ for t in span if t.is_alpha}
            self.places |= name_places(span, lang)
        else:
            g = p.gendered_nouns.get(root.lower_)
            self.gender = self.gender or g
            self.words |= set(description_words(root)) | {root.lemma_.lower()}
            for t in span:
                if t.ent_type_ in PLACE_LABELS:
                    self.places |= place_keys(t.text, lang)
        self.plural = root.tag_ in ("NNS", "NNPS") or root.lower_ in ("they", "them", "their")
        self.subject = root.dep_ in ("nsubj", "nsubjpass")
        self.speaker = source
        self.speaker_count += int(source)
        self.count += 1
        self.in_content = in_content
        sig = anaphor_for(root, sent, lang=lang) if start == end else None
        self.pronoun = sig.signature if sig is not None else None

    def entity(self, rank: int) -> Entity:
        kinds = self.kinds
        kind = next((k for k in ("person", "organization", "group") if k in kinds), "thing")
        return Entity(sent=self.sent, kind=kind, gender=self.gender, plural=self.plural, words=set(self.words),
                      places=set(self.places), named=self.named, subject=self.subject, speaker=self.speaker,
                      speaker_count=self.speaker_count, count=self.count, in_content=self.in_content, rank=rank,
                      pronoun=self.pronoun)


def corpus_examples(path: Path, nlp: Language, lang: str = "en") -> list[Example]:
    return [ex for cd in read_corpus(path) for ex in examples(cd, parse(nlp, cd), lang)]


def score_examples(exs: list[Example], ranker: Ranker, scores: CorefScores, name: str) -> None:
    for ex in exs:
        pick = ranker.best(ex.anaphor, ex.entities)
        right = (pick is None and not ex.gold) if pick is None else pick in ex.gold
        kind = ex.anaphor.form + "s"
        scores.add(f"{name} {kind}", right)
        if ex.speaker:
            scores.add(f"{name} speaker links", right)
        if ex.anaphor.form == "pronoun" and ex.anaphor.gender in PERSONAL:
            scores.add(f"{name} he/she", right)


def evaluate_coref(path: Path, *, lang: str = "en") -> CorefScores:
    from ..nlp import load_pipeline

    exs = corpus_examples(path, load_pipeline(), lang)
    scores = CorefScores()
    score_examples(exs, load_ranker(lang), scores, "resolver")  # what `analyze` runs
    score_examples(exs, learned_only(load_ranker(lang)), scores, "learned")
    score_examples(exs, hand_ranker(), scores, "hand")
    return scores


def render_coref_scores(scores: CorefScores, console, *, show_errors: bool = False) -> None:
    """The accuracy table (a coreference score has no per-document errors to show)."""
    from rich.table import Table

    table = Table(title="antecedent accuracy (gold mentions)")
    table.add_column("ranker")
    table.add_column("anaphors")
    table.add_column("accuracy", justify="right")
    table.add_column("n", justify="right")
    for key, v in scores.summary().items():
        ranker, kind = key.split(" ", 1)
        table.add_row(ranker, kind, f"{v['accuracy']:.1f}", str(v["n"]))
    console.print(table)
