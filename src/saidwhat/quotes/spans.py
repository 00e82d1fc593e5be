"""Small helpers that turn token sets into clean character spans."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from .marks import inside_marks

# Trimmed from the edges of a content span: spaces, clause punctuation, dashes, and straight or
# curly quotation marks left at an edge after the cue was cut away.
EDGE = " \t\r\n,;:—–-\"“”‘’'«»"
# Kept at the end: the stop of a quoted sentence.
LEADING_WORDS = ("that ",)


# "Blinken said that was thanks to Turkey": a "that" a verb follows is the clause's subject, not
# the word that introduces it.
_PRONOUN_THAT = re.compile(r"that\s+(?:was|is|were|are|would|will|has|had|could|should|might|may|can|did|does|"
                           r"must|wasn't|isn't|won't|wouldn't|hasn't|hadn't)\b", re.I)


def token_span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def trim(text: str, start: int, end: int, *, drop_that: bool = True, edge: str = EDGE) -> tuple[int, int]:
    """Trim edge punctuation, whitespace and a leading complementiser "that"."""
    while True:
        before = (start, end)
        while start < end and text[start] in edge:
            start += 1
        while end > start and text[end - 1] in edge:
            end -= 1
        if drop_that and text[start:end].lower().startswith(LEADING_WORDS) and len(text[start + 5:end].split()) > 1 \
                and not _PRONOUN_THAT.match(text, start, end):
            start += 5  # "that the port will close"; not the determiner of "rejected that claim"
        if (start, end) == before:
            return start, end


def words_in(text: str) -> int:
    return len(text.split())


def clean_piece(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """A reported-content span without edge punctuation, a leading "that", or the sentence's
    final stop (kept when it sits inside quotation marks)."""
    start, end = trim(text, start, end)
    if end > start and text[end - 1] == "." and not inside_marks(end - 1, marks):
        start, end = trim(text, start, end - 1)
    # 'the talks had been "useful but hard",': a quotation the content ends on keeps its closing
    # mark, as it keeps its opening one. Only the last pair opening before the end can be it (a
    # binary search, as in `inside_marks`: a quote-dense text has thousands of pairs).
    k = bisect_left(marks, (end,)) - 1
    if k >= 0:
        ms, me = marks[k]  # (opening mark, closing mark) positions
        if start <= ms and end <= me < len(text) and not text[end:me].strip(EDGE + ".!?"):
            end = me + 1
    return start, end


# A writer's aside set off by a pair of dashes inside reported content: "the officer who shot him -
# a 20-year veteran, who is on leave - was not wearing a camera".
_ASIDE = re.compile(r"\s(?:--|-|–|—)\s[^\n]*?\s(?:--|-|–|—)\s")


def _around_asides(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The piece without the dash-enclosed asides inside it (outside quotation marks)."""
    out, at = [], start
    for m in _ASIDE.finditer(text, start, end):
        if inside_marks(m.start(), marks):
            continue
        out.append((at, m.start()))
        at = m.end()
    out.append((at, end))
    return out


# A one-word piece led by a word of these kinds joins the content to what came before ("Yet, as
# Vos observed, ..."; "If, he suggested, ..."): it is the writer's connective, not reported words.
CONNECTIVE_POS = frozenset({"CCONJ", "SCONJ", "ADV", "INTJ", "ADP", "PART"})


def content_pieces(text: str, pieces: list[tuple[int, int]], marks: list[tuple[int, int]], cue: int | None,
                   keep_word=lambda s, e: False, doc: Doc | None = None) -> list[tuple[int, int]]:
    """The cleaned pieces of a content that are worth reporting: two words or more, or one word
    that `keep_word` accepts. A one-word piece before the cue (at character `cue`) whose content
    goes on after it is the subject or relative word of a content the cue's clause interrupts
    ("African-Americans, he said, can ..."; "which the minister says is ...") and is kept, unless
    `doc` shows it is a connective ("Yet, as Vos observed, ...")."""
    cleaned = [(s, e) for s, e in (clean_piece(text, s, e, marks) for a, b in pieces
                                   for s, e in _around_asides(text, a, b, marks)) if e > s]
    if doc is not None and len(cleaned) > 1:
        cleaned = _join_across_particles(doc, sorted(cleaned), cue)
    n = [words_in(text[s:e]) for s, e in cleaned]
    goes_on = cue is not None and any(k >= 2 and s > cue for (s, _e), k in zip(cleaned, n))
    return [(s, e) for (s, e), k in zip(cleaned, n)
            if k >= 2 or (k == 1 and (keep_word(s, e) or (goes_on and e <= cue and not _connective(doc, s, e))))]


# What may stand between two pieces of one content that are one stretch of text: "offered [some
# advice] to [the mayor]", "charged [two developers] with [fraud]", "[plans to cut fares], [a
# promise she made in May]". The cue's own words and the writer's asides are never joined over.
GAP_POS = frozenset({"ADP", "CCONJ", "PART", "PUNCT"})
GAP_TOKENS = 3


def _join_across_particles(doc: Doc, pieces: list[tuple[int, int]], cue: int | None) -> list[tuple[int, int]]:
    out = [pieces[0]]
    for s, e in pieces[1:]:
        ps, pe = out[-1]
        gap = doc.char_span(pe, s, alignment_mode="contract") if s > pe else None
        between = [t for t in gap if not t.is_space] if gap is not None else []
        if gap is not None and (cue is None or not pe <= cue < s) and len(between) <= GAP_TOKENS and \
                all(t.pos_ in GAP_POS and t.text not in ".!?" and not t.is_quote and not t.is_sent_start for t in between):
            out[-1] = (ps, max(pe, e))
        else:
            out.append((s, e))
    return out


def _connective(doc: Doc | None, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    return span is not None and len(span) > 0 and span[0].pos_ in CONNECTIVE_POS
