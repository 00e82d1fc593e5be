"""The working record of one attribution while the NLP stages run (segment-local offsets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token


@dataclass(slots=True)
class Candidate:
    pieces: list[tuple[int, int]]  # content spans, char offsets into the segment's Doc text
    act: str = "speech"
    cue: tuple[Token, ...] = ()
    subject: Token | None = None  # head token of the speaker mention
    attributed_by: str | None = "cue"
    type: str = "indirect"
    according: bool = False
    features: dict[str, float] | None = None  # what the learned ranker scored (learned candidates only)
    score: float | None = None
    # Learned candidates: the cue's key and the relation its content hangs at ("say", "ccomp").
    reading: tuple[str, str] | None = None
    verbatim: bool = False  # speech given word for word without quotation marks (a transcript turn)
    # For quotes attributed by context: the candidate whose speaker they inherit.
    context_of: "Candidate | None" = None
    # Tokens of the cue's own clause (cue, subject, auxiliaries): never content.
    clause: set[int] = field(default_factory=set)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.pieces)

    @property
    def end(self) -> int:
        return max(e for _, e in self.pieces)

    def cue_span(self) -> tuple[int, int] | None:
        if not self.cue:
            return None
        return self.cue[0].idx, max(t.idx + len(t.text) for t in self.cue)
