"""Small helpers that turn token sets into clean character spans."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .marks import inside_marks

# Trimmed from the edges of a content span: spaces, clause punctuation, dashes, and straight or
# curly quotation marks left at an edge after the cue was cut away.
EDGE = " \t\r\n,;:—–-\"“”‘’'«»"
# Kept at the end: the stop of a quoted sentence.
LEADING_WORDS = ("that ",)


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
        if drop_that and text[start:end].lower().startswith(LEADING_WORDS):
            start += 5
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
    return start, end
