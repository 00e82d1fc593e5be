"""Misspelt cue verbs ("Lund siad the ferry would stop", "she claimd that", "he tlod reporters"):
read as the verb they are one slip away from, before the parser sees them.

Web text is typed in a hurry, and a cue verb the tagger has never seen is often read as a noun
("claimd" NN), so the sentence has no cue and its speaker's words are lost. A word is read as a
cue verb's form when all of these hold:

- it is written in lower case, in letters only, at least four of them (a name, "Siad", is left
  alone; so are "u" and "lol");
- it is no English word the pipeline knows: not a function word of its stop list ("with"), and
  neither in the lemmatizer's word lists (WordNet's nouns, verbs, adjectives and adverbs, shipped
  with the pipeline) nor any inflection of them by its rules ("sad", "aid", "sided" are words),
  a doubled consonant ("bogged") or a verb's doer ("commenter");
- it is one edit (a letter added, dropped, changed, or two neighbours swapped; in a word of four
  letters, only changed or swapped) from a form of a speech or thought verb of the cue lexicon
  ("said", "claimed", "told", "stressed"), starts with that form's letter, and all such forms are
  of one verb (of those, the one that ends as the word does: "claimd" is "claimed").

Then its NORM, the form spaCy's embedding reads, becomes that form (set before `tok2vec`, so the
tagger and the parser read the sentence as they would the word spelt right), and its lemma
becomes the verb's (set after the lemmatizer). The text and its offsets are untouched, and a text
with no such word gets the stock annotations.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

POSES = ("noun", "verb", "adj", "adv")
MIN_LENGTH = 4


class CueSpelling:
    """The cue forms of a language and the lemmatizer's word lists; `correct` gives the cue form a
    misspelt word stands for, or None."""

    def __init__(self, lemmatizer, verbs: frozenset[str], stop_words: frozenset[str] = frozenset()):
        tables = {name: lemmatizer.lookups.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules")}
        self._index = {pos: set(tables["lemma_index"].get(pos, ())) for pos in POSES}
        self._exc = {pos: dict(tables["lemma_exc"].get(pos, {})) for pos in POSES}
        self._rules = {pos: [tuple(r) for r in tables["lemma_rules"].get(pos, ())] for pos in POSES}
        self._stop_words = stop_words  # the lists hold no function word: "with" is no slip for "wish"
        self.forms: dict[str, str] = {}  # cue form -> its verb
        irregular = {}
        for form, lemmas in self._exc["verb"].items():
            for lemma in lemmas:
                irregular.setdefault(lemma, set()).add(form)
        for verb in verbs:
            if verb.isalpha():
                for form in _regular_forms(verb, irregular.get(verb, set())):
                    self.forms.setdefault(form, verb)
        self._by_letter: dict[str, list[str]] = {}
        for form in self.forms:
            self._by_letter.setdefault(form[0], []).append(form)

    def known(self, word: str) -> bool:
        """Whether `word` is a function word of the language, or the lemmatizer knows it as a word
        or an inflection of one."""
        if word in self._stop_words:
            return True
        for pos in POSES:
            if word in self._index[pos] or word in self._exc[pos]:
                return True
            for old, new in self._rules[pos]:
                if old and word.endswith(old) and word[:len(word) - len(old)] + new in self._index[pos]:
                    return True
        # What the rules leave out: a doubled consonant ("bogged", "shipping") and the doer of a
        # verb ("commenter", "deciders").
        for ending in ("ed", "ing", "er", "ers"):
            if word.endswith(ending):
                stem = word[:-len(ending)]
                if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self._index["verb"]:
                    return True
                if ending.startswith("er") and (stem in self._index["verb"] or stem + "e" in self._index["verb"]):
                    return True
        return False

    def correct(self, word: str) -> str | None:
        """The cue form `word` is a slip for, or None (see the module's docstring)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower() or word in self.forms:
            return None
        # A four-letter word only by a letter changed or two swapped ("siad", "tlod"): with a
        # letter added or dropped too many short words would reach a cue ("stat", "stare").
        slack = 1 if len(word) > MIN_LENGTH else 0
        near = [f for f in self._by_letter.get(word[0], ()) if abs(len(f) - len(word)) <= slack and _one_edit(word, f)]
        if not near or len({self.forms[f] for f in near}) != 1 or self.known(word):
            return None
        # The form that ends as the word does ("claimd": "claimed", not "claim"), then the longer.
        return max(near, key=lambda f: (_common_suffix(word, f), len(f), f))


def _regular_forms(verb: str, irregular: set[str]) -> set[str]:
    """The verb, its third person, its -ing form, and its past: the lemmatizer's irregular forms
    where it has them ("said", "seen"), never a made-up regular one ("sayed", "seed")."""
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    consonant_y = verb.endswith("y") and verb[-2:-1] not in "aeiou"
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z", "o")) else (
        verb[:-1] + "ies" if consonant_y else verb + "s")
    if irregular:
        return {verb, third, stem + "ing"} | irregular
    past = verb + "d" if verb.endswith("e") else (verb[:-1] + "ied" if consonant_y else verb + "ed")
    return {verb, third, past, stem + "ing"}


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by one letter added, dropped or changed, or two neighbours
    swapped (optimal string alignment distance 1)."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) != 1:
        return False
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    return a[k:] == b[k + 1:]


class _Stage:
    """Finds the misspelt cue verbs of a Doc from one array of its word ids, each distinct word
    checked once ever (as `quotes.cues.WordIndex` finds where cues can start)."""

    def __init__(self, spelling: CueSpelling):
        self.spelling = spelling
        self._form: dict[int, str | None] = {}  # word id -> the cue form it stands for, or None

    def found(self, doc: Doc, *, changed_only: bool = False):
        """(token, cue form) of each misspelt cue verb in `doc`; with `changed_only`, only among
        the words whose NORM is no longer their lower case (what the norm stage set)."""
        orths = doc.to_array([ORTH])
        looked_at = orths[doc.to_array([NORM]) != doc.to_array([LOWER])] if changed_only else orths
        hits = [orth for orth in np.unique(looked_at).tolist() if self._form_of(orth, doc) is not None]
        if hits:
            for k in np.flatnonzero(np.isin(orths, np.array(hits, dtype=orths.dtype))).tolist():
                yield doc[k], self._form[int(orths[k])]

    def _form_of(self, orth: int, doc: Doc) -> str | None:
        if orth not in self._form:
            text = doc.vocab.strings[orth]
            self._form[orth] = self.spelling.correct(text) if len(text) >= MIN_LENGTH else None
        return self._form[orth]


class _NormStage(_Stage):
    """Before tok2vec: a misspelt cue verb's NORM becomes the verb's form."""

    def __call__(self, doc: Doc) -> Doc:
        for tok, form in list(self.found(doc)):  # read the ids before changing a NORM
            tok.norm_ = form
        return doc


class _LemmaStage(_Stage):
    """After the lemmatizer: a word read as a cue verb's form gets that verb as its lemma."""

    def __call__(self, doc: Doc) -> Doc:
        for tok, form in self.found(doc, changed_only=True):
            if tok.norm_ == form:
                lemma = self.spelling.forms[form]
                tok.lemma_ = lemma
                if tok.pos_ != "VERB" and any(c.dep_ in CLAUSE_CHILDREN for c in tok.children):
                    # "... and claimd the ministry had ignored them", tagged NN from its odd
                    # ending though the parser gave it a clause to report: a verb, in the form
                    # it stands for
                    tok.pos_, tok.tag_ = "VERB", _verb_tag(form, lemma)
        return doc


CLAUSE_CHILDREN = ("ccomp", "xcomp", "nsubj", "dobj")


def _verb_tag(form: str, lemma: str) -> str:
    if form == lemma:
        return "VBP"
    if form.endswith("ing"):
        return "VBG"
    if form.startswith(lemma) and form[len(lemma):] in ("s", "es"):
        return "VBZ"
    return "VBD"


NORM_STAGE = "saidwhat_cue_spelling"
LEMMA_STAGE = "saidwhat_cue_spelling_lemma"


@Language.factory(NORM_STAGE)
def make_norm_stage(nlp: Language, name: str) -> _NormStage:
    """Reads the pipeline's lemmatizer (its word lists) and the language's cue lexicon: add it
    while the stock lemmatizer is in place."""
    from .quotes.cues import load_lexicon

    lex = load_lexicon(nlp.lang)
    return _NormStage(CueSpelling(nlp.get_pipe("lemmatizer"), frozenset(lex.speech) | frozenset(lex.thought),
                                  frozenset(nlp.Defaults.stop_words)))


@Language.factory(LEMMA_STAGE)
def make_lemma_stage(nlp: Language, name: str) -> _LemmaStage:
    """Shares the norm stage's `CueSpelling`: add it after that one."""
    return _LemmaStage(nlp.get_pipe(NORM_STAGE).spelling)


def use_cue_spelling(nlp: Language) -> None:
    """Add both stages to a pipeline with a tok2vec and a lemmatizer (see the module's docstring)."""
    if NORM_STAGE in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not all(lookups.has_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules")):
        return  # a lemmatizer without word lists (a lookup table alone): no way to tell a slip from a word
    nlp.add_pipe(NORM_STAGE, first=True)
    nlp.add_pipe(LEMMA_STAGE, after="lemmatizer")
