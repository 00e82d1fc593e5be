"""The readers' reaction: what each comment addresses, its stance toward each speaker, its tone,
its incivility, what it quotes back from the article, and the reply graph.

- Stance toward a speaker: the comment's sentences that name the speaker (by name, surname or a
  plural reference such as "both ministers"), split at the next speaker's name when a sentence
  names two, plus the sentence right after when it goes on with a pronoun. Each piece is scored by
  VADER's valence (Hutto & Gilbert 2014, the `vaderSentiment` package, MIT) and by our stance
  phrases ("is right", "is lying", `lang/en/debate.json`); >= 0.25 is support, <= -0.25 oppose.
  Insults aimed at the speaker count as opposition.
- Tone: VADER's compound score of the whole comment with its standard thresholds (±0.05).
- Incivility (categories of Coe, Kenski & Rains 2014): name-calling and insulting adjectives
  aimed at people, accusations of lying, vulgarity and slurs (the word list of the
  `better-profanity` package, MIT), dehumanising nouns predicated of people ("they are vermin").
- Quote-backs: the comment's quoted strings (and long unquoted sentences) matched against the
  article's sentences with `rapidfuzz`'s partial-ratio alignment; a match inside an article quote
  is credited to its speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..nlp import text_of
from ..lang import load
from ..records import (Analysis, Incivility, Quote, QuotedLine, QuoteBack, Reaction, Readers, Segment,
                       SpeakerReaction, SpeakerRef, SpeakerStance, TextSpan)
from .parsed import Parsed, RoleWords, SpeakerPatterns, role_words

SUPPORT, OPPOSE = 0.25, -0.25
CARRY = 0.3  # weight of a sentence that names nobody, for the speakers named just before
TONE = 0.05
QUOTED_MIN_WORDS = 4
UNQUOTED_MIN_WORDS = 7
QUOTED_SCORE = 88.0
UNQUOTED_SCORE = 92.0
_QUOTED = re.compile(r"[\"“«„]([^\"“”«»„]{8,}?)[\"”»“]|(?<![\w])['‘]([^'‘’]{12,}?)['’](?![\w])")
_PRONOUN_START = re.compile(r"^\s*(?:he|she|his|her|him|they|their|them)\b", re.I)


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _profanity() -> frozenset[str]:
    lex = load("en", "incivility")
    allow = set(lex["profanity_allow"])
    path = resources.files("better_profanity").joinpath("profanity_wordlist.txt")
    words = {w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()}
    return frozenset(w for w in words if w and " " not in w and w not in allow)


def react(analysis: Analysis, parsed: Parsed, patterns: list[tuple[str, re.Pattern[str]]],
          issue_terms: dict[str, tuple[str, ...]]) -> tuple[list[Reaction], list[QuoteBack]]:
    text = analysis.text
    article = [s for s in analysis.segments if s.kind == "article"]
    sentences = _article_sentences(parsed)
    quotes = [q for q in analysis.quotes if analysis.segments[q.segment].kind == "article"]
    persons = [s for s in analysis.speakers if s.kind == "person"]
    top_two = [s.id for s in sorted(persons, key=lambda s: -len(analysis.quotes_by(s.id)))[:2]]
    roles = role_words(analysis.speakers)
    reactions: list[Reaction] = []
    all_backs: list[QuoteBack] = []
    last_by_author: dict[str, int] = {}
    for i, seg in enumerate(analysis.segments):
        if seg.kind != "comment":
            continue
        sdoc = parsed.docs[i] if i < len(parsed.docs) else None
        body = text[seg.start:seg.end]
        incivility = find_incivility(sdoc, seg.start) if sdoc is not None else []
        backs = quote_backs(body, seg.start, text, sentences, quotes) if article else []
        requoted = {b.speaker for b in backs if b.speaker}
        stances = _stances(sdoc, seg, patterns, top_two, roles, incivility, requoted) if sdoc is not None else []
        # quoting a speaker back addresses them, neutrally unless the comment says more
        for b in backs:
            if b.speaker and all(s.speaker != b.speaker for s in stances):
                stances.append(SpeakerStance(speaker=b.speaker, stance="neutral", score=0.0))
        tone_score = round(_vader().polarity_scores(body)["compound"], 3)
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


# --- stance -------------------------------------------------------------------------------------

def _stances(sdoc: Doc, seg: Segment, patterns: list[tuple[str, re.Pattern[str]]], top_two: list[str],
             role_words: dict[str, set[str]], incivility: list[Incivility],
             requoted: set[str] = frozenset()) -> list[SpeakerStance]:  # type: ignore[assignment]
    """Stance toward each speaker the comment names. Pieces: the part of a sentence from a mention
    to the next mention (weight 1), and sentences that name nobody, for the speakers named last
    (weight CARRY: the reader is most likely still talking about them)."""
    lex = load("en", "debate")
    pieces: dict[str, list[tuple[str, int, int, float]]] = {}
    last: list[str] = []
    for sent in sdoc.sents:
        hits = _mentions(sent, patterns, top_two, role_words)
        if not hits:
            for sid in last:
                pieces.setdefault(sid, []).append((sent.text, sent.start_char + seg.start, sent.end_char + seg.start, CARRY))
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
    for m in re.finditer(r"\bthe (\w+)\b", low):
        word = m.group(1)
        owners = (role_words.owners(word) if isinstance(role_words, RoleWords)
                  else [sid for sid, words in role_words.items() if word in words])
        if len(owners) == 1:
            hits.append((m.start(), owners))
    hits.sort(key=lambda h: h[0])
    merged: list[tuple[int, list[str]]] = []
    for pos, sids in hits:
        if merged and merged[-1][1] == sids:
            continue
        merged.append((pos, sids))
    return merged


def _stance_score(piece: str, lex: dict) -> float:
    """VADER's compound valence plus ±0.5 for each stance phrase (flipped after a negator)."""
    # The words a reader quotes are the speaker's, not the reader's: they carry no stance.
    piece = _QUOTED.sub(" ", piece)
    words = re.findall(r"[\w']+", piece.lower().replace("’", "'"))
    low = " " + " ".join(words) + " "
    score = _vader().polarity_scores(piece)["compound"]
    negators = set(lex["negators"]) | {"don't", "doesn't", "didn't", "isn't", "wasn't", "never", "hardly"}
    for phrases, sign in ((lex["support_phrases"], 0.5), (lex["oppose_phrases"], -0.5)):
        for p in phrases:
            k = low.find(f" {p} ")
            if k < 0:
                continue
            before = low[:k].split()[-3:]
            score += -sign if any(w in negators for w in before) else sign
    return score


def _issues(sdoc: Doc, issue_terms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    lemmas = {t.lemma_.lower() for t in sdoc if t.pos_ in ("NOUN", "PROPN")}
    out = []
    for iid, terms in issue_terms.items():
        if lemmas & set(terms[:4]):
            out.append(iid)
    return tuple(out)


# --- incivility ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _incivility_words() -> tuple[frozenset[str], ...]:
    lex = load("en", "incivility")
    return tuple(frozenset(lex[k]) for k in ("insult_nouns", "insult_adjectives", "lying_words",
                                              "dehumanising_nouns", "dehumanising_verbs"))


def find_incivility(sdoc: Doc, offset: int) -> list[Incivility]:
    insults, adjectives, lying, dehuman, dehuman_verbs = _incivility_words()
    vulgar = _profanity()
    out: list[Incivility] = []
    for tok in sdoc:
        low = tok.lower_
        kind = None
        if low in vulgar or low.rstrip("s") in vulgar and len(low) > 4:
            kind = "vulgarity"
        elif low in dehuman and _of_people(tok):
            kind = "dehumanising"
        elif tok.lemma_.lower() in dehuman_verbs and _people_object(tok):
            kind = "dehumanising"
        elif (low in insults or tok.lemma_.lower() in insults) and tok.pos_ in ("NOUN", "PROPN") and _at_people(tok):
            kind = "insult"
        elif low in adjectives and _at_people(tok):
            kind = "insult"
        elif low in lying and _lying_accusation(tok):
            kind = "lying accusation"
        if kind:
            out.append(Incivility(start=tok.idx + offset, end=tok.idx + len(tok) + offset, text=tok.text, kind=kind))  # type: ignore[arg-type]
    return out


_PEOPLE = {"you", "he", "she", "they", "them", "him", "her", "these", "those", "people", "who", "guy", "guys",
           "man", "woman", "men", "women", "minister", "ministers", "politician", "politicians", "official",
           "officials", "government", "leader", "leaders", "president", "supporters", "voters", "immigrants",
           "migrants", "refugees", "lot", "bunch", "pack", "all", "everyone", "journalist", "journalists",
           "reporter", "reporters", "mps", "commenters", "lefties", "righties", "this", "that", "i", "we"}


def _personish(tok: Token) -> bool:
    """A word that stands for people: a pronoun or people noun, a role ("advisers"), a group
    ("officials"), a name."""
    from ..names import people

    p = people()
    lemma = tok.lemma_.lower()
    return (tok.lower_ in _PEOPLE or lemma in _PEOPLE or lemma in p.roles or lemma in p.groups
            or tok.ent_type_ in ("PERSON", "NORP", "ORG") or tok.pos_ == "PROPN" or tok.is_title)


def _subject(verb: Token) -> list[Token]:
    """The subject of a copula; when the parser left it without one ("X is an idiot and his voters
    are sheep"), the noun or pronoun right before it."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj or verb.i == 0:
        return subj
    prev = verb.doc[verb.i - 1]
    return [prev] if prev.pos_ in ("NOUN", "PROPN", "PRON") else []


def _phrase_head(tok: Token) -> Token:
    """The head of the noun phrase a modifier sits in: the small parser often hangs "a spineless
    coward hiding ..." on "hiding"; the phrase as a whole is what is predicated of someone."""
    for _ in range(2):
        if tok.dep_ in ("compound", "amod") and tok.head.i > tok.i:
            tok = tok.head
        else:
            break
    return tok


def _at_people(tok: Token) -> bool:
    """An insulting word aimed at people: predicated of a person ("he is a clown"), addressed
    ("you idiot"), a name in apposition, or modifying a person noun ("stupid minister")."""
    if tok.dep_ in ("compound", "amod") and _phrase_head(tok) is not tok:
        head = _phrase_head(tok)
        if head.lower_ in _PEOPLE or head.lemma_.lower() in _incivility_words()[0] \
                or head.ent_type_ == "PERSON":
            return True
        return head.dep_ in ("attr", "oprd") and _at_people(head)
    head = tok.head
    if tok.dep_ in ("attr", "acomp", "appos", "npadvmod", "dobj", "conj", "ROOT", "nsubj", "intj", "oprd"):
        if tok.dep_ in ("attr", "acomp", "oprd"):
            subj = _subject(head)
            return bool(subj) and _personish(subj[0])
        return True
    if tok.dep_ == "amod":
        return head.lower_ in _PEOPLE or head.ent_type_ in ("PERSON", "NORP") or head.lemma_ in _PEOPLE \
            or head.lower_ in _incivility_words()[0]
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.lower_ in ("you", "ya", "u")


def _of_people(tok: Token) -> bool:
    """A dehumanising noun said of people: "they are animals", "these rats", "those vermin"."""
    tok = _phrase_head(tok)
    if tok.dep_ in ("attr", "oprd"):
        subj = _subject(tok.head)
        return bool(subj) and _personish(subj[0])
    if any(c.lower_ in ("these", "those") for c in tok.children):
        return True
    if tok.dep_ == "appos" or tok.dep_ == "conj" and tok.head.dep_ in ("attr",):
        return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.lower_ in ("you", "like")


def _people_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in _PEOPLE or c.ent_type_ in ("NORP", "PERSON"))
               for c in tok.children)


def _lying_accusation(tok: Token) -> bool:
    """"liar" said of someone, "he is lying", "lies" as what someone tells."""
    if tok.lower_ in ("liar", "liars", "dishonest", "deceitful"):
        return True
    if tok.lower_ in ("lying", "lied", "fibbing", "deceiving"):
        return any(c.dep_ == "nsubj" for c in tok.children) or tok.head.lemma_ == "stop"
    if tok.lower_ in ("lies", "lie"):
        return tok.pos_ == "NOUN" and (tok.head.lemma_ in ("tell", "spread", "spout", "peddle", "be")
                                       or any(c.dep_ in ("amod", "det", "poss") for c in tok.children)
                                       or tok.dep_ in ("ROOT", "attr", "appos", "conj"))
    return False


# --- quote-backs --------------------------------------------------------------------------------

def _article_sentences(parsed: Parsed) -> list[tuple[int, int, str]]:
    out = []
    for seg, sdoc in zip(parsed.segments, parsed.docs):
        if seg.kind != "article":
            continue
        for sent in sdoc.sents:
            t = sent.text.strip()
            if len(t.split()) >= 3:
                lead = len(sent.text) - len(sent.text.lstrip())
                out.append((sent.start_char + seg.start + lead, sent.end_char + seg.start, _norm(t)))
    return out


def quote_backs(body: str, offset: int, text: str, sentences: list[tuple[int, int, str]],
                quotes: list[Quote]) -> list[QuoteBack]:
    """`sentences`: the article's (start, end, normalised text), from `_article_sentences`."""
    from rapidfuzz import fuzz, process

    candidates: list[tuple[int, int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(body):
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

