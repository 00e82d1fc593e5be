"""Split a document into its article body and its reader comments.

The comment section starts at a header line ("Comments", "12 comments", "Reader comments:") or,
failing that, at the first line that is clearly a commenter's handle (`@maxi`, `maxi_88`,
`maxi wrote:`) after the article has begun. Inside it, each paragraph is a comment; a handle on
its own line names the author of the comment below it; a paragraph where several people speak
in turn ("... as usual. Maxi, I would like ...") is split where the voice changes. A comment that
opens by addressing someone ("@maxi", "Maxi, ...") records `reply_to`.

Offsets are into the document text as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import load
from .records import Document, Segment, TextSpan



@lru_cache(maxsize=None)
def _headers(lang: str) -> frozenset[str]:
    """The comment-section headings of a language ("comments", "reader comments")."""
    return frozenset(h.lower() for h in load(lang, "people")["comment_headers"])

_LINE = re.compile(r"[^\n]*")
_COUNT_HEADER = re.compile(r"^\(?\d+\)?\s+(?:reader\s+)?(?:comments?|responses?|replies|reactions?)\s*:?$", re.I)
# A handle alone on its line: "@maxi", "maxi_88", "Maxi wrote:", "John Smith said:", "maxi (12:04)".
_STAMP = r"(?:\s*[\(\[]?\s*(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}[^)\]]*|\d+\s+\w+\s+ago)\s*[\)\]]?)?"
_HANDLE_LINE = re.compile(
    r"^\s*(?P<at>@)?(?P<handle>[\w][\w.\-]{1,31}(?: [A-Z][\w\-]{1,20})?)" + _STAMP +
    r"(?:\s+(?P<verb>wrote|writes|commented|replied|posted))?\s*(?P<colon>:)?\s*$"
)
# "maxi: text" or "maxi wrote: text" opening a paragraph.
_INLINE_HANDLE = re.compile(r"\s*@?(?P<handle>[\w][\w.\-]{1,31})(?:\s+(?:wrote|writes|says|said|commented))?\s*:\s+(?=\S)")
# A sentence start where a new voice takes over inside one paragraph.
_VOICE_BREAK = re.compile(
    r"(?<=[.!?\"”])\s+(?=@\w|(?P<name>[A-Z][\w\-]{1,30}),\s+(?:I|I'm|I've|you|your|you're|we|please|with all)\b"
    r"|[\w.\-]{2,32}\s+(?:wrote|says):\s)"
)
# The longest stretch of text parsed as one spaCy Doc; a longer article or comment is cut into
# parts at paragraph breaks (`bounded`). spaCy's parser needs memory in proportion to a Doc's
# length, and a few attribution steps compare quotes within a Doc.
MAX_SEGMENT_CHARS = 50_000
_PRONOUNS = {"he", "she", "they", "we", "i", "you", "it", "who"}
_NOT_A_NAME = {
    "yes", "no", "well", "so", "but", "and", "however", "also", "sadly", "frankly", "honestly", "again",
    "now", "then", "still", "indeed", "sorry", "thanks", "thank", "ok", "okay", "oh", "hey", "wow", "look",
    "listen", "sure", "true", "right", "first", "second", "finally", "today", "yesterday", "here", "there",
    "meanwhile", "moreover", "besides", "otherwise", "anyway", "instead", "perhaps", "maybe", "clearly",
    "obviously", "seriously", "personally", "in", "as", "if", "when", "for", "lol", "please", "what", "why",
}


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_segments(doc: Document, *, max_chars: int = MAX_SEGMENT_CHARS, lang: str = "en") -> list[Segment]:
    """Return the article segment first, then one segment per comment, in text order; any of
    them longer than `max_chars` is cut into parts (`bounded`)."""
    text = doc.text
    lines = _lines(text, doc.body_start)
    if doc.comment_spans:
        section_start = min(s for s, _ in doc.comment_spans)
        header_at = section_start
    else:
        header_at, section_start = _find_comment_section(lines, lang)
    segments: list[Segment] = []
    art_end = _rstrip_at(text, header_at if header_at is not None else len(text), doc.body_start)
    art_start = _lstrip_at(text, doc.body_start, art_end)
    if art_end > art_start:
        segments.append(Segment(kind="article", start=art_start, end=art_end))
    if section_start is not None:
        section_lines = [ln for ln in lines if ln.start >= section_start]
        segments.extend(_split_comments(text, section_lines, lang))
    if not segments:
        segments.append(Segment(kind="article", start=doc.body_start, end=len(text)))
    return [part for seg in segments for part in bounded(text, seg, max_chars)]


def bounded(text: str, seg: Segment, limit: int = MAX_SEGMENT_CHARS) -> list[Segment]:
    """`seg` cut into parts of at most `limit` characters, so that the parser's memory and the
    attribution stages' cost stay bounded however long a document is. Parts end at the last
    paragraph break in the second half of the window, else at a line break, a sentence end, a
    space, or (for a run of `limit` characters with none of these) at the limit. The first part
    keeps the segment's author line and reply; every part of a comment keeps its author."""
    if seg.end - seg.start <= limit:
        return [seg]
    parts: list[Segment] = []
    start = seg.start
    while start < seg.end:
        stop = seg.end if seg.end - start <= limit else _cut(text, start, start + limit)
        end = _rstrip_at(text, stop, start)
        if end > start:
            first = not parts
            parts.append(Segment(kind=seg.kind, start=start, end=end, author=seg.author,
                                 reply_to=seg.reply_to if first else None,
                                 author_span=seg.author_span if first else None))
        start = _lstrip_at(text, stop, seg.end)
    return parts


_CUTS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"”’)]?\s"), re.compile(r"\s"))


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a part that starts at `start` and may run to `end` at most."""
    lo = start + (end - start) // 2
    for pattern in _CUTS:
        last = None
        for last in pattern.finditer(text, lo, end):
            pass
        if last is not None:
            return last.end()
    return end


def _lines(text: str, start: int) -> list[_Line]:
    out = []
    pos = start
    for m in _LINE.finditer(text, start):
        if m.start() < pos:  # finditer yields an empty match after each line; skip those
            continue
        out.append(_Line(m.start(), m.end(), m.group()))
        pos = m.end() + 1
        if pos > len(text):
            break
    return out


def _is_header(line: str, lang: str) -> bool:
    s = line.strip().strip("-=*#_ ").rstrip(":").strip().lower()
    return s in _headers(lang) or bool(_COUNT_HEADER.match(line.strip()))


def _handle_of(line: str, lang: str, *, strong_only: bool, lone_word: bool = False) -> str | None:
    """The handle if `line` is a commenter's handle alone on its line, else None.
    `lone_word`: inside a comment section, one lower-case word alone on its line ("nightowl")
    is a handle too."""
    m = _HANDLE_LINE.match(line)
    if not m:
        return None
    handle = m.group("handle").rstrip(".-")
    if not handle:
        return None
    first = handle.split()[0].lower()
    if first in _NOT_A_NAME or handle.lower() in _headers(lang) or first in _PRONOUNS:
        return None
    if not re.search(r"[A-Za-z]", handle) or re.fullmatch(r"[\d.:apm ]+", handle.lower()):
        return None  # "___", "6:05 p.m.": rules and times, not people
    # Strong signs of a handle: "@", "wrote:", or letters mixed with digits or underscores.
    strong = bool(m.group("at") or m.group("verb") or re.search(r"[A-Za-z][\w.\-]*[_\d]|[_\d][\w.\-]*[A-Za-z]", handle))
    if strong_only and not strong:
        return None
    if not strong and not (m.group("colon") or handle[:1].isupper() or lone_word and " " not in handle):
        return None
    return handle


def _find_comment_section(lines: list[_Line], lang: str) -> tuple[int | None, int | None]:
    """(where the article ends, where the comments begin), or (None, None) without comments."""
    seen_text = False
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        if seen_text and _is_header(ln.text, lang):
            return ln.start, (lines[i + 1].start if i + 1 < len(lines) else ln.end)
        handle = _handle_of(ln.text, lang, strong_only=True) if seen_text else None
        if handle and _next_text(lines, i) is not None and (_ends_block(lines, i) or _machine_made(handle)):
            # A scraped page runs the last paragraph straight into the comments ("... nothing will
            # change.. seriously" / "river_watch-88"): a handle no writer would type as a word
            # starts the comments even when the line before it did not end a sentence.
            return ln.start, ln.start
        seen_text = True
    return None, None


def _machine_made(handle: str) -> bool:
    """A handle made of letters run together with digits or underscores ("river_watch-88", "maxi_88")."""
    return bool(re.search(r"[A-Za-z]", handle)) and bool(re.search(r"[_\d]", handle)) and " " not in handle


def _ends_block(lines: list[_Line], i: int) -> bool:
    """Whether line i starts a new block: a blank line or a finished sentence comes before it."""
    if i == 0:
        return True
    ln = lines[i - 1]
    return ln.blank or ln.text.rstrip()[-1:] in ".!?\"”’)"


def _next_text(lines: list[_Line], i: int) -> _Line | None:
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return lines[j]
    return None


def _split_comments(text: str, lines: list[_Line], lang: str) -> list[Segment]:
    comments: list[Segment] = []
    pending_author: str | None = None
    pending_span: TextSpan | None = None
    authors: set[str] = set()
    for ln in lines:
        if ln.blank:
            continue
        handle = _handle_of(ln.text, lang, strong_only=False, lone_word=True)
        if handle is not None and len(ln.text.split()) <= 4:
            pending_author = handle
            pending_span = TextSpan(ln.start, ln.end, ln.text)
            authors.add(handle.lower())
            continue
        start, end = _lstrip_at(text, ln.start, ln.end), _rstrip_at(text, ln.end, ln.start)
        author = pending_author
        m = _INLINE_HANDLE.match(text, start, end) if author is None else None
        if m and m.group("handle").split()[0].lower() not in _NOT_A_NAME:
            author = m.group("handle")
            authors.add(author.lower())
            start = m.end()
        for k, (s, e) in enumerate(_voice_pieces(text, start, end)):
            piece_author = author if k == 0 else None
            mi = _INLINE_HANDLE.match(text, s, e) if k > 0 else None
            if mi:
                piece_author = mi.group("handle")
                authors.add(piece_author.lower())
                s = mi.end()
            comments.append(Segment(kind="comment", start=s, end=e, author=piece_author,
                                    reply_to=_reply_to(text[s:e], authors),
                                    author_span=pending_span if k == 0 else None))
        pending_author, pending_span = None, None
    return comments


def _voice_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for m in _VOICE_BREAK.finditer(text, start, end):
        name = m.group("name")
        if name and name.lower() in _NOT_A_NAME:
            continue
        cuts.append(m.end())
    cuts.append(end)
    pieces = []
    for s, e in zip(cuts, cuts[1:]):
        e = _rstrip_at(text, e, s)
        if e > s:
            pieces.append((s, e))
    return pieces


_ADDRESS = re.compile(r"^\s*(?:@(?P<at>[\w.\-]+)|(?P<name>[A-Z][\w\-]{1,30}|[\w.\-]*[_\d][\w.\-]*),\s+(?P<rest>\S+))")


def _reply_to(comment: str, authors: set[str]) -> str | None:
    m = _ADDRESS.match(comment)
    if not m:
        return None
    if m.group("at"):
        return m.group("at")
    name = m.group("name")
    if name.lower() in _NOT_A_NAME:
        return None
    rest = m.group("rest").lower().strip(",.")
    if name.lower() in authors or rest in {"i", "i'm", "i've", "you", "your", "you're", "we", "please", "with", "thanks", "thank", "sorry"}:
        return name
    return None


def _rstrip_at(text: str, end: int, floor: int) -> int:
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip_at(text: str, start: int, ceiling: int) -> int:
    while start < ceiling and text[start].isspace():
        start += 1
    return start
