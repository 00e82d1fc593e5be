"""A comment's stance toward each speaker it names.

The comment's sentences that name the speaker (by name, surname, role or a plural reference such
as "both ministers"), split at the next speaker's name when a sentence names two; sentences that
name nobody count, at weight CARRY, for the speakers named just before. Each piece is scored by
VADER's valence (Hutto & Gilbert 2014, the `vaderSentiment` package, MIT) and by our stance
phrases ("is right", "is lying", `lang/en/debate.json`); >= 0.25 is support, <= -0.25 oppose.
Insults aimed at the speaker count as opposition; the words a reader quotes carry no stance.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..lang import load
from ..nlp import text_of
from ..records import Incivility, Segment, SpeakerStance, TextSpan
from .parsed import SpeakerPatterns, role_mentions
from .quotebacks import QUOTED

SUPPORT, OPPOSE = 0.25, -0.25
CARRY = 0.3  # weight of a sentence that names nobody, for the speakers named just before


@lru_cache(maxsize=1)
def vader():
    """The VADER analyser, made once."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def comment_stances(sdoc: Doc, seg: Segment, patterns: list[tuple[str, re.Pattern[str]]], top_two: list[str],
             role_words: dict[str, set[str]], incivility: list[Incivility],
             requoted: set[str] = frozenset()) -> list[SpeakerStance]:  # type: ignore[assignment]
    """Stance toward each speaker the comment names. Pieces: the part of a sentence from a mention
    to the next mention (weight 1); a sentence that goes on with a pronoun as its subject ("She is
    right."), for the one speaker named last (weight 1); other sentences that name nobody, for the
    speakers named last (weight CARRY: the reader is most likely still talking about them)."""
    lex = load(sdoc.lang_, "debate")
    pieces: dict[str, list[tuple[str, int, int, float]]] = {}
    last: list[str] = []
    for sent in sdoc.sents:
        hits = _mentions(sent, patterns, top_two, role_words)
        if not hits:
            weight = 1.0 if len(last) == 1 and _pronoun_subject(sent, lex) else CARRY
            for sid in last:
                pieces.setdefault(sid, []).append((sent.text, sent.start_char + seg.start, sent.end_char + seg.start, weight))
            continue
        for n, (pos, sids) in enumerate(hits):
            end = hits[n + 1][0] if n + 1 < len(hits) else len(sent.text)
            start = 0 if n == 0 else pos
            for sid in sids:
                pieces.setdefault(sid, []).append((sent.text[start:end], sent.start_char + start + seg.start,
                                                    sent.start_char + end + seg.start, 1.0))
        last = hits[-1][1]
    # a speaker the reader only quotes back: the rest of the comment is about them
    for sid in requoted:
        if sid not in pieces:
            pieces[sid] = [(text_of(sdoc), seg.start, seg.end, 1.0)]
    out = []
    for sid, ps in pieces.items():
        total = weight = 0.0
        for piece, s, e, w in ps:
            score = _stance_score(piece, lex)
            if any(s <= inc.start < e for inc in incivility):
                score -= 0.5
            total += w * score
            weight += w
        score = max(-1.0, min(1.0, total / weight))
        stance = "support" if score >= SUPPORT else "oppose" if score <= OPPOSE else "neutral"
        s0, e0 = ps[0][1], ps[0][2]
        out.append(SpeakerStance(speaker=sid, stance=stance, score=round(score, 3),  # type: ignore[arg-type]
                                 evidence=TextSpan(s0, e0, text_of(sdoc)[s0 - seg.start:e0 - seg.start])))
    return out


def _pronoun_subject(sent: Span, lex: dict) -> bool:
    """Whether the sentence's subject is a third-person pronoun ("She is right", "He never listens")."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in lex["third_person_pronouns"] for t in sent)


def _mentions(sent: Span, patterns: list[tuple[str, re.Pattern[str]]], top_two: list[str],
              role_words: dict[str, set[str]]) -> list[tuple[int, list[str]]]:
    """(offset in the sentence, speaker ids) of each reference to article speakers, in order."""
    hits: list[tuple[int, list[str]]] = []
    text = sent.text
    found: dict[re.Pattern[str], list[int]] = {}  # speakers written alike share one search
    for sid, pat in (patterns.in_text(text) if isinstance(patterns, SpeakerPatterns) else patterns):
        if pat not in found:
            found[pat] = [m.start() for m in pat.finditer(text)]
        hits.extend((pos, [sid]) for pos in found[pat])
    low = sent.text.lower()
    for m in re.finditer(r"\b(both|the two|neither|either of)\b(?: of)?(?: (?:the|them|these|those))?\s*(\w+)?", low):
        if len(top_two) == 2:
            hits.append((m.start(), list(top_two)))
    hits.extend((pos, [sid]) for pos, sid in role_mentions(low, role_words))
    hits.sort(key=lambda h: h[0])
    merged: list[tuple[int, list[str]]] = []
    for pos, sids in hits:
        if merged and merged[-1][1] == sids:
            continue
        merged.append((pos, sids))
    return merged


def phrase_side(piece: str, lex: dict) -> float:
    """+0.5 for each support phrase in `piece`, -0.5 for each oppose phrase ("is right", "is lying"),
    flipped after a negator."""
    words = re.findall(r"[\w']+", piece.lower().replace("’", "'"))
    low = " " + " ".join(words) + " "
    negators = set(lex["negators"]) | {"don't", "doesn't", "didn't", "isn't", "wasn't", "never", "hardly"}
    said = 0.0
    for phrases, sign in ((lex["support_phrases"], 0.5), (lex["oppose_phrases"], -0.5)):
        for p in phrases:
            k = low.find(f" {p} ")
            if k < 0:
                continue
            before = low[:k].split()[-3:]
            said += -sign if any(w in negators for w in before) else sign
    return said


def _stance_score(piece: str, lex: dict) -> float:
    """VADER's compound valence plus ±0.5 for each stance phrase (flipped after a negator)."""
    # The words a reader quotes are the speaker's, not the reader's: they carry no stance.
    piece = QUOTED.sub(" ", piece)
    # Phrases whose words VADER reads as valence but that say nothing of it ("as well")
    for phrase in lex.get("neutral_phrases", ()):
        piece = re.sub(rf"\b{re.escape(phrase)}\b", " ", piece, flags=re.I)
    valence = vader().polarity_scores(piece)["compound"]
    said = phrase_side(piece, lex)
    # A side said in so many words ("Berglund is right") outweighs a tone that goes the other way
    # ("... a third of night pay is not fair" is the reader's complaint about the offer, not about
    # her): that tone counts half. A tone that agrees with it counts in full ("a disgrace").
    return said + (valence / 2 if said * valence < 0 else valence)
