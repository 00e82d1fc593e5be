"""Plain records: what the analyzer returns once spaCy is done.

After `analysis_from_doc` nothing holds spaCy objects, so results pickle cheaply between
processes and serialise to the `saidwhat/1` JSON schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "saidwhat/1"

SegmentKind = Literal["article", "comment"]
QuoteType = Literal["direct", "mixed", "indirect"]
Act = Literal["speech", "thought"]
AttributedBy = Literal["cue", "context"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document. `text` is exactly as read; every offset refers to it."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    # Where the body starts: a leading "date YYYY-MM-DD" header is not part of the body.
    body_start: int = 0
    # Comment sections found by the reader (e.g. HTML comments), as (start, end) offsets.
    comment_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    start: int
    end: int
    author: str | None = None
    reply_to: str | None = None
    # The author handle's own line, when the comment was signed on a line of its own.
    author_span: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    type: QuoteType
    act: Act
    speaker: SpeakerRef | None
    speaker_mention: TextSpan | None
    cue: TextSpan | None
    segment: int
    attributed_by: AttributedBy | None
    # Pieces of one quote split around its cue share a group id ("q3"); single pieces have their own.
    group: str = ""


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    kind: Literal["person", "organization", "group", "unknown"] = "person"


@dataclass(frozen=True, slots=True)
class Analysis:
    id: str
    text: str
    date: str | None
    segments: tuple[Segment, ...]
    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    title: str | None = None
    url: str | None = None

    def quotes_by(self, speaker_id: str) -> list[Quote]:
        return [q for q in self.quotes if q.speaker is not None and q.speaker.id == speaker_id]

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The `saidwhat/1` JSON object for this document."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "id": self.id,
            "date": self.date,
            "title": self.title,
            "url": self.url,
            "segments": [_segment_dict(s) for s in self.segments],
            "quotes": [_quote_dict(q) for q in self.quotes],
            "speakers": [
                {"id": s.id, "name": s.name, "aliases": list(s.aliases), "role": s.role, "kind": s.kind}
                for s in self.speakers
            ],
        }
        if include_text:
            out["text"] = self.text
        return out


def _segment_dict(s: Segment) -> dict[str, Any]:
    return {"kind": s.kind, "start": s.start, "end": s.end, "author": s.author, "reply_to": s.reply_to}


def _quote_dict(q: Quote) -> dict[str, Any]:
    d = asdict(q)
    d["speaker"] = None if q.speaker is None else {"id": q.speaker.id, "name": q.speaker.name}
    return d


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be analysed, with the reason a user can act on."""

    source: str
    reason: str
    line: int | None = None
    doc_id: str | None = None

    def message(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        # Name the document too when the source alone does not (a JSONL line, stdin).
        if self.doc_id is not None and self.doc_id not in (self.source, _stem(self.source)):
            where = f"{where} (document {self.doc_id})"
        return f"{where}: {self.reason}"


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


@dataclass(slots=True)
class BatchResult:
    analyses: list[Analysis] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
