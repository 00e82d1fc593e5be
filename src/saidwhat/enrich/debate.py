"""Positions and the relations between speakers: who agrees with, disagrees with, or answers whom.

Three kinds of evidence, strongest first:
1. a cue of disagreement or agreement ("rejected", "disagreed", "echoed") in the sentence that
   carries the quote or in the sentence just before it in the same paragraph ("Varga disagreed.
   'The problem is ...', she said"), aimed at the speaker it names ("rejected Varga's claim") or,
   when it names none, at the last other speaker quoted;
2. contradicting claims: two speakers on the same issue using the same verb, one negated and the
   other not ("Veloria keeps moving its checkpoints" / "Nobody has moved anything");
3. turn-taking: a speaker quoted right after another on the same issue responds to them.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..nlp import text_of
from ..lang import load
from ..quotes.cues import denies_speech, load_lexicon
from ..records import Issue, Position, Quote, Relation, TextSpan
from .pairs import score_pairs
from .parsed import Parsed, role_mentions
from .stance import phrase_side

POSITION_WORDS = 24
# Earlier quotes on the same issue that a quote is checked against for a contradicting claim: a
# reply answers what was said recently, and the bound keeps a long transcript linear.
CONTRADICTION_WINDOW = 60


def find_relations(parsed: Parsed, windows: dict[str, list[Token]], groups: dict[str, list[Quote]],
                   issue_of: dict[str, str],
                   patterns: list[tuple[str, re.Pattern[str]]],
                   roles: dict[str, set[str]] | None = None, pair: list[str] | None = None,
                   lang: str = "en", unnamed: set[str] | frozenset[str] = frozenset()) -> list[Relation]:
    """Relations between the speakers of one document. `pair`: the two main persons, whom a
    group subject such as "both leaders" or "the two" stands for. `unnamed`: speakers left as
    written ("a committee", "the 54-year-old senator" no name explained), who are never a side of
    a relation: who agrees with whom must be someone a reader can name."""
    lex = load(lang, "debate")
    disagree, agree, respond = set(lex["disagree_cues"]), set(lex["agree_cues"]), set(lex["respond_cues"])
    out: list[Relation] = []
    seen: set[tuple[str, str, str, str | None]] = set()

    def add(rel: Relation) -> None:
        key = (rel.kind, rel.source, rel.target, rel.issue)
        if rel.source != rel.target and key not in seen and rel.source not in unnamed and rel.target not in unnamed:
            seen.add(key)
            out.append(rel)

    order = [g for g in groups if groups[g][0].speaker is not None]
    name_of = dict(patterns)  # speaker id -> the pattern of their names
    denied: set[str] = set()  # quote groups with a cue of disagreement said not to happen
    negators = set(lex["negators"])
    verbs: dict[str, dict[str, bool]] = {}  # each quote's content verbs, computed once
    last_by: dict[str, Quote] = {}  # speaker id -> their latest quote so far, in text order
    by_issue: dict[str | None, list[Quote]] = {}  # the quotes so far on each issue
    order_at = {g: k for k, g in enumerate(order)}

    def _verbs_of(g: str) -> dict[str, bool]:
        if g not in verbs:
            verbs[g] = _verbs(parsed, groups[g], negators)
        return verbs[g]

    for g in order:
        q = groups[g][0]
        assert q.speaker is not None
        src = q.speaker.id
        issue = issue_of.get(g)
        last_other = max((e for sid, e in last_by.items() if sid != src), key=lambda e: order_at[e.group], default=None)
        same_issue = [e for e in by_issue.get(issue, [])[-CONTRADICTION_WINDOW:]
                      if e.speaker is not None and e.speaker.id != src]
        last_by[src] = q
        by_issue.setdefault(issue, []).append(q)
        window = windows.get(g, [])
        both = q.speaker_mention is not None and re.match(r"(?i)(both|the two)\b", q.speaker_mention.text)
        if both and pair and len(pair) == 2:
            for tok, phrase in _cues(window, agree | disagree):
                if phrase in agree and not _negated(tok):
                    add(Relation(kind="agrees", source=pair[0], target=pair[1], issue=issue, quote=g,
                                 reason=f"cue: {tok.text} (both)"))
                    break
            continue
        for tok, phrase in _cues(window, disagree | agree | respond, name_of.get(src)):
            kind = "disagrees" if phrase in disagree else "agrees" if phrase in agree else "responds_to"
            if kind == "agrees" and _negated(tok):
                kind = "disagrees"  # "did not agree"
            elif kind == "disagrees" and _denied(tok, negators):
                denied.add(g)
                continue  # "I would not dismiss it", "Nobody can reject the science": no dispute
            target = _named_target(tok, window, patterns, src, roles or {})
            if target is None and kind != "responds_to" and _aimed_at_both(tok):
                # "Rennie challenged both of them": the two other speakers last quoted
                others = []
                for e in sorted(last_by.values(), key=lambda e: -order_at[e.group]):
                    if e.speaker is not None and e.speaker.id != src and e.speaker.id not in others:
                        others.append(e.speaker.id)
                for other in others[:2] if len(others) >= 2 else []:
                    add(Relation(kind=kind, source=src, target=other, issue=issue, quote=g,  # type: ignore[arg-type]
                                 reason=f"cue: {tok.text} (both)"))
                if len(others) >= 2:
                    continue
            if target is None and kind != "agrees":
                ref = same_issue[-1] if same_issue else last_other
                target = ref.speaker.id if ref is not None and ref.speaker is not None else None
            if target is None:
                continue
            evidence = TextSpan(tok.idx + _seg_start(parsed, q), tok.idx + len(tok) + _seg_start(parsed, q), tok.text)
            add(Relation(kind=kind, source=src, target=target, issue=issue, quote=g,  # type: ignore[arg-type]
                         reason=f"cue: {tok.text}", evidence=evidence))
        if not any(r.quote == g and r.kind != "responds_to" for r in out):
            # No cue: what the speaker's own words say of another speaker they name ("Berglund
            # said the minister was not telling the truth", "Daly is wrong about the pharmacies")
            for target, side in _said_of(groups[g], patterns, roles or {}, src, lex):
                add(Relation(kind="disagrees" if side < 0 else "agrees", source=src, target=target,  # type: ignore[arg-type]
                             issue=issue, quote=g, reason="said of them"))
        for other in same_issue:
            if _contradicts(_verbs_of(g), _verbs_of(other.group)):
                assert other.speaker is not None
                add(Relation(kind="disagrees", source=src, target=other.speaker.id, issue=issue, quote=g,
                             reason="contradicting claims"))
        if same_issue and same_issue[-1] is last_other and last_other is not None and last_other.speaker is not None:
            add(Relation(kind="responds_to", source=src, target=last_other.speaker.id, issue=issue, quote=g,
                         reason="answers on the same issue"))
    # The rules' findings are evidence; the relation scorer decides who disagrees or agrees with whom.
    named = {groups[g][0].speaker.id for g in order} - set(unnamed)  # type: ignore[union-attr]
    # A group subject that agrees ("Both leaders agreed that ...") stands for both directions.
    both = [r for r in out if r.reason.endswith("(both)") and r.kind == "agrees" and r.source in named]
    both += [Relation(kind="agrees", source=r.target, target=r.source, issue=r.issue, quote=r.quote,
                      reason=r.reason, evidence=r.evidence) for r in both if r.target in named]
    scored = score_pairs(order, groups, windows, out, patterns, roles or {}, pair=pair, named=named,
                         denied=denied, lang=lang)
    have = {(r.kind, r.source, r.target) for r in scored}
    scored += [r for r in both if (r.kind, r.source, r.target) not in have]
    return scored + [r for r in out if r.kind == "responds_to"]


def reply_links(windows: dict[str, list[Token]], groups: dict[str, list[Quote]],
                patterns: list[tuple[str, re.Pattern[str]]], roles: dict[str, set[str]], *,
                lang: str = "en") -> list[tuple[str, str]]:
    """(quote, earlier quote) pairs where a speaker answers another by name ("Kross agreed with
    Vass", "Ekdahl rejected Quanz's claim"): the answer is on the issue of the quote it answers."""
    lex = load(lang, "debate")
    cues = set(lex["disagree_cues"]) | set(lex["agree_cues"]) | set(lex["respond_cues"])
    out = []
    order = [g for g in groups if groups[g][0].speaker is not None]
    name_of = dict(patterns)
    last_of: dict[str, str] = {}  # speaker id -> their latest quote so far
    for g in order:
        q = groups[g][0]
        assert q.speaker is not None
        window = windows.get(g, [])
        for tok, _ in _cues(window, cues, name_of.get(q.speaker.id)):
            target = _named_target(tok, window, patterns, q.speaker.id, roles)
            if target and target in last_of:
                out.append((g, last_of[target]))
                break
        last_of[q.speaker.id] = g
    return out


_SENTENCE_END = re.compile(r"[.!?;]")


def _said_of(pieces: list[Quote], patterns, roles: dict[str, set[str]], src: str, lex: dict) -> list[tuple[str, float]]:
    """(speaker, side) for each other speaker a quote names (by name, or by a role only they hold)
    with a stance phrase after the name in the same sentence: only phrases count here ("is
    lying", "was wrong", "is right"), never the tone, which in a speaker's words is about the
    matter, not the person."""
    found: dict[str, float] = {}
    for q in pieces:
        text = q.text
        spots = [(m.start(), sid) for sid, pat in patterns if sid != src for m in pat.finditer(text)]
        spots += role_mentions(text, roles, exclude=src)
        for at, sid in spots:
            end = _SENTENCE_END.search(text, at)
            side = phrase_side(text[at:end.start() if end else len(text)], lex)
            if side:
                found[sid] = found.get(sid, 0.0) + side
    return [(sid, side) for sid, side in found.items() if side]


def _aimed_at_both(tok: Token) -> bool:
    """Whether a cue's object is "both (of them)", "them both" or "all of them"."""
    for c in tok.children:
        if c.dep_ in ("dobj", "prep") and any(t.lower_ == "both" for t in c.subtree):
            return True
    return False


def _seg_start(parsed: Parsed, q: Quote) -> int:
    return parsed.segments[q.segment].start


def cue_windows(parsed: Parsed, groups: dict[str, list[Quote]]) -> dict[str, list[Token]]:
    """Each attributed quote's window (see `_window`), built once for the reply links and the relations."""
    return {g: _window(parsed, qs[0]) for g, qs in groups.items() if qs[0].speaker is not None}


def _window(parsed: Parsed, q: Quote) -> list[Token]:
    """Tokens of the sentence with the quote's cue (or the quote's first sentence), and the
    sentence before it when that one is in the same paragraph."""
    anchor = q.cue if q.cue is not None else TextSpan(q.start, q.end, q.text)
    span = parsed.span(anchor.start, anchor.end, q.segment)
    if span is None:
        return []
    sent = parsed.sent(q.segment, span.start)
    toks = list(sent)
    first = parsed.span(q.start, min(q.end, q.start + 1), q.segment)
    if first is not None and parsed.sent(q.segment, first.start).start < sent.start:
        sent = parsed.sent(q.segment, first.start)
        toks = list(sent) + toks
    doc = sent.doc
    if sent.start > 0:
        prev = parsed.sent(q.segment, sent.start - 1)
        # from the previous sentence's last token: a paragraph break is often that token itself
        gap = text_of(doc)[prev[-1].idx:sent.start_char]
        if "\n" not in gap:
            toks = list(prev) + toks
    # Not inside the quoted words of someone else: only the narrative and the speaker's own words.
    return toks


def _cues(window: list[Token], words: set[str], by: re.Pattern[str] | None = None) -> list[tuple[Token, str]]:
    """The cue words in a window, as (token, lemma or two-word phrase). With `by` (the source's
    name pattern), a verb whose subject is a name that is not the source's is someone else's act
    ("Councillor Mette Lind backed Achterberg.Solvang said ..."): not a cue of the source."""
    found = []
    for i, tok in enumerate(window):
        lemma = tok.lemma_.lower()
        nxt = window[i + 1].lower_ if i + 1 < len(window) else ""
        two = f"{lemma} {nxt}"
        if two in words:
            hit = (tok, two)
        elif lemma in words and tok.pos_ in ("VERB", "NOUN", "ADJ") and not (lemma in ("back", "side", "second", "counter", "object") and tok.pos_ != "VERB"):
            hit = (tok, lemma)
        else:
            continue
        if by is not None and _named_subject_other(tok, by):
            continue
        found.append(hit)
    return found


def _named_subject_other(tok: Token, by: re.Pattern[str]) -> bool:
    for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subj.pos_ == "PROPN" or subj.ent_type_ == "PERSON":
            return not by.search(text_of(tok.doc)[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge)])
    return False


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _denied(tok: Token, negators: set[str]) -> bool:
    """Whether a cue is said not to happen: negated ("would not dismiss"), with a negative subject
    ("nobody can reject", "no one disputes"), or with "never"."""
    lex = load(tok.doc.lang_, "debate")
    if _negated(tok) or any(c.dep_ == "advmod" and c.lower_ in lex["negative_adverbs"] for c in tok.children):
        return True
    speech = load_lexicon(tok.doc.lang_)
    return any(subj.lower_ in negators or denies_speech(subj, speech)
               for subj in tok.children if subj.dep_ in ("nsubj", "nsubjpass"))


def _named_target(tok: Token, window: list[Token], patterns: list[tuple[str, re.Pattern[str]]], src: str,
                  roles: dict[str, set[str]]) -> str | None:
    """The speaker a cue is aimed at: named (or called by a role only they hold, "backed the mayor")
    in its object, its with/of phrase, or, for a verb, elsewhere in its clause. A noun cue is
    aimed only at whom its own phrase names ("support for Lund", "Ridge's criticism"): "the tram
    had strong support" names nobody, whoever else the sentence mentions."""
    if not window:
        return None
    doc = tok.doc
    verb = tok.pos_ in ("VERB", "AUX")
    scope = [t for t in tok.subtree if t.dep_ not in ("nsubj", "nsubjpass")] if verb else list(tok.subtree)
    zones = []
    if scope:
        zones.append(doc[min(t.i for t in scope):max(t.i for t in scope) + 1].text)
    if verb:
        zones.append(" ".join(t.text for t in window))
    for zone in zones:
        for sid, pat in patterns:
            if sid != src and pat.search(zone):
                return sid
        by_role = role_mentions(zone, roles, exclude=src)
        if by_role:
            return by_role[0][1]
    return None


def _contradicts(va: dict[str, bool], vb: dict[str, bool]) -> bool:
    return any(v in vb and vb[v] != pol for v, pol in va.items())


def _verbs(parsed: Parsed, pieces: list[Quote], negators: set[str]) -> dict[str, bool]:
    """Content verbs of a quote with their polarity (True: affirmed)."""
    out: dict[str, bool] = {}
    for q in pieces:
        sp = parsed.span(q.start, q.end, q.segment)
        if sp is None:
            continue
        for tok in sp:
            if tok.pos_ != "VERB" or tok.lemma_ in ("be", "have", "do", "say", "tell", "think", "will", "can"):
                continue
            neg = any(c.dep_ == "neg" or c.lower_ in negators for c in tok.children)
            out[tok.lemma_.lower()] = not neg
    return out


def positions(issues: list[Issue], groups: dict[str, list[Quote]]) -> list[Position]:
    """Each speaker's position on each issue in a line: their quote that shares most of the issue's
    key terms (the longer one on ties), clipped to a line."""
    out: list[Position] = []
    for issue in issues:
        best: dict[str, tuple[float, str, str]] = {}
        for g in issue.quotes:
            pieces = groups[g]
            q = pieces[0]
            if q.speaker is None:
                continue
            text = " … ".join(p.text.strip() for p in pieces)
            words = {w.lower().strip(".,;:!?\"'“”‘’") for w in text.split()}
            overlap = sum(1 for t in issue.terms if any(w.startswith(t[:5]) for w in words))
            score = overlap + min(len(words), 30) / 100
            if q.speaker.id not in best or score > best[q.speaker.id][0]:
                best[q.speaker.id] = (score, g, text)
        for sid, (_, g, text) in best.items():
            out.append(Position(issue=issue.id, speaker=sid, text=clip_words(text, POSITION_WORDS), quote=g))
    return out


def clip_words(text: str, n: int) -> str:
    words = " ".join(text.split()).strip(" \"'“”‘’").split(" ")
    return " ".join(words) if len(words) <= n else " ".join(words[:n]) + " …"

