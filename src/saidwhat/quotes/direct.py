"""Direct quotes: quotation-mark spans joined to the attributions found on the parse.

- A reported clause that lies inside a quoted span becomes that whole span (a quote of several
  sentences with the cue after the last one; a quote over several paragraphs).
- A quote split around its cue (`"A," she said, "B."`) becomes one attribution with two pieces.
- A quoted span with a cue beside it but no parse link (`Lavrov said: "..."` over a sentence
  break, `"...," said Lavrov`) takes that cue.
- A quoted sentence with no cue at all (a paragraph of quotes after a named speaker) takes the
  speaker of the last attributed quote within `context_window` paragraphs, flagged as context.
- Short quoted phrases with none of these (scare quotes, titles, nicknames) are not quotes;
  inside a reported clause they make it a mixed quote.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ..names import people
from ..nlp import text_of
from .candidate import Candidate
from .cues import Lexicon, match_cue
from .marks import inside_marks
from .spans import trim, words_in
from .subjects import inherited_subject

# A quoted span needs this many words to stand as a quote without a cue beside it.
MIN_CONTEXT_WORDS = 4
DASH_SIGNATURE = re.compile(r"[\"”’']?[ \t\xa0\u202f]*(?P<dash>[―—–]|--?)[ \t\xa0\u202f]*"
                            r"(?P<name>[A-Z][\w.'’\-]*(?:[ \xa0][A-Z][\w.'’\-]*){0,3})")
# Tokens after a quote searched for its cue: room for "Rep. Jane Roe (D-Md.) said".
AFTER_WINDOW = 16
# A heading that introduces a quote with a colon and names one person has at most this many tokens.
HEADING_WORDS = 12
# Characters allowed between a quote and its cue clause: spaces and light punctuation.
GAP = set(" \t\n,;:—–-")


def attach_marks(doc: Doc, cands: list[Candidate], marks: list[tuple[int, int]], lex: Lexicon,
                 paragraphs: list[tuple[int, int]], *, context_window: int) -> list[Candidate]:
    text = text_of(doc)
    inner = [(o + 1, c) for o, c in marks]
    claimed: set[int] = set()  # indices into `marks` already part of an attribution
    # 1. A reported clause inside a quoted span is the quoted span.
    for cand in cands:
        new_pieces = []
        cue = cand.cue_span()
        for s, e in cand.pieces:
            k = None if cand.verbatim else _containing(inner, s, e)
            if k is not None and cue is not None and inner[k][0] <= cue[0] < inner[k][1]:
                k = None  # the cue is inside the quotation: the quoted span is not this content
            if cand.verbatim:
                # A transcript turn inside quotation marks owns the quoted span around it.
                claimed.update(j for j, (a, b) in enumerate(inner) if a < e and s < b)
            if k is None and not cand.verbatim:
                # `likened the rules to "burning the Constitution" - a charge that ...`: after a dash
                # the writer speaks; the content is the quotation.
                k = next((j for j, (a, b) in enumerate(inner)
                          if a - 1 <= s <= a + 1 and b < e and re.match(r"[\"”’']?\s*[-—–]\s", text[b:b + 5])), None)
            swallowed = None if k is not None or cand.verbatim or cue is None else _swallowed_name(doc, inner, s, e, cue)
            if swallowed is not None:
                # `“...,” Tulsa police Chief Chuck Jordan said`, parsed as one clause: the quoted span
                # is the content and the name after it the speaker.
                k, name = swallowed
                cand.subject = name
                cand.clause |= {t.i for t in doc[name.left_edge.i:name.i + 1]}
            if k is not None and cand.subject is None and cue is not None and inner[k][1] < cue[0]:
                # `"...," the 58-year-old said`, with the parser's subject lost: the words between
                # the quotation and its cue name the speaker.
                between = doc.char_span(inner[k][1], cue[0], alignment_mode="expand")
                gap = [t for t in between if inner[k][1] < t.idx < cue[0]] if between is not None else []
                name = _name_between(gap) if 0 < len(gap) <= 8 else None
                if name is not None:
                    cand.subject = name
            if k is not None:
                new_pieces.append(_quote_piece(text, inner[k]))
                claimed.add(k)
            else:
                new_pieces.append((s, e))
                claimed.update(k for k, (a, b) in enumerate(inner) if s <= a and b <= e + 1)
        cand.pieces = _dedupe(new_pieces)
    # 2. The other half of a quote split around its cue: `"A," she said, "B."`
    for cand in cands:
        _join_other_half(doc, text, cand, inner, claimed)
    # 3. Quoted spans no attribution holds yet.
    para_starts = [p[0] for p in paragraphs]
    result = list(cands)
    for k, (a, b) in enumerate(inner):
        if k in claimed or any(_overlaps(p, (a, b)) for c in result for p in c.pieces):
            continue
        piece = _quote_piece(text, (a, b))
        if piece[1] <= piece[0]:
            continue
        cand = _adjacent_cue(doc, (a, b), marks, lex)
        if cand is None and (not _sentence_like(text, (a, b), doc) or _inside_a_phrase(doc, a)):
            cand = _named_by(doc, piece, lex)
            if cand is None:
                continue  # a scare quote, title or nickname
        if cand is None:
            cand = Candidate(pieces=[piece], attributed_by="context")
            cand.context_of = previous_attributed(result, a, paragraphs, para_starts, context_window)
            if cand.context_of is None:
                cand.attributed_by = None
        else:
            cand.pieces = [piece]
            claimed.add(k)
            _join_other_half(doc, text, cand, inner, claimed)
        result.append(cand)
    result.sort(key=lambda c: c.start)
    return result


def _named_by(doc: Doc, piece: tuple[int, int], lex: Lexicon) -> Candidate | None:
    """A short quotation that is what someone called, chanted or wrote ("Obama and Clinton call
    them "lone wolves"", "used the phrase "Islamic terrorism"", "singing "It's Our Time""): the
    subject of that verb said those words."""
    span = doc.char_span(piece[0], piece[1], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    head = root.head
    if root.dep_ in ("appos", "compound", "pobj") and head.lemma_.lower() in lex.naming_nouns:
        head = head.head  # "the phrase "X"": the verb that takes the phrase
        if head.dep_ == "prep":
            head = head.head
    elif root.dep_ in ("appos", "compound") and head.dep_ in ("dobj", "oprd"):
        head = head.head
    if root.dep_ not in ("dobj", "oprd", "attr", "xcomp", "ccomp", "appos", "compound", "pobj", "npadvmod", "conj"):
        return None
    if head.pos_ != "VERB" or head.lemma_.lower() not in lex.naming_verbs:
        return None
    subject = inherited_subject(head, lex)
    if subject is None or subject.lower_ in lex.non_speakers:
        return None
    return Candidate(pieces=[], act="speech", cue=(head,), subject=subject, clause={head.i, subject.i})


def _join_other_half(doc: Doc, text: str, cand: Candidate, inner: list[tuple[int, int]], claimed: set[int]) -> None:
    """Add to `cand` the unclaimed quotation on the other side of its cue clause."""
    if not cand.cue or not cand.clause:
        return
    lo, hi = _clause_bounds(doc, cand)
    for k, (a, b) in enumerate(inner):
        if k in claimed:
            continue
        after_piece = any(_only_gap(text, p[1], lo) for p in cand.pieces)
        # `“A,” she said, “B.”`, and `“A,” she said. “B.”`: the clause between two quotations
        # belongs to both, however short the second one is.
        follows = after_piece and (_only_gap(text, hi, a - 1) or _sentence_gap(text, hi, a - 1)
                                   and text[a:a + 1].isupper())
        precedes = _only_gap(text, b + 1, lo) and any(_only_gap(text, hi, p[0]) for p in cand.pieces)
        if follows or precedes:
            cand.pieces = _dedupe(cand.pieces + [_quote_piece(text, (a, b))])
            claimed.add(k)


def _quote_piece(text: str, span: tuple[int, int]) -> tuple[int, int]:
    return trim(text, span[0], span[1], drop_that=False)


def _containing(inner: list[tuple[int, int]], s: int, e: int) -> int | None:
    for k, (a, b) in enumerate(inner):
        if a - 1 <= s and e <= b + 1:
            return k
    return None


def _overlaps(p: tuple[int, int], q: tuple[int, int]) -> bool:
    return p[0] < q[1] and q[0] < p[1]


def _dedupe(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(set(pieces)):
        if out and p[0] < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], p[1]))
        else:
            out.append(p)
    return out


def _only_gap(text: str, s: int, e: int) -> bool:
    """True when text[s:e] holds nothing but spaces and light punctuation (and is short)."""
    if e < s:
        return False
    if e - s > 4 or "\n" in text[s:e]:
        return False
    return all(ch in GAP or ch in "\"“”‘’'" for ch in text[s:e])


def _swallowed_name(doc: Doc, inner: list[tuple[int, int]], s: int, e: int,
                    cue: tuple[int, int]) -> tuple[int, Token] | None:
    """(quoted span index, name head) when content [s, e) is a quoted span plus the name after it,
    right before the cue."""
    if cue[0] < e - 1:
        return None
    for k, (a, b) in enumerate(inner):
        if a - 1 <= s < b and b < e:
            toks = [t for t in doc.char_span(b, cue[0], alignment_mode="expand") or [] if t.idx >= b]
            while toks and toks[0].is_punct:
                toks = toks[1:]
            name = _name_between(toks)
            return (k, name) if name is not None else None
    return None


def doc_text(toks: list[Token]) -> str:
    return toks[0].doc.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def _name_between(between: list[Token]) -> Token | None:
    """The head of a name standing alone between a quote and its cue ("Tulsa police Chief Chuck
    Jordan"; "Flynn, a top Trump surrogate,"): the last word of the last run of capitalised words
    before any comma, when nothing that makes a clause (a pronoun, a conjunction, a lower-case verb)
    stands there."""
    words = []
    for x in between:
        if x.text == ",":
            break
        if not x.is_punct and not x.is_space:
            words.append(x)
    if not words or any(x.pos_ in ("PRON", "SCONJ", "CCONJ", "ADP", "AUX") or x.pos_ == "VERB" and not x.is_title
                        for x in words):
        return None
    if people(words[0].doc.lang_).age.fullmatch(doc_text(words).removeprefix("the ").removeprefix("The ")):
        return words[-1]  # "the 58-year-old", which the parser may hang off the cue as a modifier
    run: list[Token] = []
    last: list[Token] = []
    for x in words:
        if x.is_title and x.pos_ in ("PROPN", "NOUN", "VERB", "ADJ"):
            run.append(x)
        else:
            last, run = (run or last), []
    run = run or last
    return run[-1] if run and run[-1].pos_ == "PROPN" else None


def _sentence_gap(text: str, s: int, e: int) -> bool:
    """True when text[s:e] is the end of a sentence and the space after it, on one line."""
    gap = text[s:e]
    return 1 < len(gap) <= 4 and gap[0] in ".!?" and not gap[1:].strip() and "\n" not in gap


def _clause_bounds(doc: Doc, cand: Candidate) -> tuple[int, int]:
    toks = [doc[i] for i in cand.clause if not (doc[i].is_punct or doc[i].is_space)] or list(cand.cue)
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _adjacent_cue(doc: Doc, span: tuple[int, int], marks: list[tuple[int, int]], lex: Lexicon) -> Candidate | None:
    """A cue clause right after the quote (`"...," said Lavrov.`) or right before it, ending in a
    colon or comma (`Lavrov told reporters: "..."`), possibly across a sentence break."""
    text = text_of(doc)
    a, b = span
    # A signature after the quote: “...” ― Sonya Herridge
    sig = DASH_SIGNATURE.match(text, b + 1)
    if sig:
        name_end = sig.end("name")
        if text[name_end - 1] == "." and name_end - sig.start("name") > 2 and text[name_end - 3] != " ":
            name_end -= 1  # the sentence's full stop, not an initial's
        name = doc.char_span(sig.start("name"), name_end, alignment_mode="expand")
        dash = doc.char_span(sig.start("dash"), sig.end("dash"), alignment_mode="expand")
        if name is not None and dash is not None and all(t.pos_ == "PROPN" or t.is_title for t in name):
            return Candidate(pieces=[], act="speech", cue=(dash[0],), subject=name[-1],
                             clause={t.i for t in name} | {dash[0].i})
    if _inside_a_phrase(doc, a):
        return None  # `on CBS's "Face the Nation," Ryan said`: a title the sentence names, not his words
    after = list(doc[_token_at(doc, b):][:AFTER_WINDOW])
    depth = 0  # inside parentheses a full stop is an abbreviation's: "Rep. X (D-Md.) said"
    for t in after:
        depth += (t.text == "(") - (t.text == ")")
        if (t.is_space and "\n" in t.text) or (t.text in (".", "!", "?") and depth <= 0):
            break
        cue = match_cue(t, lex)
        if cue is None or cue.according or inside_marks(t.idx, marks):
            continue
        subj = inherited_subject(t, lex)
        between = [x for x in after if x.idx > b and x.i < t.i and not x.is_punct and not x.is_space]
        if subj is None or subj.idx < b:
            # The parser often folds `“...,” Tulsa police Chief Chuck Jordan said` or `“...,” Flynn, a
            # top surrogate, said` into the quote's clause; the name between the quote and the cue
            # is still the speaker.
            name = _name_between([x for x in after if x.idx > b and x.i < t.i])
            if name is None:
                break
            return Candidate(pieces=[], act=cue.act, cue=cue.tokens, subject=name,
                             clause={x.i for x in between} | {x.i for x in cue.tokens})
        clause = {x.i for x in t.subtree if x.idx >= b}
        if all(x.i in clause for x in between):
            return Candidate(pieces=[], act=cue.act, cue=cue.tokens, subject=subj, clause=clause)
        break
    first_inside = _token_at(doc, a)
    before = [t for t in doc[max(0, first_inside - 60):first_inside] if t.idx + len(t.text) < a and not t.is_space]
    colon_para = bool(before) and before[-1].text == ":" and not text[before[-1].idx + 1:a - 1].strip()
    if before and before[-1].text in (":", ",") and (_only_gap(text, before[-1].idx + 1, a - 1) or colon_para):
        sent_start = before[-1].sent.start
        for t in reversed([t for t in before if t.i >= sent_start][-40:]):
            if inside_marks(t.idx, marks):
                break
            cue = match_cue(t, lex)
            if cue is not None:
                subj = cue.tokens[-1] if cue.according else inherited_subject(t, lex)
                if cue.according:
                    subj = next((c for c in cue.tokens[-1].children if c.dep_ == "pobj"), None)
                if subj is not None:
                    return Candidate(pieces=[], act=cue.act, cue=cue.tokens, subject=subj,
                                     according=cue.according, clause={x.i for x in t.subtree})
        # A colon introduction with no cue verb: "Osei gave her verdict: ..." takes the subject
        # of the clause that ends in the colon.
        verb = before[-1].head
        if verb.pos_ == "NOUN" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "made the following comment:" -> made
        if before[-1].text == ":" and verb.pos_ in ("VERB", "AUX") and not inside_marks(verb.idx, marks):
            subj = inherited_subject(verb, lex)
            if subj is not None and (subj.pos_ in ("PROPN", "PRON") or subj.ent_type_ in ("PERSON", "ORG")):
                return Candidate(pieces=[], act="speech", cue=(verb,), subject=subj,
                                 clause={x.i for x in verb.subtree if x.idx < a})
        # "Lavrov: ..." with no verb at all: a bare name before the colon.
        head = before[-2] if len(before) >= 2 else None
        if before[-1].text == ":" and head is not None and head.ent_type_ in ("PERSON", "ORG") \
                and head.sent.start == head.i - _name_length(head) + 1:
            return Candidate(pieces=[], act="speech", cue=(before[-1],), subject=head, clause={head.i})
        # A short heading that names one person: "A lesson from Jane Roe: '...'".
        heading = [t for t in before if t.i >= sent_start][:-1]
        if before[-1].text == ":" and 0 < len(heading) <= HEADING_WORDS and _paragraph_start(text, heading[0].idx):
            people = [e for e in doc.ents if e.label_ == "PERSON" and heading[0].i <= e.start and e.end <= heading[-1].i + 1]
            if len(people) == 1:
                return Candidate(pieces=[], act="speech", cue=(before[-1],), subject=people[0].root,
                                 clause={t.i for t in heading})
    return None


def _paragraph_start(text: str, char: int) -> bool:
    line_start = text.rfind("\n", 0, char) + 1
    return not text[line_start:char].strip()


def _inside_a_phrase(doc: Doc, a: int) -> bool:
    """Whether the quotation starting at `a` (just inside its mark) follows, in its sentence, a
    possessive, a preposition or a determiner: it is then a name the sentence uses (a show, a
    book, a slogan: `told MSNBC's "Morning Joe"`, `an episode of "The Harbour Hour"`), not words
    someone is quoted as saying."""
    k = _token_at(doc, a)
    prev = [t for t in doc[max(0, k - 4):k] if t.idx < a - 1 and not t.is_space and not t.is_quote]
    if not prev or k >= len(doc) or prev[-1].sent.start != doc[k].sent.start:
        return False
    return prev[-1].tag_ in ("POS", "IN", "DT", "PRP$")


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token that starts at or after `char` (binary search on offsets)."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _name_length(tok: Token) -> int:
    n = 1
    while tok.i - n >= 0 and tok.doc[tok.i - n].ent_iob_ in ("B", "I") and tok.doc[tok.i - n].ent_type_ == tok.ent_type_ \
            and tok.doc[tok.i - n + 1].ent_iob_ == "I":
        n += 1
    return n


def _sentence_like(text: str, span: tuple[int, int], doc: Doc) -> bool:
    a, b = span
    content = text[a:b].strip()
    if words_in(content) < MIN_CONTEXT_WORDS or _title_case(content):
        return False
    first = content.lstrip("“\"‘'(…. ")[:1]
    ends = content.rstrip("\"”’' ")[-1:]
    # A full quotation opens with a capital (or an ellipsis) and ends like a sentence, or stands
    # alone as the whole of its sentence.
    if first.isupper() and ends in ".!?…,":
        return True
    return _alone_in_sentence(text, span, doc)


# Small words a title leaves in lower case ("Coal Isn't the Villain").
TITLE_SMALL_WORDS = frozenset("a an and as at but by for in nor of on or the to with".split())


def _title_case(content: str) -> bool:
    """A quotation whose every word is capitalised but the small ones ("All Bets Are Off.", a
    section heading between the paragraphs of a feature) is a title, not a sentence somebody
    said. All capitals is shouting, not a title."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    big = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return len(big) >= 3 and all(w[0].isupper() for w in big) and not all(w.isupper() for w in big)


def _alone_in_sentence(text: str, span: tuple[int, int], doc: Doc) -> bool:
    a, b = span
    toks = [t for t in doc[_token_at(doc, a):_token_at(doc, b)] if a <= t.idx < b]
    if not toks:
        return False
    sent = toks[0].sent
    outside = [t for t in sent if not (a - 1 <= t.idx <= b) and not t.is_punct and not t.is_space]
    return len(outside) == 0


def previous_attributed(cands: list[Candidate], pos: int, paragraphs: list[tuple[int, int]],
                         para_starts: list[int], window: int) -> Candidate | None:
    here = max(0, bisect.bisect_right(para_starts, pos) - 1)
    best = None
    for c in cands:
        if c.start >= pos or (c.subject is None and c.context_of is None):
            continue
        para = max(0, bisect.bisect_right(para_starts, c.start) - 1)
        if here - para > window:
            continue
        if best is None or c.start > best.start:
            best = c
    if best is not None and best.context_of is not None and best.subject is None:
        return best.context_of
    return best
