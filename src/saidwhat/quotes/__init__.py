"""Finding quotes in one segment's spaCy Doc: reported clauses on the parse, then quotation
marks joined to them, then the quote type."""

from __future__ import annotations

import heapq
import re
from functools import lru_cache

from spacy.tokens import Doc

from ..nlp import text_of
from .candidate import Candidate
from .cues import Lexicon, load_lexicon, match_cue
from .direct import attach_marks, previous_attributed
from .indirect import find_reported
from .marks import find_quote_marks, paragraph_bounds
from .mixed import classify
from .transcript import find_transcript_turns
from .learned import find_learned, load_model, load_ranker
from .relations import cue_key
from .spans import clean_piece, content_pieces, words_in

# P(content | cue, relation) from the mined cue model at which a relation counts (tuned on dev).
LEARNED_THRESHOLD = 0.3
# A learned cue word that was an attribution's cue less often than this in training is weak.
WEAK_CUE_RATE = 0.25
# The longest sentence whose cues are read. Each cue walks its clause, so a sentence's cost grows
# with the square of its length: a hostile run-on of 9,000 words ("said said said ...") took
# minutes. The longest of PolNeAR's 34,459 sentences has 223 tokens; quotation marks are still
# paired in a longer one, and `analyze` logs it (see `long_sentences`).
MAX_SENTENCE_TOKENS = 400


def long_sentences(doc: Doc) -> list[int]:
    """The lengths of the sentences of `doc` whose cues `find_candidates` does not read (no
    second walk over the sentences of a Doc too short to hold one)."""
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return []
    return [len(s) for s in doc.sents if len(s) > MAX_SENTENCE_TOKENS]

def speech_only(cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """The attributions a journalist counts as quotes: speech (not thoughts) by someone who can
    speak (not "figures show", "a video showed", not a generic "you"), with a cue that says
    something: a speech word of the lexicon, or a word that introduced an attribution at least
    SPEECH_CUE_RATE of the times it occurs in PolNeAR train (the mined cue model): "cited",
    "refused", "denounced" stay; "hit", "included", "made", "represents" go."""
    return [c for c in cands if c.act != "thought" and _can_speak(c.subject, lex) and _speech_cue(c, lex)]


# How often a word not in the speech lexicon must introduce an attribution in the training news
# (as_cue / seen, `lang/<lang>/cue_model.json`) to count as a speech cue in speech-only counting.
SPEECH_CUE_RATE = 0.3


def _speech_cue(c: Candidate, lex: Lexicon) -> bool:
    if not c.cue or c.attributed_by != "cue" or c.verbatim or c.according:
        return True  # a quotation's context, a transcript turn, "according to"
    head = c.cue[0]
    lemma = lex.forms.get(head.lower_, head.lemma_.lower())
    if not head.is_alpha or lemma in lex.speech or lemma in lex.speech_acts or lemma in lex.phrasal or \
            any(t.lower_ in lex.speech for t in c.cue):
        return True  # a dash signature ("― name"), "said", "spoke out"
    seen = load_model(lex.lang).cue.get(cue_key(head))
    return seen is not None and seen[1] > 0 and seen[0] / seen[1] >= SPEECH_CUE_RATE


def _can_speak(subject, lex: Lexicon) -> bool:
    return subject is None or (subject.lemma_.lower() not in lex.document_sources and subject.lower_ != "you")


__all__ = ["Candidate", "find_candidates", "long_sentences", "speech_only", "find_quote_marks", "paragraph_bounds", "load_lexicon", "match_cue"]


def find_candidates(doc: Doc, *, lex: Lexicon | None = None, context_window: int = 2,
                    learned_threshold: float | None = LEARNED_THRESHOLD, collect: bool = False) -> list[Candidate]:
    """All attributions in `doc`, sorted by position, with segment-local character offsets."""
    lex = lex or load_lexicon()
    text = text_of(doc)
    marks = find_quote_marks(text)
    paragraphs = paragraph_bounds(text)
    cands: list[Candidate] = find_transcript_turns(doc, paragraphs, lex)
    # where a cue can start, read once for the Doc rather than per sentence
    rule_starts = lex.cue_starts.positions(doc[:])
    learned_starts = load_model(lex.lang).starts.positions(doc[:]) if learned_threshold is not None else None
    headline_end = _headline_end(text, paragraphs)
    for sent in doc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS:
            continue  # a run-on of thousands of words: reading its cues costs their square (see above)
        found = find_reported(sent, lex, marks, starts=rule_starts)
        if learned_threshold is not None and sent.start_char >= headline_end:
            taken = {c.cue[0].i for c in found if c.cue} | {c.cue[0].i for c in cands if c.cue}
            for cand in find_learned(sent, lex, marks, threshold=learned_threshold,
                                     ranker=None if collect else load_ranker(lex.lang), collect=collect,
                                     found=found, starts=learned_starts):
                if cand.cue and cand.cue[0].i not in taken and not _inside(cand, found):
                    found.append(_clean(doc, cand, marks))
        cands.extend(c for c in found if c.pieces)
    cands = _drop_nested(_split_coordinated(cands, text, marks))
    links = _link_lines(text, paragraphs, lex)
    if links:
        cands = [c for c in cands if not any(s <= (c.cue_span() or (c.start, c.end))[0] < e for s, e in links)]
    cands = attach_marks(doc, cands, marks, lex, paragraphs, context_window=context_window)
    _continue_participles(cands, paragraphs)
    for cand in cands:
        cand.type = classify(text, cand, marks)
    return cands


def _continue_participles(cands: list[Candidate], paragraphs: list[tuple[int, int]]) -> None:
    """'Vos said the report was not good. Adding, "..."': a sentence that opens with a participle
    cue and names nobody goes on with the speaker of the attribution before it, in the same or
    the previous paragraph."""
    starts = [p[0] for p in paragraphs]
    for cand in cands:
        head = cand.cue[0] if cand.cue else None
        if head is None or cand.subject is not None or cand.context_of is not None or head.tag_ != "VBG" \
                or any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            continue
        if any(not (t.is_punct or t.is_quote or t.is_space) for t in head.doc[head.sent.start:head.i]):
            continue  # not the sentence's first word
        cand.context_of = previous_attributed(cands, head.idx, paragraphs, starts, 1)


def _headline_end(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """Where a headline ends: a first paragraph of one line with no closing stop ("School board
    delays vote on later start times"), else 0. Headline grammar drops the words a parse leans
    on, so the learned cues are not read there (the rules still are: "Lund says ferry will stop")."""
    if len(paragraphs) < 2:
        return 0
    s, e = paragraphs[0]
    line = text[s:e].strip()
    if not line or "\n" in line or line[-1] in ".!?\"”’'" or len(line.split()) > 20:
        return 0
    return e


def _link_lines(text: str, paragraphs: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """Paragraphs that are link lines or page furniture ("READ MORE: Why the bank said ..."):
    a headline in a link is not somebody's speech."""
    if not lex.link_labels:
        return []
    label = _link_label(lex.link_labels)
    return [(s, e) for s, e in paragraphs if label.match(text, s, e)]


@lru_cache(maxsize=None)
def _link_label(labels: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\s*(?:%s)\s*[:|»>\-–—]" % "|".join(re.escape(w) for w in labels), re.I)


def _split_coordinated(cands: list[Candidate], text: str, marks: list[tuple[int, int]]) -> list[Candidate]:
    """"Lund said the fund would close and warned that jobs would go": the parser often hangs the
    second cue on the first content's verb, so the first content runs on over the second
    attribution. When a cue is coordinated with a word of another candidate's content and comes
    after that candidate's cue, the other content ends where the coordination begins, and both
    attributions stand; the second one keeps its own subject, or takes the first one's (never
    that of the content verb it hangs on: "the fund" did not warn). (`indirect._own_report` cuts
    a lexicon report with its own subject while reading the content; this catches the rest,
    learned cues included.)"""
    near = _pieces_around_cues(cands)
    for k, inner in enumerate(cands):
        head = inner.cue[0] if inner.cue else None
        if head is None or head.dep_ != "conj":
            continue
        for k_o in near.get(k, ()):
            outer = cands[k_o]
            if not outer.cue or outer.cue[0].i >= head.i or not any(s <= head.head.idx < e for s, e in outer.pieces):
                continue
            cc = [c for c in head.head.children if c.dep_ == "cc" and c.i < head.i]
            cut = min([head.left_edge.idx] + [c.idx for c in cc if c.i > head.head.i])
            pieces = [clean_piece(text, s, min(e, cut), marks) for s, e in outer.pieces if s < cut]
            outer.pieces = [(s, e) for s, e in pieces if words_in(text[s:e]) >= 2]
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                inner.subject = outer.subject  # not the subject of the content verb it hangs on
    return [c for c in cands if c.pieces]


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """An attribution whose cue lies inside another's content is reported within it
    ("Lavrov said the minister told him that ..."): keep the outer one only. Two exceptions keep
    the inner one instead: the outer content is nothing but the inner attribution, led by its
    cue ("Roe said, arguing that ..."; "Claiming that ..., Roe told Fox"); or the outer cue is a
    word that rarely attributes and the inner one a speech verb ("the ad uses footage of her
    asking, '...'")."""

    def inside(c: Candidate, o: Candidate) -> bool:
        cue = c.cue_span()
        return cue is not None and o is not c and any(s <= cue[0] and cue[1] <= e for s, e in o.pieces)

    near = _pieces_around_cues(cands)
    # Two readings that hold each other's cue ("Vos added that nobody was told", with "told" read
    # as reporting "Vos added"), one of them learned: keep the rules' reading, or the likelier
    # learned one; otherwise each would drop the other.
    misread = {min((k, k_o), key=lambda j: _reading_rank(cands[j])) for k in near for k_o in near[k]
               if k in near.get(k_o, ()) and k < k_o
               and (cands[k].features is not None or cands[k_o].features is not None)}
    if misread:
        cands = [c for k, c in enumerate(cands) if k not in misread]
        near = _pieces_around_cues(cands)
    dropped = {k_o for k, c in enumerate(cands) if c.cue for k_o in near.get(k, ())
               if _leads(c, cands[k_o]) or (_weak(cands[k_o]) and not _weak(c) and inside(c, cands[k_o]))}
    return [c for k, c in enumerate(cands) if k not in dropped
            and not any(inside(c, cands[k_o]) for k_o in near.get(k, ()) if k_o not in dropped)]


def _reading_rank(c: Candidate) -> tuple[int, float]:
    """Which of two readings to trust: a rule's before a learned one, then the ranker's score."""
    return (0 if c.features is not None else 1, c.score if c.score is not None else 0.0)


def _pieces_around_cues(cands: list[Candidate]) -> dict[int, set[int]]:
    """For each candidate with a cue, the other candidates that have a piece of content around
    the cue's first character: the only pairs a nested attribution can be. One sorted sweep
    (pieces by start, a heap of the open ones by end), so a document with thousands of
    attributions costs n log n, not n squared."""
    pieces = sorted((s, e, k) for k, o in enumerate(cands) for s, e in o.pieces)
    queries = sorted((span[0], k) for k, c in enumerate(cands) if (span := c.cue_span()) is not None)
    near: dict[int, set[int]] = {}
    open_: list[tuple[int, int]] = []
    i = 0
    for pos, k in queries:
        while i < len(pieces) and pieces[i][0] <= pos:
            heapq.heappush(open_, (pieces[i][1], pieces[i][2]))
            i += 1
        while open_ and open_[0][0] < pos:
            heapq.heappop(open_)
        around = {k_o for _, k_o in open_ if k_o != k}
        if around:
            near[k] = around
    return near


def _weak(c: Candidate) -> bool:
    f = c.features
    return f is not None and not f.get("in_lexicon") and f.get("cue_rate", 1.0) < WEAK_CUE_RATE


def _leads(inner: Candidate, outer: Candidate) -> bool:
    """Whether a piece of `outer`'s content starts with `inner`'s cue, a participle, and holds
    all of `inner`'s content."""
    cue = inner.cue_span()
    head = inner.cue[0]
    if cue is None or head.tag_ != "VBG" or not inner.pieces:
        return False
    return any(s == cue[0] and all(s <= a and b <= e for a, b in inner.pieces) for s, e in outer.pieces)


def _inside(cand: Candidate, others: list[Candidate]) -> bool:
    return any(any(s <= cand.start and cand.end <= e for s, e in o.pieces) for o in others)


def _clean(doc: Doc, cand: Candidate, marks: list[tuple[int, int]]) -> Candidate:
    text = text_of(doc)
    cand.pieces = content_pieces(text, cand.pieces, marks, cand.cue[0].idx if cand.cue else None,
                                 lambda s, e: _meaningful_word(doc, s, e), doc=doc)
    return cand


def _meaningful_word(doc: Doc, start: int, end: int) -> bool:
    """A one-word content counts when it names something ("called for unity"), not a date,
    number or pronoun ("spoke on Sunday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    return tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "GPE")
