"""The cue lexicon (from `lang/<lang>/cues.json`) and matching cues on spaCy tokens."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from ..lang import load


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech: frozenset[str]
    thought: frozenset[str]
    phrasal: dict[str, frozenset[str]]  # verb lemma -> particles that make it a speech cue
    according: tuple[tuple[str, ...], ...]
    non_speakers: frozenset[str]
    # "Neither man mentioned ...", "Nobody said ...": a subject that denies anyone spoke (the
    # debate lexicon's negative subjects and determiners, shared with `enrich.debate`)
    nobody: frozenset[str]
    disagreement: frozenset[str]
    objects: frozenset[str]  # verbs whose direct object is the content ("criticized the plan")
    object_phrasal: dict[str, frozenset[str]]  # verb -> prepositions whose object is the content ("called for")
    # Inflected form -> lemma, for when the statistical lemmatizer slips ("hopes" -> "hop").
    forms: dict[str, str]
    # A short quotation that is the object of these is the subject's words ("called them 'X'").
    naming_verbs: frozenset[str] = frozenset()
    naming_nouns: frozenset[str] = frozenset()
    # Verbs that turn a speech noun object into a cue ("raised questions about").
    light_verbs: frozenset[str] = frozenset()
    # Verbs whose infinitive keeps their own subject after an object ("promised them to return").
    subject_control: frozenset[str] = frozenset()
    # Labels that open a link line or a page furniture line ("READ MORE: ..."): nothing on that
    # line is attributed speech.
    link_labels: tuple[str, ...] = ()
    # Things that "show" or "say" without speaking ("figures show", "a video showed"): sources in
    # the broad scheme (PolNeAR counts them), never in speech-only counting.
    document_sources: frozenset[str] = frozenset()
    # Speech acts the mined cue model rarely saw as cues ("spoke of", "questioned whether"): kept
    # in speech-only counting.
    speech_acts: frozenset[str] = frozenset()
    # Mined cue words whose attributions are thoughts ("believe", "hope"), beside `thought`.
    thought_hints: frozenset[str] = frozenset()
    # Interview transcripts: a title-case label counts when it names someone or one of these
    # ("Poll: ..."); the other labels are page furniture ("UPDATE:", "Q:").
    transcript_sources: frozenset[str] = frozenset()
    transcript_not_speakers: frozenset[str] = frozenset()
    # Nouns whose clause is what their owner said or holds ("his claim that ..."), and the
    # subordinators of a cue clause that reports the main clause ("As Haddad said, ...").
    claim_nouns: frozenset[str] = frozenset()
    as_marks: frozenset[str] = frozenset()
    # "In Berg's view, ...": the prepositions whose claim noun reports the rest of the sentence.
    view_prepositions: frozenset[str] = frozenset()
    # "Berg is convinced that ...": adjectives whose "that" clause is their subject's thought.
    belief_adjectives: frozenset[str] = frozenset()
    # Verbs whose object, when it is only a person, is the addressee ("answered the minister").
    addressee_verbs: frozenset[str] = frozenset()
    # Nouns of statements and media ("a statement from Berg's office"): their "from" is the source.
    speech_nouns: frozenset[str] = frozenset()
    # Prepositions that give what an object content was accused of, praised for, blamed on.
    object_grounds: frozenset[str] = frozenset()
    # Verbs that with one of these adjectives introduce a "that" clause ("made it clear that").
    made_clear: dict[str, frozenset[str]] = field(default_factory=dict)
    # Every lemma that can head a cue (speech, thought, object cues, phrasal verbs).
    cue_lemmas: frozenset[str] = frozenset()
    # The language the lexicon is for (the folder under `lang/`): the other models of that language
    # (the mined cue model, the ranker) are loaded by it.
    lang: str = "en"
    # The words one of the rules' cues can start at (`indirect.find_reported` looks at no other):
    # a cue verb or a form the lexicon maps to one, "according", a claim noun, a verb of "made it
    # clear", an adjective of belief.
    cue_starts: WordIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cue_starts", WordIndex(
            self.cue_lemmas | self.speech | self.thought | self.objects | self.claim_nouns | frozenset(self.made_clear),
            frozenset(self.forms) | frozenset(p[0] for p in self.according) | self.belief_adjectives))


@lru_cache(maxsize=None)
def load_lexicon(lang: str = "en") -> Lexicon:
    data = load(lang, "cues")
    denial = load(lang, "debate")  # the negative subjects and determiners, shared with enrich.debate
    phrasal: dict[str, set[str]] = {}
    for phrase in data["speech_phrasal"]:
        verb, particle = phrase.split(" ", 1)
        phrasal.setdefault(verb, set()).add(particle)
    return Lexicon(
        speech=frozenset(data["speech_verbs"]),
        thought=frozenset(data["thought_verbs"]) - frozenset(data["speech_verbs"]),
        phrasal={k: frozenset(v) for k, v in phrasal.items()},
        according=tuple(tuple(p.split()) for p in data["according_to"]),
        non_speakers=frozenset(data["non_speaker_subjects"]),
        nobody=frozenset(denial["negative_subjects"]) | frozenset(denial["negative_determiners"]),
        disagreement=frozenset(data["disagreement_verbs"]),
        objects=frozenset(data["object_cues"]),
        object_phrasal={k: frozenset(v) for k, v in data["object_cue_phrasal"].items()},
        forms=_forms(set(data["object_cues"]) | set(data["object_cue_phrasal"]) | set(data["speech_verbs"]) | set(data["thought_verbs"]), data["irregular_forms"]),
        naming_verbs=frozenset(data["naming_verbs"]),
        naming_nouns=frozenset(data["naming_nouns"]),
        light_verbs=frozenset(data["light_verbs"]),
        subject_control=frozenset(data["subject_control_verbs"]),
        link_labels=tuple(data.get("link_labels", ())),
        document_sources=frozenset(data.get("document_sources", ())),
        speech_acts=frozenset(data.get("speech_acts", ())),
        thought_hints=frozenset(data.get("thought_hints", ())),
        addressee_verbs=frozenset(data.get("addressee_verbs", ())),
        transcript_sources=frozenset(data.get("transcript_sources", ())),
        transcript_not_speakers=frozenset(data.get("transcript_not_speakers", ())),
        claim_nouns=frozenset(data.get("claim_nouns", ())),
        as_marks=frozenset(data.get("as_marks", ())),
        made_clear={k: frozenset(v) for k, v in data.get("made_clear", {}).items()},
        view_prepositions=frozenset(data.get("view_prepositions", ())),
        belief_adjectives=frozenset(data.get("belief_adjectives", ())),
        speech_nouns=frozenset(data.get("speech_nouns", ())),
        object_grounds=frozenset(data.get("object_grounds", ())),
        cue_lemmas=frozenset(data["speech_verbs"]) | frozenset(data["thought_verbs"]) | frozenset(data["object_cues"])
        | frozenset(phrasal) | frozenset(data["object_cue_phrasal"]),
        lang=lang,
    )


def _forms(lemmas: set[str], irregular: dict[str, str]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        cands = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            cands |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        for f in cands:
            forms.setdefault(f, lemma)
    forms.update(irregular)
    return forms


@dataclass(frozen=True, slots=True)
class CueMatch:
    act: str  # "speech" | "thought"
    tokens: tuple[Token, ...]  # the cue words, verb first
    according: bool = False  # "according to X": the source is the object, not a subject
    objective: bool = False  # the content may be the verb's object ("denied the report", "called for talks")

    @property
    def head(self) -> Token:
        return self.tokens[0]


def match_cue(token: Token, lex: Lexicon) -> CueMatch | None:
    """The cue that `token` heads, if any: a speech or thought verb (with its particle for phrasal
    verbs such as "point out") or the first word of "according to"."""
    for phrase in lex.according:
        n = len(phrase)
        if token.lower_ == phrase[0] and token.i + n <= len(token.doc):
            words = token.doc[token.i:token.i + n]
            if tuple(t.lower_ for t in words) == phrase:
                return CueMatch("speech", tuple(words), according=True)
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return None
    lemma = token.lemma_.lower()
    if lemma not in lex.speech and lemma not in lex.thought:
        lemma = lex.forms.get(token.lower_, lemma)
    if lemma not in lex.cue_lemmas or addressed_to_reader(token):
        return None  # most verbs are no cue: the parse around them is not read
    if lemma in lex.phrasal:
        for prt in (c for c in token.children if c.dep_ == "prt"):
            if prt.lower_ in lex.phrasal[lemma]:
                return CueMatch("speech", (token, prt))
    if lemma in lex.object_phrasal:
        for prep in (c for c in token.children if c.dep_ == "prep"):
            if prep.lower_ in lex.object_phrasal[lemma] and prep.i == token.i + 1:
                return CueMatch("speech", (token, prep), objective=True)
    if lemma in lex.speech:
        return CueMatch("speech", (token,), objective=lemma in lex.objects)
    if lemma in lex.objects:
        return CueMatch("speech", (token,), objective=True)
    if lemma in lex.thought:
        return CueMatch("thought", (token,))
    return None


def addressed_to_reader(token: Token) -> bool:
    """An imperative that sets up a hypothesis for the reader ("Say Mexico demanded that ...";
    "Let's say you think ..."): nobody is reported as speaking."""
    if token.head.lemma_ == "let" and token.head.i < token.i and token.tag_ == "VB":
        return True
    if token.tag_ not in ("VB", "NNP") or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in token.children):
        return False
    return token.i == token.sent.start or (token.i - 1 == token.sent.start and token.doc[token.i - 1].is_punct)


def said_object(verb: Token) -> bool:
    """Whether a cue has a direct object after it that is what was said ("said the same thing",
    "told the truth"), so a clause before the cue is not its content. An addressee is no such
    object ("'We will win,' he told the crowd", "told reporters", "told her")."""
    from ..names import people

    p = people(verb.doc.lang_)
    return any(c.dep_ == "dobj" and c.i > verb.i and c.pos_ not in ("PRON", "PROPN")
               and c.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
               and c.lemma_.lower() not in p.groups and c.lemma_.lower() not in p.roles
               and c.lemma_.lower() not in p.orgs for c in verb.children)


@dataclass(eq=False)
class WordIndex:
    """The words a cue can start at: those whose lower-cased lemma is in `lemmas` or whose
    lower-case form is in `lowers`. `positions` reads a sentence's lemmas and forms as one array
    and answers once per distinct word, instead of a Token object for every word."""

    lemmas: frozenset[str]
    lowers: frozenset[str] = frozenset()
    _by_lemma: dict[int, bool] = field(default_factory=dict, repr=False)
    _by_lower: dict[int, bool] = field(default_factory=dict, repr=False)

    def positions(self, span: Span) -> list[int]:
        """Token indexes (in the Doc) of the words of `span` that may start a cue, in order."""
        if not len(span):
            return []
        doc = span.doc
        strings = doc.vocab.strings
        # Doc.to_array reads the token array directly; Span.to_array makes a Token per word.
        arr = doc.to_array([LEMMA, LOWER]) if len(span) == len(doc) else span.to_array([LEMMA, LOWER])
        hit = np.isin(arr[:, 0], self._hits(np.unique(arr[:, 0]), self._by_lemma,
                                            lambda s: strings[s].lower() in self.lemmas))
        if self.lowers:
            hit |= np.isin(arr[:, 1], self._hits(np.unique(arr[:, 1]), self._by_lower,
                                                 lambda s: strings[s] in self.lowers))
        return (np.flatnonzero(hit) + span.start).tolist()

    @staticmethod
    def _hits(ids: np.ndarray, known: dict[int, bool], test) -> np.ndarray:
        """Those of the distinct string ids `ids` that pass `test` (each tested once ever), as an
        array of the same unsigned type: string hashes use all 64 bits, and a list of Python ints
        would be compared as floats."""
        out = []
        for s in ids.tolist():
            ok = known.get(s)
            if ok is None:
                ok = known[s] = test(s)
            if ok:
                out.append(s)
        return np.array(out, dtype=ids.dtype)


def in_span(positions: list[int] | None, span: Span, index: WordIndex) -> list[int]:
    """The positions (from `index.positions` over the whole Doc, read once by the caller) that
    fall inside `span`, or the span's own when none were given."""
    if positions is None:
        return index.positions(span)
    return positions[bisect_left(positions, span.start):bisect_left(positions, span.end)]


def denies_speech(subject: Token | None, lex: Lexicon) -> bool:
    """Whether the subject says that nobody spoke: "nobody", "neither man", "no official"."""
    return subject is not None and (subject.lower_ in lex.nobody or any(
        c.dep_ in ("det", "predet") and c.lower_ in lex.nobody for c in subject.children))
