"""Split a document into its article body and its reader comments.

The comment section starts at the first of: a heading or count line ("Comments", "45 of 161
comments (clear)"); an author line of a page layout ("Ross said...", "2. zzz says:", Slashdot's
"Title by handle · · Score", Reddit's "u/handle"); a handle alone on its line after the article
(with the unsigned reader's lines just above it); handles signing the comments above them to
the end of the page; an indented numbered list that runs to the end; or, with none of these, a
change of register after a hard break. The layouts are data (`lang/<lang>/comments.json`).

Inside the section, comments are split by the layout found: at author lines and list markers
(`_split_listed`), at author lines that close a comment (`_split_trailing`), at handles that sign
the paragraph above (`_split_signed_after`), or paragraph by paragraph with handles above and
voice breaks (`_split_paragraphs`). A comment indented under another, or opening by addressing a
commenter ("@maxi", "Maxi, ...", "Hi thomas,"), records `reply_to`.

Offsets are into the document text as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import load
from .records import Document, Segment, TextSpan

_LINE = re.compile(r"[^\n]*")
_LIST_MARKER = re.compile(r"^\s*\d{1,3}\.\s+")


@dataclass(frozen=True, slots=True)
class _Layout:
    """A language's comment-page furniture (`lang/<lang>/comments.json`)."""
    count_header: re.Pattern[str]
    section_lines: tuple[re.Pattern[str], ...]
    author_lines: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    share_lines: tuple[re.Pattern[str], ...]
    listed_author_lines: tuple[re.Pattern[str], ...]
    trailing_author_lines: tuple[re.Pattern[str], ...]
    headings: frozenset[str]  # "comments", "reader comments"
    person: re.Pattern[str]  # first and second person: a reader's voice
    informal: re.Pattern[str]  # "dont", "lol", "!!"
    attribution: re.Pattern[str]  # "said", "according to": the article's voice
    named_attribution: re.Pattern[str]  # "Varga added": a named person's words reported
    handle_line: re.Pattern[str]  # a handle alone on its line
    inline_handle: re.Pattern[str]  # "maxi: text", "maxi wrote: text" opening a paragraph
    voice_break: re.Pattern[str]  # where a new reader's voice takes over inside one paragraph
    vocative_start: re.Pattern[str]  # "Hi thomas,", "Frank - I think"
    greeting: re.Pattern[str]
    addressing: re.Pattern[str]  # "Really WW,": an opener that marks what follows as addressed
    address_followers: frozenset[str]  # "Frank, I think": the words after an addressed name
    pronouns: frozenset[str]
    not_a_name: frozenset[str]  # sentence openers that look like a name before a comma


@lru_cache(maxsize=None)
def _layout(lang: str) -> _Layout:
    d = load(lang, "comments")

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in d.get(key, ()))

    said = _alt(d["attribution_words"])
    stamp = (r"(?:\s*[\(\[]?\s*(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}[^)\]]*|\d+\s+\w+\s+"
             + re.escape(d["ago"]) + r")\s*[\)\]]?)?")
    greeting = _alt(d["greetings"])
    return _Layout(
        re.compile(d["count_header"]), patterns("section_lines"), patterns("author_lines"),
        patterns("furniture_lines"), patterns("share_lines"), patterns("listed_author_lines"),
        patterns("trailing_author_lines"), frozenset(h.lower() for h in d["headings"]),
        re.compile(d["reader_person"], re.I), re.compile(d["reader_informal"], re.I),
        re.compile(rf"\b{said}\b"), re.compile(rf"\b[A-Z][\w'’-]+\s+{said}\b"),
        handle_line=re.compile(r"^\s*(?P<at>@)?(?P<handle>[\w][\w.\-]{1,31}(?: [A-Z][\w\-.]{0,20})?)" + stamp +
                               rf"(?:\s+(?P<verb>{_alt(d['handle_line_verbs'])}))?\s*(?P<colon>:)?\s*$"),
        inline_handle=re.compile(rf"\s*@?(?P<handle>[\w][\w.\-]{{1,31}})(?:\s+{_alt(d['inline_handle_verbs'])})?\s*:\s+(?=\S)"),
        voice_break=re.compile(rf"(?<=[.!?\"”])\s+(?=@\w|(?P<name>[A-Z][\w\-]{{1,30}}),\s+{_alt(d['voice_break_words'])}\b"
                               rf"|[\w.\-]{{2,32}}\s+{_alt(d['voice_break_verbs'])}:\s)"
                               # "... anyway  karin_h: lol": a handle-shaped name (letters run together
                               # with an underscore or digits) and a colon open the next reader's words
                               r"|\s+(?=[A-Za-z][\w.\-]*[_\d][\w.\-]*:\s)"),
        vocative_start=re.compile(rf"^(?:{_alt([*d['greetings'], *d['addressing_openers'], *d['address_openers']])}\s+)?"
                                  r"(?P<name>[A-Za-z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*(?:,|\s[-–]\s)", re.I),
        greeting=re.compile(rf"^{greeting}\b", re.I),
        addressing=re.compile(_alt(d["addressing_openers"]), re.I),
        address_followers=frozenset(d["address_followers"]),
        pronouns=frozenset(d["pronouns"]),
        not_a_name=frozenset(d["not_a_name"]),
    )


def _alt(words) -> str:
    """A regex group matching any of `words`, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _author_line(line: str, lang: str) -> str | None:
    """The author a line names in one of the page layouts ("Prodigal Jon said...", "3. zzz says:",
    "Re:Title by handle · · Score: 3", "Anonymous8:49 PM", "u/handle Jul 10 '24"), else None."""
    marker = _LIST_MARKER.match(line)
    body = line[marker.end():].strip() if marker else line.strip()
    if not body or len(body) > 120:
        return None
    layout = _layout(lang)
    for pattern in layout.author_lines + (layout.listed_author_lines if marker else ()):
        m = pattern.match(body)
        if m:
            h = m.group("h").strip()
            return h if h and len(h.split()) <= 8 else None
    return None


def _furniture(line: str, lang: str) -> bool:
    """A page's furniture between comments: "Reply", "Report", a vote count, a lone score."""
    s = line.strip()
    return any(p.match(s) for p in _layout(lang).furniture)


# The longest stretch of text parsed as one spaCy Doc; a longer article or comment is cut into
# parts at paragraph breaks (`bounded`). spaCy's parser needs memory in proportion to a Doc's
# length, and a few attribution steps compare quotes within a Doc.
MAX_SEGMENT_CHARS = 50_000


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
        cut = next((ln for ln in lines if ln.start < section_start < ln.end), None)
        if cut is not None:  # the comments begin inside a line (a reader's words glued to the article's)
            section_lines.insert(0, _Line(section_start, cut.end, text[section_start:cut.end]))
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


_COUNT_AFTER = re.compile(r"\s*[(\[]?\d[\d,.]*\s*k?[)\]]?$")


def _is_header(line: str, lang: str) -> bool:
    s = line.strip().strip("-=*#_ ").rstrip(":").strip().lower()
    layout = _layout(lang)
    counted = _COUNT_AFTER.sub("", s).rstrip(": ")  # "Comments (3)", "Comments: 12", "Reader comments [40]"
    return counted in layout.headings or bool(layout.count_header.match(line.strip())) \
        or any(p.match(line.strip()) for p in layout.section_lines)


def _handle_of(line: str, lang: str, *, strong_only: bool, lone_word: bool = False) -> str | None:
    """The handle if `line` is a commenter's handle alone on its line, else None.
    `lone_word`: inside a comment section, one lower-case word alone on its line ("nightowl")
    is a handle too."""
    layout = _layout(lang)
    m = layout.handle_line.match(line)
    if not m:
        return None
    handle = m.group("handle").rstrip(".-")
    if not handle:
        return None
    first = handle.split()[0].lower()
    if first in layout.not_a_name or handle.lower() in layout.headings or first in layout.pronouns:
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
    words: set[str] = set()  # the capitalised words of the text so far ("Hewitt")
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        if seen_text and _is_header(ln.text, lang):
            return ln.start, (lines[i + 1].start if i + 1 < len(lines) else ln.end)
        if seen_text and ln.text[:1].isspace() and _LIST_MARKER.match(ln.text) and ln.text.lstrip().startswith("1.") \
                and _tail_list(lines, i):
            # "  1. That should certainly be labeled ...", "  2. ...": a numbered list that runs to
            # the end of the page, after the article, is its comments
            return ln.start, ln.start
        if seen_text and _author_line(ln.text, lang) and _next_text(lines, i) is not None and _ends_block(lines, i):
            # "Prodigal Jon said...", "1. JJ says:": a page's author line opens the comments
            return ln.start, ln.start
        handle = _handle_of(ln.text, lang, strong_only=True) if seen_text else None
        if handle and _written_about(handle, words):
            handle = None  # "Hewitt writes:" before a quotation: the article's Hugh Hewitt, not a reader
        if handle and _signs_before(lines, i, lang):
            # "@IAmTheJody." under each comment, to the end of the page: each handle signs the
            # paragraph above it, so the comments start at the first one
            start = _paragraph_start(lines, i)
            return start, start
        if handle and _next_text(lines, i) is not None and (_ends_block(lines, i) or _machine_made(handle)):
            # A scraped page runs the last paragraph straight into the comments ("... nothing will
            # change.. seriously" / "river_watch-88"): a handle no writer would type as a word
            # starts the comments even when the line before it did not end a sentence.
            start = _readers_before(lines, i, lang)
            return start, start
        seen_text = True
        words.update(_CAPITALISED.findall(ln.text))
    start = _register_change(lines, lang)
    if start is None:
        start = _glued_tail(lines, lang)
    return (start, start) if start is not None else (None, None)


def _glued_tail(lines: list[_Line], lang: str) -> int | None:
    """"... on March 3. my kids get up at 5:45 its insane. Okafor said it costs 2 million??": a
    page with no heading, no handle and no break, whose last paragraph runs on into a reader's
    words. The comments start at a sentence of that paragraph that opens in lower case and reads
    like a reader's (`_readerly_score` >= 3) after sentences that do not: no writer starts a
    sentence in lower case, and the article keeps everything before it."""
    block: list[_Line] = []
    for ln in reversed(lines):
        if ln.blank:
            if block:
                break
            continue
        block.insert(0, ln)
    for ln in block:
        for m in _SENTENCE_END.finditer(ln.text):
            before, rest = ln.text[:m.end()], ln.text[m.end():].lstrip()
            if _ABBREVIATION_END.search(before) or before.count('"') % 2 or before.count("“") > before.count("”"):
                continue  # "stadiums, etc. and spend it", or inside a quotation still open
            if rest[:1].islower() and _readerly_score(_first_sentence(rest), lang) >= 3 \
                    and _readerly_score(before, lang) < 3:
                return ln.start + len(ln.text) - len(rest)
    return None


_ABBREVIATION_END = re.compile(r"\b(?:etc|e\.g|i\.e|vs|approx|incl|cf)\.$", re.I)


def _readerly_score(text: str, lang: str) -> int:
    """How much a line reads like a reader's comment: first or second person, a lower-case start,
    questions and exclamations, informal spelling; an attribution to a named person ("Varga
    added that ...") reads like the article."""
    t = text.strip()
    layout = _layout(lang)
    score = 2 * bool(layout.person.search(t)) + bool(t[:1].islower()) + bool("?" in t or "!" in t) + \
        bool(layout.informal.search(t))
    return score - 3 * bool(layout.named_attribution.search(t))


def _readers_before(lines: list[_Line], i: int, lang: str) -> int:
    """Where the comments really start when they were found at line i (a handle or author line):
    the unsigned comment a reader wrote right under the article, before the first signed one
    ("... in June.\ni dont buy any of it, why do we even bother?\ngravel-77\n..."), goes with them.
    Lines of the handle's own block (no blank line between) are taken back while they read like
    a reader's (`_readerly_score` >= 3); at least one line of the text stays in the article."""
    start = lines[i].start
    filled = []  # the lines of the handle's own block: a blank line ends the search
    for j in range(i - 1, -1, -1):
        if lines[j].blank:
            break
        filled.insert(0, j)
    k = len(filled)
    while k > 0 and filled[k - 1] > 0 and _readerly_score(_first_sentence(lines[filled[k - 1]].text), lang) >= 3:
        k -= 1
    if k < len(filled):
        return lines[filled[k]].start
    if filled:
        # "... the ministry said.I think this is all talk.. seriously": the article's last sentence
        # with a reader's words glued on; the comment starts where the reader's do: at the first
        # sentence that reads like a reader's itself, as a whole line must (a reader's "lol" at
        # the end does not make the official's sentences before it a reader's)
        ln = lines[filled[-1]]
        for m in _SENTENCE_END.finditer(ln.text):
            rest = ln.text[m.end():]
            if rest.strip() and _readerly_score(_first_sentence(rest), lang) >= 3 \
                    and _readerly_score(ln.text[:m.end()], lang) < 3:
                return ln.start + m.end() + (len(rest) - len(rest.lstrip()))
    return start


_SENTENCE_END = re.compile(r"[.!?]+(?=[A-Za-z\s])")


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text.strip())
    return text.strip()[:m.end()] if m else text


def _register_change(lines: list[_Line], lang: str) -> int | None:
    """Where a page with no heading and no handles turns from its article to its readers: after
    a hard break (two blank lines, or the page's share links), every remaining paragraph speaks in
    the first or second person without attributing anything, and the paragraph before does not.
    Returns the first reader paragraph's start, or None."""
    blocks: list[tuple[int, str, int]] = []  # (start, text, blank lines before it)
    blank, pending, cur_start, cur = 0, 0, None, []
    for ln in lines:
        if ln.blank:
            if cur:
                blocks.append((cur_start, "\n".join(cur), pending))
                cur, cur_start = [], None
            blank += 1
            continue
        if not cur:
            cur_start, pending, blank = ln.start, blank, 0
        cur.append(ln.text)
    if cur:
        blocks.append((cur_start, "\n".join(cur), pending))
    layout = _layout(lang)

    def readerly(text: str) -> bool:
        return bool(layout.person.search(text)) and not layout.attribution.search(text) and len(text.split()) >= 6

    for k in range(1, len(blocks)):
        start, text, gap = blocks[k]
        before = blocks[k - 1][1]
        share_block = any(p.match(line.strip()) for line in before.splitlines()[-2:] for p in layout.share_lines)
        if not (gap >= 2 or share_block):
            continue
        if readerly(before) and not share_block:
            continue
        if all(readerly(t) for _, t, _ in blocks[k:]):
            return start
    return None


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
# A layout that must hold to the end of the text (comments signed after, a numbered list) is
# looked for only this close to the end: a comment section is short, and each look reads the rest.
LAYOUT_SCAN_LINES = 4000


def _written_about(handle: str, words: set[str]) -> bool:
    """Whether a handle is a name the text used before as a word ("Hugh Hewitt ... Hewitt
    writes:"): a person written about, not a commenter. Handles made by machines ("maxi_88")
    and "@" handles are never words of the text."""
    word = handle.lstrip("@").split()[0]
    if handle.startswith("@") or _machine_made(word) or not word[:1].isupper():
        return False
    return word in words


def _signs_before(lines: list[_Line], i: int, lang: str) -> bool:
    """Whether the handle lines from line i on sign the comments above them: the page ends with
    a handle line, and handles and text paragraphs alternate."""
    if len(lines) - i > LAYOUT_SCAN_LINES:
        return False
    return _signed_layout([ln for ln in lines[i:] if not ln.blank], lang, first_signed=True) is not None


def _signed_layout(filled: list[_Line], lang: str, *, first_signed: bool) -> list[_Line] | None:
    """The lines of a section where a comment and the handle that signs it alternate to the end
    (a short closing line of the page's allowed), or None. `first_signed`: it opens with a
    handle (seen from the first one) rather than with a comment."""
    trimmed = _signed_tail(filled, lang)
    if len(trimmed) < 2:
        return None
    expect = first_signed
    for ln in trimmed:  # stops at the first line out of turn: the check costs what it reads
        if _is_signature(ln, lang) != expect:
            return None
        expect = not expect
    return trimmed if not expect else None  # it ends on a signature


def _is_signature(ln: _Line, lang: str) -> bool:
    return _handle_of(ln.text, lang, strong_only=True) is not None and len(ln.text.split()) <= 3


def _signed_tail(filled: list[_Line], lang: str) -> list[_Line]:
    """The lines up to the last signature, when one short line of the page's follows it ("Follow
    @USATOpinion or #tellusatoday.": it points at accounts or tags). A line of words after the
    last handle is a comment that handle signs from above, and the layout is not this one."""
    if len(filled) > 1 and not _is_signature(filled[-1], lang) and _is_signature(filled[-2], lang):
        last = filled[-1].text
        if len(last.split()) <= 16 and (_furniture(last, lang) or re.search(r"(?:^|\s)[@#]\w", last)):
            return filled[:-1]
    return filled


def _paragraph_start(lines: list[_Line], i: int) -> int:
    """The start of the paragraph just above line i (the block before the blank lines above it)."""
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    while j > 0 and not lines[j - 1].blank:
        j -= 1
    return lines[max(j, 0)].start


def _tail_list(lines: list[_Line], i: int) -> bool:
    """Whether the numbered list opening at line i ("1. ...") has a second item and holds every
    line to the end of the text: each later line is a list item or indented under one."""
    items = 1
    if len(lines) - i > LAYOUT_SCAN_LINES:
        return False  # a comment list runs to the end of a page, not through a book
    for ln in lines[i + 1:]:
        if ln.blank:
            continue
        if _LIST_MARKER.match(ln.text):
            items += 1
        elif not ln.text[:1].isspace():
            return False
    return items >= 2


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
    filled = [ln for ln in lines if not ln.blank]
    trailing = _layout(lang).trailing_author_lines
    if any(p.match(ln.text) for ln in filled for p in trailing):
        return _split_trailing(text, filled, lang)
    if any(_author_line(ln.text, lang) or _LIST_MARKER.match(ln.text) for ln in filled):
        return _split_listed(text, filled, lang)
    signed = _signed_layout(filled, lang, first_signed=False)
    if signed is not None:
        return _split_signed_after(text, signed, lang)
    return _split_paragraphs(text, lines, lang)


def _split_listed(text: str, lines: list[_Line], lang: str) -> list[Segment]:
    """A comment section laid out by the page: each comment opens at an author line ("Ross
    said...", "2. zzz says:", "Title by handle · · Score: 3") or a list marker ("3. ...") and runs,
    across its paragraphs, to the next one; "Reply"/score lines and "--" signatures are left out."""
    comments: list[Segment] = []
    authors = _Authors()
    author: str | None = None
    author_span: TextSpan | None = None
    body: list[tuple[int, int]] = []
    in_sig = False
    indent = 0
    # (indentation, author) of the comments above: one indented deeper answers the last one above
    # it (Slashdot's "Re:", a threaded list)
    thread: list[tuple[int, str | None]] = []

    def flush() -> None:
        if body:
            start = _lstrip_at(text, body[0][0], body[0][1])
            end = _rstrip_at(text, body[-1][1], start)
            if end > start:
                while thread and thread[-1][0] >= indent:
                    thread.pop()
                parent = thread[-1][1] if thread else None
                reply = _reply_to(text[start:end], authors, _layout(lang)) or parent
                comments.append(Segment(kind="comment", start=start, end=end, author=author,
                                        reply_to=reply, author_span=author_span))
                thread.append((indent, author))
        body.clear()

    for ln in lines:
        marker = _LIST_MARKER.match(ln.text)
        named = _author_line(ln.text, lang)
        if named is None and marker:
            # "1. TheRealJane": a handle alone after the list marker
            rest = ln.text[marker.end():]
            lone = _handle_of(rest, lang, strong_only=False, lone_word=True)
            named = lone if lone is not None and len(rest.split()) <= 3 else None
        if named is not None:
            flush()
            author, author_span, in_sig = named, TextSpan(ln.start, ln.end, ln.text), False
            indent = len(ln.text) - len(ln.text.lstrip())
            authors.add(named)
            continue
        if _furniture(ln.text, lang) or _is_header(ln.text, lang):
            continue
        if ln.text.strip() in ("--", "-- "):
            in_sig = True
            continue
        if marker:
            flush()
            author, author_span, in_sig = None, None, False
            indent = len(ln.text) - len(ln.text.lstrip())
            body.append((ln.start + marker.end(), ln.end))
            continue
        if in_sig:
            continue
        body.append((ln.start, ln.end))
        if author_span is not None and len(body) == 1 and author is None:
            author_span = None
    flush()
    return comments


def _split_paragraphs(text: str, lines: list[_Line], lang: str) -> list[Segment]:
    comments: list[Segment] = []
    pending_author: str | None = None
    pending_span: TextSpan | None = None
    authors = _Authors()
    layout = _layout(lang)
    for ln in lines:
        if ln.blank or _furniture(ln.text, lang):
            continue  # "Reply", "Report", "2 hours ago": the page's, not the reader's
        handle = _handle_of(ln.text, lang, strong_only=False, lone_word=True)
        if handle is not None and len(ln.text.split()) <= 4:
            pending_author = handle
            pending_span = TextSpan(ln.start, ln.end, ln.text)
            authors.add(handle)
            continue
        start, end = _lstrip_at(text, ln.start, ln.end), _rstrip_at(text, ln.end, ln.start)
        author = pending_author
        m = layout.inline_handle.match(text, start, end) if author is None else None
        if m and m.group("handle").split()[0].lower() not in layout.not_a_name:
            author = m.group("handle")
            authors.add(author)
            start = m.end()
        elif author is None and (g := _GLUED_HANDLE.match(text, start, end)):
            # "Per_Olsen Falk is right ...": a handle no one writes as a word (letters joined by an
            # underscore), glued to the comment it signs ("@maxi_88 agreed" addresses maxi_88)
            author = g.group("handle")
            authors.add(author)
            start = g.end()
        for k, (s, e) in enumerate(_voice_pieces(text, start, end, layout)):
            piece_author = author if k == 0 else None
            mi = layout.inline_handle.match(text, s, e) if k > 0 else None
            if mi:
                piece_author = mi.group("handle")
                authors.add(piece_author)
                s = mi.end()
            comments.append(Segment(kind="comment", start=s, end=e, author=piece_author,
                                    reply_to=_reply_to(text[s:e], authors, layout),
                                    author_span=pending_span if k == 0 else None))
        pending_author, pending_span = None, None
    return comments


_GLUED_HANDLE = re.compile(r"(?P<handle>[A-Za-z][A-Za-z0-9.\-]*_[A-Za-z0-9_.\-]*[A-Za-z0-9])\s+(?=\S)")


def _split_trailing(text: str, lines: list[_Line], lang: str) -> list[Segment]:
    """Comments each closed by a line naming their author ("Comment by Anne 10.25.24 @ 11:31 pm"),
    whose rest may already be the next comment's first words."""
    patterns = _layout(lang).trailing_author_lines
    comments: list[Segment] = []
    body: list[tuple[int, int]] = []

    def close(author: str | None, span: TextSpan | None) -> None:
        if body:
            start = _lstrip_at(text, body[0][0], body[-1][1])
            end = _rstrip_at(text, body[-1][1], start)
            if end > start:
                comments.append(Segment(kind="comment", start=start, end=end, author=author, author_span=span))
        body.clear()

    for ln in lines:
        if _is_header(ln.text, lang) or _furniture(ln.text, lang):
            continue
        m = next((m for p in patterns if (m := p.match(ln.text))), None)
        if m is None:
            body.append((ln.start, ln.end))
            continue
        close(m.group("h").strip(), TextSpan(ln.start, ln.start + m.end(), ln.text[:m.end()]))
        if ln.text[m.end():].strip():
            body.append((ln.start + m.end(), ln.end))
    close(None, None)
    return comments


def _split_signed_after(text: str, lines: list[_Line], lang: str) -> list[Segment]:
    """Comments each followed by the handle that signs it ("Kasich has the experience.\n\n@antnyj.")."""
    comments: list[Segment] = []
    body: list[_Line] = []
    for ln in lines:
        handle = _handle_of(ln.text, lang, strong_only=True)
        if handle is not None and _is_signature(ln, lang):
            if body:
                start = _lstrip_at(text, body[0].start, body[0].end)
                end = _rstrip_at(text, body[-1].end, start)
                comments.append(Segment(kind="comment", start=start, end=end, author=handle.rstrip("."),
                                        author_span=TextSpan(ln.start, ln.end, ln.text)))
            body = []
            continue
        if not _furniture(ln.text, lang):
            body.append(ln)
    return comments


def _voice_pieces(text: str, start: int, end: int, layout: _Layout) -> list[tuple[int, int]]:
    cuts = [start]
    for m in layout.voice_break.finditer(text, start, end):
        name = m.group("name")
        if name and name.lower() in layout.not_a_name:
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


class _Authors:
    """The commenters seen so far in a section, indexed so that finding whom a comment addresses
    costs the same however many there are: by handle, by each word of it ("Christopher" for "Dr.
    Christopher Wood") and by initials ("WW" for "Winchester whisperer")."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        self.by_word: dict[str, str] = {}
        self.by_initials: dict[str, str] = {}
        self.firsts: set[str] = set()  # first words of handles ("maren" for "Maren Holt")

    def add(self, name: str) -> None:
        low = name.lower()
        self.by_key.setdefault(low, name)
        self.firsts.add(low.split()[0])
        words = re.findall(r"\w+", low)
        for w in words:
            self.by_word.setdefault(w, name)
        if len(words) > 1:
            self.by_initials.setdefault("".join(w[0] for w in words), name)

    def __contains__(self, low: str) -> bool:
        return low in self.by_key

    def meant(self, name: str) -> str | None:
        """The commenter a name addressed means: one with that word in the handle, or those initials."""
        low = name.lower()
        if low in self.by_word:
            return self.by_word[low]
        return self.by_initials.get(low) if name.isupper() and len(name) > 1 else None


# "Tomas R., the heating ...", "Maren - it is ...", "river_watch-88: ...": a name then a separator.
_ADDRESSED = re.compile(r"^(?P<name>[^\n,:]{1,60}?)\s*(?:,|:|\s[-–]\s|[-–]\s)")


def _reply_to(comment: str, authors: _Authors, layout: _Layout) -> str | None:
    m = _ADDRESSED.match(comment)
    if m:
        low = m.group("name").strip().lower()
        if low in authors or low in authors.firsts:
            return comment[:len(m.group("name").strip())]
    m = _ADDRESS.match(comment)
    if not m:
        return _vocative(comment, authors, layout)
    if m.group("at"):
        return m.group("at")
    name = m.group("name")
    if name.lower() in layout.not_a_name:
        return None
    rest = m.group("rest").lower().strip(",.")
    if name.lower() in authors or rest in layout.address_followers:
        return name
    return _vocative(comment, authors, layout)


# A name addressed at the start of a comment ("Hi thomas,", "Frank - I think", "Really WW,") or
# at the end of its first sentence ("Thanks for sharing, Cheryl!", "..., Jay?").
_VOCATIVE_END = re.compile(r"^[^.!?\n]{0,120},\s+(?P<name>[A-Z][a-z]+)[!?.]")


def _vocative(comment: str, authors: _Authors, layout: _Layout) -> str | None:
    """A name addressed at the start of a comment ("Hi thomas,", "Frank - I think", "Really WW,") or
    at the end of its first sentence ("Thanks for sharing, Cheryl!", "..., Jay?")."""
    m = layout.vocative_start.match(comment)
    name = None
    if m and (layout.greeting.match(comment) or " - " in comment[:m.end() + 1] or " – " in comment[:m.end() + 1]
              or layout.addressing.match(comment) or m.group("name").isupper()):
        name = m.group("name")
    if name is None:
        m = _VOCATIVE_END.match(comment)
        name = m.group("name") if m else None
    if name is None or name.split()[0].lower() in layout.not_a_name or name.lower() in layout.pronouns:
        return None
    return authors.meant(name) or name


def _rstrip_at(text: str, end: int, floor: int) -> int:
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip_at(text: str, start: int, ceiling: int) -> int:
    while start < ceiling and text[start].isspace():
        start += 1
    return start
