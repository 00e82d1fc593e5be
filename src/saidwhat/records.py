"""Plain records: what the analyzer returns once spaCy is done.

After `analysis_from_docs` nothing holds spaCy objects, so results pickle cheaply between
processes and serialise to the `saidwhat/2` JSON schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

SCHEMA = "saidwhat/2"

SegmentKind = Literal["article", "comment"]
QuoteType = Literal["direct", "mixed", "indirect"]
Act = Literal["speech", "thought"]
AttributedBy = Literal["cue", "context", "requote"]
RelationKind = Literal["agrees", "disagrees", "responds_to"]
Stance = Literal["support", "oppose", "neutral"]
Tone = Literal["positive", "negative", "neutral"]


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
    # Fields the reader had to leave out, each in words that name the field ("date '2017-02-30'
    # ignored: ..."): the document is analysed without them, and runners report them.
    warnings: tuple[str, ...] = ()


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
    # The issue (debate map) this quote belongs to, for article quotes.
    issue: str | None = None
    # A reader's quote of an article quote: the group id of the quote it repeats.
    requote_of: str | None = None
    # How the speaker was found from the mention (`speakers.resolve.VIA_*`): "name", "pronoun",
    # "description", "as written", "context", "list", "role table", "people file".
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    kind: Literal["person", "organization", "group", "unknown"] = "person"
    # The Wikidata id the user's people file gives this person (`--people`).
    qid: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """Quotes of one document about one matter, labelled by its key noun phrases."""

    id: str
    label: str
    terms: tuple[str, ...]
    quotes: tuple[str, ...]  # quote group ids
    speakers: tuple[str, ...]  # speaker ids, by number of quotes


@dataclass(frozen=True, slots=True)
class Position:
    issue: str
    speaker: str
    text: str  # the speaker's position in a line
    quote: str  # the quote group it comes from


@dataclass(frozen=True, slots=True)
class Relation:
    """`source` agrees with / disagrees with / responds to `target`."""

    kind: RelationKind
    source: str
    target: str
    issue: str | None
    quote: str | None  # the source's quote group that carries the relation
    reason: str  # "cue: rejected", "contradicting claims", "answers on the same issue"
    evidence: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression normalised against the document date.

    `value` is ISO 8601 at the granularity given: "2017-04-14" (day), "2017-W16" (week),
    "2017-05" (month), "2017" (year), "199X" (decade), "P3Y" (duration); None when it cannot be
    resolved (a relative date in an undated document)."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: Literal["day", "week", "month", "year", "decade", "duration", "unknown"]
    relation: str | None = None  # on, since, until, by, before, after, from, in
    modifier: str | None = None  # start, mid, end
    segment: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """Something announced for a date: a summit, a vote, a deadline."""

    label: str
    date: str | None
    granularity: str
    date_text: str
    start: int  # the sentence that announces it
    end: int
    deadline: bool = False


@dataclass(frozen=True, slots=True)
class Incivility:
    start: int
    end: int
    text: str
    kind: Literal["insult", "vulgarity", "lying accusation", "dehumanising"]


@dataclass(frozen=True, slots=True)
class QuoteBack:
    """A piece of a comment that repeats a sentence of the article (fuzzy match)."""

    start: int
    end: int
    text: str
    article_start: int
    article_end: int
    speaker: str | None  # the speaker whose quote it repeats
    quote: str | None  # that quote's group id
    score: float


@dataclass(frozen=True, slots=True)
class SpeakerStance:
    speaker: str
    stance: Stance
    score: float
    evidence: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Reaction:
    """What one comment says: whom and what it addresses, how, and how civilly."""

    segment: int
    author: str | None
    stances: tuple[SpeakerStance, ...]
    issues: tuple[str, ...]
    tone: Tone
    tone_score: float
    incivility: tuple[Incivility, ...]
    quotebacks: tuple[QuoteBack, ...]
    reply_to_segment: int | None = None


@dataclass(frozen=True, slots=True)
class SpeakerReaction:
    speaker: str
    support: int
    oppose: int
    neutral: int


@dataclass(frozen=True, slots=True)
class QuotedLine:
    start: int
    end: int
    text: str
    speaker: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Readers:
    """The per-document summary of the readers' reaction."""

    comments: int
    uncivil: int
    incivility_rate: float
    speakers: tuple[SpeakerReaction, ...]
    most_quoted: tuple[QuotedLine, ...]
    replies: tuple[tuple[int, int | None, str], ...]  # (segment, replied-to segment or None, replied-to name)


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
    issues: tuple[Issue, ...] = ()
    positions: tuple[Position, ...] = ()
    relations: tuple[Relation, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    readers: Readers | None = None
    # What the reader left out of the document (see `Document.warnings`).
    warnings: tuple[str, ...] = ()

    def quotes_by(self, speaker_id: str) -> list[Quote]:
        return [q for q in self.quotes if q.speaker is not None and q.speaker.id == speaker_id]

    def found_by(self, speaker_id: str) -> str:
        """How the speaker's quotes were given to them, for a user to check: "name 3, pronoun 2"."""
        return resolution_summary(q.resolved_by for q in self.quotes
                                  if q.speaker is not None and q.speaker.id == speaker_id and q.resolved_by)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The `saidwhat/2` JSON object for this document."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "id": self.id,
            "date": self.date,
            "title": self.title,
            "url": self.url,
            "segments": [_segment_dict(s) for s in self.segments],
            "quotes": [_quote_dict(q) for q in self.quotes],
            "speakers": [
                {"id": s.id, "name": s.name, "aliases": list(s.aliases), "role": s.role, "kind": s.kind, "qid": s.qid}
                for s in self.speakers
            ],
            "issues": [asdict(i) for i in self.issues],
            "positions": [asdict(p) for p in self.positions],
            "relations": [asdict(r) for r in self.relations],
            "dates": [asdict(d) for d in self.dates],
            "events": [asdict(e) for e in self.events],
            "reactions": [asdict(r) for r in self.reactions],
            "readers": None if self.readers is None else asdict(self.readers),
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if include_text:
            out["text"] = self.text
        return out


def _segment_dict(s: Segment) -> dict[str, Any]:
    return {"kind": s.kind, "start": s.start, "end": s.end, "author": s.author, "reply_to": s.reply_to}


def resolution_summary(ways) -> str:
    """"name 3, pronoun 2" from the `resolved_by` of a speaker's quotes, most frequent first."""
    from collections import Counter

    return ", ".join(f"{way} {n}" for way, n in Counter(ways).most_common())


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

