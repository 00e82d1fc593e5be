"""Find the spans that quotation marks enclose, at the character level.

Handles curly and straight double quotes, British single quotes (‘…’ and '…' told apart from
apostrophes), and quotes that run over several paragraphs by reopening each paragraph without
closing the one before (the typesetting convention of English newspapers). An opening mark that
is never closed is dropped rather than swallowing the rest of the text; nothing here raises.

Returns (open_index, close_index) pairs: the content is text[open + 1:close].
"""

from __future__ import annotations

import re
from bisect import bisect_left

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_SINGLE = "'"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[“\"‘'])")
_ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_SINGLE
_ANY_MARK = re.compile("[" + re.escape(_ALL_MARKS) + "]")


def paragraph_bounds(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraph spans in text[start:end]: split on blank lines, or on every line break when the
    region has no blank line (one paragraph a line, as in many plain-text dumps)."""
    end = len(text) if end is None else end
    region = text[start:end]
    splitter = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", region) else re.compile(r"\n")
    out = []
    pos = start
    for m in splitter.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def find_quote_marks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """All top-level quoted spans in text[start:end], double quotes first, then British singles
    that do not overlap them. Sorted by position."""
    end = len(text) if end is None else end
    paragraphs = paragraph_bounds(text, start, end)
    doubles = _scan(text, paragraphs, _double_role)
    singles = [
        sp for sp in _scan(text, paragraphs, _single_role)
        if not any(d[0] <= sp[0] <= d[1] or sp[0] <= d[0] <= sp[1] for d in doubles)
        and _looks_like_single_quote(text, sp)
    ]
    return sorted(doubles + singles)


def inside_marks(i: int, marks: list[tuple[int, int]]) -> bool:
    """Whether character `i` lies strictly between a pair of `marks` (sorted, non-overlapping, as
    `find_quote_marks` returns them): a binary search, not a scan, so a quote-dense document
    costs no more per character than a sparse one."""
    k = bisect_left(marks, (i,)) - 1  # the last pair that opens before i
    return k >= 0 and i < marks[k][1]


def _double_role(text: str, i: int, is_open: bool) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    # Curly marks typed the wrong way round (`”Mr. X is ...`, `... percent.“`) are read by
    # where they stand: before a word with nothing open, a mark opens; after one, it closes.
    if ch in DOUBLE_CLOSE and not is_open and (prev.isspace() or prev in "([{—–-:") and nxt.isalnum():
        return "open"
    if ch in DOUBLE_OPEN and is_open and not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}"):
        return "close"
    if ch in DOUBLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE:
        return "close"
    if ch == STRAIGHT_DOUBLE:
        # Straight marks alternate: the next one after an opener closes it.
        return "close" if is_open else "open"
    return None


def _single_role(text: str, i: int, is_open: bool) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in SINGLE_OPEN or ch == STRAIGHT_SINGLE or ch in SINGLE_CLOSE:
        if prev.isalnum() and nxt.isalnum():
            return None  # an apostrophe inside a word: don't, Lavrov's
        opener = (prev.isspace() or prev in "([{—–-:\"“") and (nxt.isalnum() or nxt in "“\"$£€")
        closer = (not prev.isspace()) and (nxt.isspace() or nxt in ".,;:!?)]}—–-\"”" or i + 1 >= len(text))
        if ch in SINGLE_OPEN:
            return "open" if opener or not is_open else None
        if is_open and closer:
            return "close"
        if not is_open and opener:
            return "open"
    return None


def _scan(text: str, paragraphs: list[tuple[int, int]], role) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_style = ""
    for p, (ps, pe) in enumerate(paragraphs):
        first_mark = True
        i = ps
        while i < pe:
            m = _ANY_MARK.search(text, i, pe)  # only marks change anything: go from one to the next
            if m is None:
                break
            i = m.start()
            ch = text[i]
            width = 1
            if ch == STRAIGHT_SINGLE and text[i + 1:i + 2] == STRAIGHT_SINGLE and role is _double_role:
                ch, width = STRAIGHT_DOUBLE, 2  # two apostrophes stand for a double quotation mark
            elif ch == STRAIGHT_SINGLE and role is _single_role and (
                    text[i + 1:i + 2] == STRAIGHT_SINGLE or text[i - 1:i] == STRAIGHT_SINGLE):
                i += 1
                continue  # part of a doubled apostrophe: not a single quotation mark
            if ch in _ALL_MARKS:
                leading = first_mark and not text[ps:i].strip()
                if width == 1:
                    r = role(text, i, open_at is not None)
                else:
                    r = "close" if open_at is not None and not leading else "open"
                if r is not None:
                    first_mark = False
                style = "''" if width == 2 else ("straight" if ch in STRAIGHT_DOUBLE + STRAIGHT_SINGLE else "curly")
                if r == "open" and open_at is None:
                    open_at = i + width - 1
                    open_style = style
                elif r == "open" and open_at is not None and leading and style == open_style:
                    pass  # reopening mark of a quote continued from the paragraph before
                elif r == "open" and open_at is not None:
                    open_at = i + width - 1  # an earlier opener was never closed: start again here
                    open_style = style
                elif r == "close" and open_at is not None:
                    if i > open_at + 1:
                        spans.append((open_at, i))
                    open_at = None
            i += width
        if open_at is not None:
            nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
            if not (nxt and _starts_with_opener(text, nxt, role, open_style)):
                open_at = None  # unclosed at the end of its paragraph and not continued: drop it
    return spans


def _starts_with_opener(text: str, para: tuple[int, int], role, style: str) -> bool:
    """Whether the paragraph opens with a mark of the same style as the unclosed quote."""
    s, e = para
    while s < e and text[s].isspace():
        s += 1
    if role is _double_role and text[s:s + 2] == "''":
        return style == "''"
    if s >= e or role(text, s, False) != "open":
        return False
    straight = text[s] in STRAIGHT_DOUBLE + STRAIGHT_SINGLE
    return style == ("straight" if straight else "curly")


def _looks_like_single_quote(text: str, span: tuple[int, int]) -> bool:
    inner = text[span[0] + 1:span[1]]
    # Apostrophes pair up across words ("the students' plan and the teachers' ...") and
    # make long false spans; real single-quoted spans rarely cross a sentence-ending stop mid-way
    # without being a full quotation.
    return bool(inner.strip()) and not inner[:1].isspace() and not inner[-1:].isspace()
