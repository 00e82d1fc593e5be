"""Quote-backs: what a comment quotes from the article. The comment's quoted strings (and long
unquoted sentences) are matched against the article's sentences with `rapidfuzz`'s partial-ratio
alignment; a match inside an article quote is credited to its speaker, and the reader's quote is
marked as a re-quote of it (`requotes`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..nlp import text_of
from ..records import Analysis, Quote, QuoteBack, SpeakerRef
from .parsed import Parsed

QUOTED_MIN_WORDS = 4
UNQUOTED_MIN_WORDS = 7
QUOTED_SCORE = 88.0
UNQUOTED_SCORE = 92.0
# A string in quotation marks inside a comment: double marks, or single ones around 12+ characters.
QUOTED = re.compile(r"[\"“«„]([^\"“”«»„]{8,}?)[\"”»“]|(?<![\w])['‘]([^'‘’]{12,}?)['’](?![\w])")


def article_sentences(parsed: Parsed) -> list[tuple[int, int, str]]:
    out = []
    for seg, sdoc in zip(parsed.segments, parsed.docs):
        if seg.kind != "article":
            continue
        text = text_of(sdoc)
        for sent in sdoc.sents:
            raw = text[sent.start_char:sent.end_char]
            t = raw.strip()
            if len(t.split()) >= 3:
                lead = len(raw) - len(raw.lstrip())
                out.append((sent.start_char + seg.start + lead, sent.end_char + seg.start, _norm(t)))
    return out


def quote_backs(body: str, offset: int, text: str, sentences: list[tuple[int, int, str]],
                quotes: list[Quote]) -> list[QuoteBack]:
    """`sentences`: the article's (start, end, normalised text), from `_article_sentences`."""
    from rapidfuzz import fuzz, process

    candidates: list[tuple[int, int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for m in QUOTED.finditer(body):
        g = 1 if m.group(1) is not None else 2
        s, e = m.start(g), m.end(g)
        if len(m.group(g).split()) >= QUOTED_MIN_WORDS:
            candidates.append((s, e, m.group(g), QUOTED_SCORE))
            taken.append((s, e))
    for m in re.finditer(r"[^.!?\n]+[.!?]?", body):
        s, e = m.start(), m.end()
        piece = m.group().strip()
        if len(piece.split()) >= UNQUOTED_MIN_WORDS and not any(a < e and s < b for a, b in taken):
            lead = len(m.group()) - len(m.group().lstrip())
            candidates.append((s + lead, s + lead + len(piece), piece, UNQUOTED_SCORE))
    out: list[QuoteBack] = []
    for s, e, piece, need in candidates:
        needle = _norm(piece)
        # Only sentences the piece could sit inside: a long comment sentence would otherwise contain
        # every short article sentence.
        choices = {k: hay for k, (_, _, hay) in enumerate(sentences) if len(needle) <= len(hay) * 1.3}
        hit = process.extractOne(needle, choices, scorer=fuzz.partial_ratio, score_cutoff=need) if choices else None
        best = None
        if hit is not None:
            a0 = sentences[hit[2]][0]
            al = fuzz.partial_ratio_alignment(needle, hit[0], score_cutoff=need)
            if al is not None:
                best = (al.score, a0 + al.dest_start, a0 + al.dest_end)
        if best is None:
            continue
        score, a, b = best
        a, b = _snap(text, a, b)
        owner = next((q for q in quotes if q.start < b and a < q.end and q.speaker is not None), None)
        out.append(QuoteBack(start=offset + s, end=offset + e, text=body[s:e], article_start=a, article_end=b,
                             speaker=owner.speaker.id if owner and owner.speaker else None,
                             quote=owner.group if owner else None, score=round(score, 1)))
    return out


def _norm(s: str) -> str:
    # same length as the input, so alignment offsets stay valid
    return s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _snap(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen a fuzzy alignment to whole words."""
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b


def requotes(quotes: tuple[Quote, ...], backs: list[QuoteBack], analysis: Analysis) -> list[Quote]:
    """Comment quotes that repeat an article quote: credited to its speaker and marked as re-quotes;
    a quote-back with no quote of the analyzer's becomes one."""
    speakers = {s.id: s for s in analysis.speakers}
    out = list(quotes)
    starts = [s.start for s in analysis.segments]  # segments are in text order
    in_comment: dict[int, list[int]] = {}  # comment segment -> its quotes' indices in `out`
    for k, q in enumerate(out):
        if analysis.segments[q.segment].kind == "comment":
            in_comment.setdefault(q.segment, []).append(k)
    for b in backs:
        if b.quote is None or b.speaker is None:
            continue
        ref = speakers.get(b.speaker)
        seg = bisect_right(starts, b.start) - 1
        hit = next((k for k in in_comment.get(seg, ()) if out[k].start < b.end and b.start < out[k].end), None)
        sref = SpeakerRef(ref.id, ref.name) if ref else None
        if hit is not None:
            q = out[hit]
            out[hit] = replace(q, requote_of=b.quote, speaker=q.speaker or sref)
        else:
            in_comment.setdefault(seg, []).append(len(out))
            out.append(Quote(start=b.start, end=b.end, text=b.text, type="direct", act="speech", speaker=sref,
                             speaker_mention=None, cue=None, segment=seg, attributed_by="requote",
                             group=f"r{len(out) + 1}", requote_of=b.quote))
    out.sort(key=lambda q: (q.start, q.end))
    return out
