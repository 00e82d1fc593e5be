"""A text with its quotes highlighted, as escaped HTML: one function for the standalone page
(`output/html.py`) and the viewer (`viewer/render.py`).

Each quote becomes a <mark> carrying its type (the underline style), its speaker's colour key
(`data-c`, coloured by `palette.palette_css()`), the speaker's initials beside the colour, a hover
text with speaker, type and cue, and an anchor; uncivil spans outside quotes are marked too.
Every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from .palette import colour_key, initials


@dataclass(frozen=True, slots=True)
class Mark:
    """One quote piece to highlight."""

    start: int
    end: int
    type: str
    speaker_id: str | None  # None: unattributed
    name: str | None
    cue: str | None = None
    by_context: bool = False
    requote: bool = False
    anchor: str | None = None  # the element id, for links to the quote
    mention: str | None = None  # the speaker as written at the quote ("she", "the Velorian minister")
    resolved_by: str | None = None  # how that mention was resolved ("pronoun", "description", ...)


def highlight(text: str, start: int, end: int, marks: Iterable[Mark],
              uncivil: Iterable[tuple[int, int]] = ()) -> str:
    """text[start:end] as escaped HTML with the marks inside it (overlapping pieces: the first wins)."""
    flagged = sorted(uncivil)
    out: list[str] = []
    pos = start
    for m in sorted((m for m in marks if start <= m.start and m.end <= end), key=lambda m: m.start):
        if m.start < pos:
            continue
        out.append(_flagged(text, pos, m.start, flagged))
        out.append(_mark(text, m))
        pos = m.end
    out.append(_flagged(text, pos, end, flagged))
    return "".join(out)


def _mark(text: str, m: Mark) -> str:
    name = m.name if m.speaker_id else "unattributed"
    how = f" · as “{m.mention}”" if m.mention else ""
    how += f" ({m.resolved_by})" if m.resolved_by and m.speaker_id else ""
    hover = f"{name}{how} · {m.type}" + (f" · cue: {m.cue}" if m.cue else "") \
        + (" · by context" if m.by_context else "") + (" · re-quote" if m.requote else "")
    anchor = f"id='{escape(m.anchor)}' " if m.anchor else ""
    tag = escape(initials(name)) if m.speaker_id else "?"
    return (f"<mark {anchor}class='q {escape(m.type)}' data-c='{colour_key(m.speaker_id)}' "
            f"data-speaker='{escape(m.speaker_id or '')}' title='{escape(hover)}' tabindex='0'>"
            f"<span class='who' aria-label='{escape(name or '')}'>{tag}</span>{escape(text[m.start:m.end])}</mark>")


def _flagged(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Escaped text with the uncivil spans that fall inside it marked."""
    out, pos = [], start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark class='uncivil' title='uncivil'>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)
