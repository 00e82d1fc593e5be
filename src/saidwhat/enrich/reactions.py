"""The readers' reaction: for each comment, what it addresses, its stance toward each speaker
(`stance`), its tone, its incivility (`incivility`), what it quotes back from the article
(`quotebacks`), and the reply graph; and the summary over all comments.

Tone: VADER's compound score of the whole comment with its standard thresholds (±0.05).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc

from ..records import Analysis, QuotedLine, QuoteBack, Reaction, Readers, SpeakerReaction, SpeakerStance
from .incivility import find_incivility, people_names
from .parsed import Parsed, role_words
from .quotebacks import article_sentences, quote_backs
from .stance import comment_stances, vader

TONE = 0.05


def react(analysis: Analysis, parsed: Parsed, patterns: list[tuple[str, re.Pattern[str]]],
          issue_terms: dict[str, tuple[str, ...]]) -> tuple[list[Reaction], list[QuoteBack]]:
    text = analysis.text
    article = [s for s in analysis.segments if s.kind == "article"]
    sentences = article_sentences(parsed)
    quotes = [q for q in analysis.quotes if analysis.segments[q.segment].kind == "article"]
    persons = [s for s in analysis.speakers if s.kind == "person"]
    top_two = [s.id for s in sorted(persons, key=lambda s: -len(analysis.quotes_by(s.id)))[:2]]
    roles = role_words(analysis.speakers)
    reactions: list[Reaction] = []
    all_backs: list[QuoteBack] = []
    last_by_author: dict[str, int] = {}
    names = people_names(analysis)
    for i, seg in enumerate(analysis.segments):
        if seg.kind != "comment":
            continue
        sdoc = parsed.docs[i] if i < len(parsed.docs) else None
        body = text[seg.start:seg.end]
        incivility = find_incivility(sdoc, seg.start, names=names) if sdoc is not None else []
        backs = quote_backs(body, seg.start, text, sentences, quotes) if article else []
        requoted = {b.speaker for b in backs if b.speaker}
        stances = comment_stances(sdoc, seg, patterns, top_two, roles, incivility, requoted) if sdoc is not None else []
        # quoting a speaker back addresses them, neutrally unless the comment says more
        for b in backs:
            if b.speaker and all(s.speaker != b.speaker for s in stances):
                stances.append(SpeakerStance(speaker=b.speaker, stance="neutral", score=0.0))
        tone_score = round(vader().polarity_scores(body)["compound"], 3)
        tone = "positive" if tone_score >= TONE else "negative" if tone_score <= -TONE else "neutral"
        issues = _issues(sdoc, issue_terms) if sdoc is not None else ()
        reply_seg = None
        if seg.reply_to:
            reply_seg = last_by_author.get(seg.reply_to.lower())
        reactions.append(Reaction(segment=i, author=seg.author, stances=tuple(stances), issues=issues,
                                  tone=tone, tone_score=tone_score, incivility=tuple(incivility),  # type: ignore[arg-type]
                                  quotebacks=tuple(backs), reply_to_segment=reply_seg))
        all_backs.extend(backs)
        if seg.author:
            last_by_author[seg.author.lower()] = i
    return reactions, all_backs


def summarise(analysis: Analysis, reactions: list[Reaction]) -> Readers | None:
    if not reactions:
        return None
    counts: dict[str, Counter[str]] = {}
    for r in reactions:
        for st in r.stances:
            counts.setdefault(st.speaker, Counter())[st.stance] += 1
    speakers = tuple(SpeakerReaction(speaker=s, support=c["support"], oppose=c["oppose"], neutral=c["neutral"])
                     for s, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())))
    lines: dict[tuple[int, int], list[QuoteBack]] = {}
    for r in reactions:
        for b in r.quotebacks:
            key = next((k for k in lines if k[0] < b.article_end and b.article_start < k[1]), None)
            lines.setdefault(key or (b.article_start, b.article_end), []).append(b)
    most = sorted(lines.items(), key=lambda kv: (-len(kv[1]), kv[0][0]))[:5]
    most_quoted = tuple(QuotedLine(start=s, end=e, text=analysis.text[s:e], speaker=bs[0].speaker, count=len(bs))
                        for (s, e), bs in most)
    uncivil = sum(1 for r in reactions if r.incivility)
    replies = tuple((r.segment, r.reply_to_segment, analysis.segments[r.segment].reply_to or "")
                    for r in reactions if analysis.segments[r.segment].reply_to)
    return Readers(comments=len(reactions), uncivil=uncivil, incivility_rate=round(uncivil / len(reactions), 3),
                   speakers=speakers, most_quoted=most_quoted, replies=replies)


def _issues(sdoc: Doc, issue_terms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    strings = sdoc.vocab.strings  # one array read, not a Token object for every word of the comment
    lemmas = {strings[lemma].lower() for pos, lemma in sdoc.to_array([POS, LEMMA]).reshape(len(sdoc), 2).tolist()
              if pos in (NOUN, PROPN)}
    out = []
    for iid, terms in issue_terms.items():
        if lemmas & set(terms[:4]):
            out.append(iid)
    return tuple(out)
