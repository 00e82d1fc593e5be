"""The pipeline's rule-based components by table look-up, with the same result: the attribute
rules (tag -> part of speech and morphology, "had" -> AUX with lemma "have", ...) without spaCy's
Matcher, and the rule lemmatizer's lemmas cached per word, part of speech and morphology.

spaCy's AttributeRuler runs a Matcher of all its patterns over every token: in en_core_web_sm,
179 patterns (nearly all one token: a tag, a word, a dependency label) cost about an eighth of the
whole pipeline's time (`python bench/rule_tables.py`). Which rules match a one-token pattern
depends only on the token attributes the patterns read, and only on whether each value is one a
pattern names (a word no pattern names is like any other; a regex's answer is kept per word). So
each token gets a small key, the rules are worked out once per key, and their merged attributes
cached. Patterns of several tokens are checked where their first token matches. Rules apply in
the order they were added, a later one overriding an earlier one's attribute, as in
AttributeRuler.set_annotations.

`AttributeTable.from_ruler` returns None when a pattern uses anything beyond plain values and
IN / NOT_IN / REGEX on the attributes below (an operator, a length, an extension): the stock
component then stays. tests/test_rule_tables.py checks the result token by token against the
stock component's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from spacy import attrs as A
from spacy.language import Language
from spacy.tokens import Doc
from spacy.strings import StringStore
from spacy.vocab import Vocab

# Pattern keys the table reads: attributes whose value is a string's hash, and flags (0 or 1).
_STRINGS = {"ORTH": A.ORTH, "TEXT": A.ORTH, "LOWER": A.LOWER, "NORM": A.NORM, "TAG": A.TAG, "DEP": A.DEP,
            "LEMMA": A.LEMMA, "ENT_TYPE": A.ENT_TYPE}
_FLAGS = {"IS_SPACE": A.IS_SPACE, "IS_PUNCT": A.IS_PUNCT, "IS_ALPHA": A.IS_ALPHA, "IS_DIGIT": A.IS_DIGIT,
          "IS_TITLE": A.IS_TITLE, "IS_UPPER": A.IS_UPPER, "IS_LOWER": A.IS_LOWER, "IS_STOP": A.IS_STOP}
OTHER = -1  # a value no pattern names (hashes are never negative)
CACHE_SIZE = 200_000  # keys (and words' regex answers) kept before a cache starts again

Test = Callable[[tuple], bool]


@dataclass
class _Column:
    """One attribute the patterns read: the values they name, and their regexes."""

    attr: int
    named: set[int] = field(default_factory=set)
    regexes: list[re.Pattern[str]] = field(default_factory=list)
    answers: dict[int, tuple] = field(default_factory=dict)

    def canonical(self, values: list[int], strings) -> list:
        named = self.named
        if not self.regexes:
            return [v if v in named else OTHER for v in values]
        answers = self.answers
        out = []
        for v in values:
            a = answers.get(v)
            if a is None:
                if len(answers) >= CACHE_SIZE:
                    answers.clear()
                text = strings[v]
                a = answers[v] = (v if v in named else OTHER, tuple(bool(r.search(text)) for r in self.regexes))
            out.append(a)
        return out


@dataclass
class AttributeTable:
    columns: list[_Column]
    single: list[tuple[int, Test]]  # (rule number, test of one token's key)
    multi: list[tuple[int, list[Test], int]]  # (rule number, a test per token, target index)
    attrs: list[dict[int, int]]  # rule number -> {attribute id: value}
    written: list[int]  # every attribute id some rule sets
    strings: StringStore | None = None  # the vocabulary's, for the regexes
    _cache: dict[tuple, tuple] = field(default_factory=dict)

    @classmethod
    def from_ruler(cls, ruler) -> AttributeTable | None:
        """The table for a spaCy AttributeRuler, or None when one of its patterns is beyond it."""
        vocab: Vocab = ruler.vocab
        columns: list[_Column] = []
        single, multi = [], []
        for rule in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(rule))[1]:
                tests = [_token_test(spec, vocab, columns) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    return None
                index = ruler.indices[rule]
                if len(tests) == 1 and index in (0, -1):
                    single.append((rule, tests[0]))
                else:
                    multi.append((rule, tests, index))
        attrs = [dict(a) for a in ruler.attrs]
        if any(not isinstance(k, int) or not isinstance(v, int) for a in attrs for k, v in a.items()):
            return None  # an extension attribute ("_"): leave it to the stock component
        written = sorted({k for a in attrs for k in a})
        return cls(columns, single, multi, attrs, written, vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.written or not self.columns:
            return doc
        raw = doc.to_array([c.attr for c in self.columns]).reshape(n, len(self.columns)).T.tolist()
        keys = list(zip(*(c.canonical(values, self.strings) for c, values in zip(self.columns, raw))))
        entry = self._entry
        entries = [entry(key) for key in keys]
        extra: dict[int, list[int]] = {}
        if self.multi:
            for i, (_merged, _rules, firsts) in enumerate(entries):
                for rule, tests, index in firsts:
                    if i + len(tests) <= n and all(t(keys[i + j]) for j, t in enumerate(tests)):
                        target = i + index if index >= 0 else i + len(tests) + index
                        if 0 <= target < n:
                            extra.setdefault(target, []).append(rule)
        out = doc.to_array(self.written).reshape(n, len(self.written))
        col = {a: j for j, a in enumerate(self.written)}
        for i, (merged, rules, _firsts) in enumerate(entries):
            if i in extra:
                merged = self._merge(set(rules) | set(extra[i]))
            if merged:
                for a, v in merged.items():
                    out[i, col[a]] = v
        doc.from_array(self.written, out)
        return doc

    def _entry(self, key: tuple):
        """(merged attributes, one-token rules, several-token rules whose first token matches)
        for a token with this key, worked out once."""
        entry = self._cache.get(key)
        if entry is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            rules = tuple(r for r, test in self.single if test(key))
            firsts = tuple(m for m in self.multi if m[1][0](key))
            entry = self._cache[key] = (self._merge(rules), rules, firsts)
        return entry

    def _merge(self, rules) -> dict[int, int] | None:
        merged: dict[int, int] = {}
        for r in sorted(rules):
            merged.update(self.attrs[r])
        return merged or None


def _token_test(spec: dict, vocab: Vocab, columns: list[_Column]) -> Test | None:
    """A test of a token's key for one token of a pattern, or None when the pattern is beyond the
    table. `columns` grows with each attribute a pattern reads, and records the values it names."""
    parts: list[tuple[int, str, object]] = []
    for name, value in spec.items():
        name = name.upper()
        attr = _STRINGS.get(name, _FLAGS.get(name))
        if attr is None:
            return None
        column = next((c for c in columns if c.attr == attr), None)
        if column is None:
            column = _Column(attr)
            columns.append(column)
        pos = columns.index(column)
        flag = name in _FLAGS

        def code(v):
            if flag:
                return int(v) if isinstance(v, (bool, int)) else None
            return vocab.strings.add(v) if isinstance(v, str) else None

        if isinstance(value, dict):
            if not value or set(value) - {"IN", "NOT_IN", "REGEX"}:
                return None
            for op, vs in value.items():
                if op == "REGEX":
                    if flag or not isinstance(vs, str):
                        return None
                    column.regexes.append(re.compile(vs))
                    parts.append((pos, op, len(column.regexes) - 1))
                    continue
                codes = [code(v) for v in vs] if isinstance(vs, (list, tuple)) else [None]
                if any(c is None for c in codes):
                    return None
                column.named.update(codes)
                parts.append((pos, op, frozenset(codes)))
        else:
            c = code(value)
            if c is None:
                return None
            column.named.add(c)
            parts.append((pos, "EQ", c))
    def test(key: tuple, parts=tuple(parts)) -> bool:
        # A column with a regex has (value, the regexes' answers) in the key; the others the value.
        for pos, op, v in parts:
            x = key[pos]
            if op == "REGEX":
                if not x[1][v]:
                    return False
                continue
            if isinstance(x, tuple):
                x = x[0]
            if (op == "EQ" and x != v) or (op == "IN" and x not in v) or (op == "NOT_IN" and x in v):
                return False
        return True

    return test


class LemmaTable:
    """A rule-based Lemmatizer's lemmas, cached by what they depend on: the word, its part of
    speech and its morphology (spaCy's own cache key; English `is_base_form` reads no more). A
    word not seen before asks the stock component; the rest is two array copies a Doc. The first
    Doc goes through the stock component whole, which checks its tables."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        self.checked = False

    @classmethod
    def from_lemmatizer(cls, lemmatizer) -> LemmaTable | None:
        if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "lemmatize"):
            return None  # a lookup or trainable lemmatizer: its own cost, its own rules
        return cls(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if not self.checked:
            self.checked = True
            return self.lemmatizer(doc)
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array([A.ORTH, A.POS, A.MORPH, A.LEMMA]).tolist()
        overwrite = self.lemmatizer.overwrite
        cache = self.cache
        strings = doc.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            hit = cache.get(key)
            if hit is None:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                hit = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(hit)
        doc.from_array([A.LEMMA], _column(lemmas))
        return doc


def _column(values: list[int]) -> np.ndarray:
    return np.array(values, dtype="uint64").reshape(len(values), 1)


@Language.factory("saidwhat_rule_table")
def make_rule_table(nlp: Language, name: str):
    return _TableComponent()


class _TableComponent:
    """The pipeline slot a table fills (`use_tables` puts it where the stock component was)."""

    table: AttributeTable | LemmaTable | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.table is None:
            raise ValueError("this saidwhat table has no rules: it is filled from a stock component")
        return self.table(doc)


def use_tables(nlp: Language) -> list[str]:
    """Put tables in place of the pipeline's AttributeRuler and rule-based Lemmatizer where their
    rules allow; returns the names of the components replaced."""
    done = []
    for name, build in (("attribute_ruler", AttributeTable.from_ruler), ("lemmatizer", LemmaTable.from_lemmatizer)):
        if name not in nlp.pipe_names:
            continue
        table = build(nlp.get_pipe(name))
        if table is None:
            continue
        component = nlp.replace_pipe(name, "saidwhat_rule_table")
        component.table = table
        done.append(name)
    return done


__all__ = ["AttributeTable", "LemmaTable", "use_tables"]
