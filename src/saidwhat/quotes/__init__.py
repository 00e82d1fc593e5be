"""Finding quotes in one segment's spaCy Doc: reported clauses on the parse, then quotation
marks joined to them, then the quote type."""

from __future__ import annotations

from spacy.tokens import Doc

from .candidate import Candidate
from .cues import Lexicon, load_lexicon, match_cue
from .direct import attach_marks
from .indirect import find_reported
from .marks import find_quote_marks, paragraph_bounds
from .mixed import classify
from .transcript import find_transcript_turns

__all__ = ["Candidate", "find_candidates", "find_quote_marks", "paragraph_bounds", "load_lexicon", "match_cue"]


def find_candidates(doc: Doc, *, lex: Lexicon | None = None, context_window: int = 2) -> list[Candidate]:
    """All attributions in `doc`, sorted by position, with segment-local character offsets."""
    lex = lex or load_lexicon("en")
    text = doc.text
    marks = find_quote_marks(text)
    paragraphs = paragraph_bounds(text)
    cands: list[Candidate] = find_transcript_turns(doc, paragraphs)
    for sent in doc.sents:
        cands.extend(find_reported(sent, lex, marks))
    cands = _drop_nested(cands)
    cands = attach_marks(doc, cands, marks, lex, paragraphs, context_window=context_window)
    for cand in cands:
        cand.type = classify(text, cand, marks)
    return cands


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """An attribution whose cue lies inside another's content is reported within it
    ("Lavrov said the minister told him that ..."): keep the outer one only."""
    out = []
    for c in cands:
        cue = c.cue_span()
        nested = cue is not None and any(
            o is not c and any(s <= cue[0] and cue[1] <= e for s, e in o.pieces) for o in cands
        )
        if not nested:
            out.append(c)
    return out
