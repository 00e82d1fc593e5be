"""Reported speech and thought found on the dependency parse.

A cue (a speech or thought verb from the lexicon, or "according to") is paired with its content:
1. the clause the cue governs (`ccomp`, or `parataxis`; for thought verbs also "to"-clauses:
   "wants to leave");
2. else, when the cue clause trails or interrupts its content ("X, another source said" / "X, he
   said, Y"), the rest of the sentence;
3. for "according to X", the sentence without the phrase;
4. for "As X said, ...", the clause the cue clause modifies; for a gerund ("denied taking
   money"), the gerund's clause; for a claim noun ("his claim that ...", "Lund's argument was
   that ..."), its clause, with the noun's owner as the source.
The speaker mention is the cue's subject, inherited from the governing verb for participles and
conjoined verbs ("..., adding that ..."; "smiled and said ...").

Method: dependency-rule attribution in the spirit of Pareti's PARC work and the rules of the
GenderGapTracker quote extractor (Asr et al. 2021), written afresh for spaCy 3 parses.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..names import people
from ..nlp import text_of
from .candidate import Candidate
from .cues import CueMatch, Lexicon, denies_speech, in_span, match_cue, said_object
from .marks import inside_marks
from .spans import content_pieces, token_span, words_in
from .subjects import SUBJECT_DEPS, inherited_subject, main_subject, participle_report

CLAUSE_DEPS = ("ccomp", "parataxis")
# Dependants of a cue verb that belong to the cue clause, never to the content.
CLAUSE_PARTS = {
    "nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "prt", "dobj", "dative", "iobj", "npadvmod",
    "prep", "agent", "punct", "cc", "mark", "attr", "acomp", "oprd",
}


def find_reported(sent: Span, lex: Lexicon, marks: list[tuple[int, int]], *,
                  starts: list[int] | None = None) -> list[Candidate]:
    """Attributions whose cue is in `sent` and outside any quotation marks. `starts`: the Doc's
    `lex.cue_starts` positions, when the caller read them once for all its sentences."""
    out: list[Candidate] = []
    text = text_of(sent.doc)
    used_heads: set[int] = set()
    doc = sent.doc
    for i in in_span(starts, sent, lex.cue_starts):  # the words a cue can start at
        tok = doc[i]
        if tok.i in used_heads or inside_marks(tok.idx, marks):
            continue
        cue = match_cue(tok, lex)
        if cue is not None:
            cand = _according(cue, sent, lex) if cue.according else _verb_cue(cue, sent, lex)
        else:
            # "his claim that ...", "made it clear that ...", "is convinced that ..."
            cand = claimed(tok, lex) or made_clear(tok, lex) or _believes(tok, lex)
        if cand is None:
            continue
        pieces = content_pieces(text, cand.pieces, marks, cand.cue[0].idx if cand.cue else None, doc=doc)
        if not pieces:
            continue
        cand.pieces = pieces
        used_heads.update(t.i for t in cand.cue)
        out.append(cand)
    return out


def _own_report(root: Token, lex: Lexicon) -> list[Token]:
    """The content clause `root` heads, up to a second report in it: a conjoined report with its
    own speaker ("... they are convinced the probe was mishandled, and Democrats accused the GOP
    of ..."), or a participle report set off by a comma ("Lund said the ferry would stop in
    winter, arguing that the harbour could not pay"), which the parser hangs on the content's verb.
    Either is an attribution of its own (the participle's speaker is the cue's: see
    `subjects.inherited_subject`), not part of this content."""
    toks = list(root.subtree)
    cut = None
    for conj in root.children:
        if conj.dep_ != "conj" or conj.i < root.i or match_cue(conj, lex) is None:
            continue
        if not any(c.dep_ == "nsubj" for c in conj.children) or any(c.dep_ == "mark" for c in conj.children):
            continue  # "and that nobody had been told": a second clause of this content, not a report
        cut = min(t.i for t in conj.subtree)
        cc = [c for c in root.children if c.dep_ in ("cc", "punct") and root.i < c.i < cut]
        if cc:
            cut = min(cut, min(c.i for c in cc))
        break
    for adv in root.children:
        if adv.i > root.i and participle_report(adv, lex) and (cut is None or adv.i < cut):
            cut = adv.left_edge.i - 1  # the comma
            break
    for prep in root.children:
        # "The minister warned that ..., according to a statement from his office": where the
        # report comes from, not words of it. Left in, each report held the other's cue and
        # `_drop_nested` dropped both; now the statement's report holds the minister's, as
        # PolNeAR reads it.
        if prep.i > root.i and root.doc[prep.i - 1].text == "," and (cut is None or prep.i < cut):
            cue = match_cue(prep, lex)
            if cue is not None and cue.according:
                cut = prep.i - 1
                break
    if cut is not None:
        toks = [t for t in toks if t.i < cut]
    while toks and toks[-1].dep_ in ("cc", "punct") and toks[-1].head.i == root.i:
        toks.pop()  # "both were wrong, and": the conjunction of a report cut away (`_second_report`)
    return toks


def _without_the_speaker(toks: list[Token], subject: Token, verb: Token) -> list[Token]:
    """A content before its cue with no comma between them ("The ferry will stop in winter Lund
    said"): the parser may read the speaker's name into the content ("in winter Lund") or the
    content's last words into the name ("winter Mayor Ines Lund"). The content runs up to where
    the speaker's mention, with its title, begins, and takes back the words before it that the
    parser hung on the name."""
    if not toks:
        return toks
    doc = subject.doc
    last = max(t.i for t in toks)
    if last >= verb.i or any(t.is_punct for t in doc[last:verb.i]):
        return toks  # a comma or dash sets the cue clause off: the parser saw where it starts
    start = _mention_start(subject)
    kept = [t for t in toks if t.i < start]
    if not kept:
        return toks
    name = {t.i for t in subject.subtree}
    end = max(t.i for t in kept)
    return kept + [t for t in doc[end + 1:start] if t.i in name]


def _mention_start(subject: Token) -> int:
    """Where a speaker's mention begins: the name (the entity it is in) and, right before it, its
    determiner or possessor with all that follows it ("the council member"), its titles and names
    ("Mayor Ines Lund", "harbour chief Olga Brandvik"), not other words the parser hung on it
    ("winter")."""
    doc = subject.doc
    start = subject.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    phrase = {t.i for t in subject.subtree}
    lead = [c.i for c in subject.children if c.dep_ in ("det", "poss") and c.i < subject.i]
    if lead:  # "the council member": a determiner opens the mention, whatever nouns follow it
        start = min(start, min(lead))
    roles = people(doc.lang_).roles
    while start > 0 and doc[start - 1].i in phrase and (
            doc[start - 1].pos_ in ("PROPN", "DET") or doc[start - 1].dep_ == "poss" or doc[start - 1].is_title
            or doc[start - 1].lemma_.lower() in roles):
        start -= 1
    return start


def _second_report(first: Token, root: Token, lex: Lexicon) -> bool:
    """A later clause of the cue that is a report of its own, joined to the first content by a
    conjunction or spliced on with a comma: "Lund said both were wrong, and Vos added that nobody
    was told"; "Lund said the ferry would stop, she also said fares would rise", which the parser
    may hang on "said" as a second content. It is an attribution of its own, not the first
    speaker's words (the same report hung on the content's own verb is cut by `_own_report`)."""
    if match_cue(root, lex) is None or not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return False
    start = min(t.i for t in root.subtree if not t.is_punct)  # its comma may hang on it
    between = first.doc[first.right_edge.i + 1:start]
    if any(t.dep_ == "cc" and first.i < t.i < root.left_edge.i for t in first.subtree) or \
            any(t.dep_ == "cc" for t in between):
        return True
    # spliced on with a comma, it must report something itself ("she also said fares would
    # rise"), not be a verb of the content that can be a cue ("; she'll continue her march")
    return any(t.text in (",", ";") for t in between) and any(c.dep_ in CLAUSE_DEPS for c in root.children)


def _clause_tokens(verb: Token, content_roots: list[Token]) -> set[int]:
    """Token indices of the cue clause: the verb's subtree minus its content clauses."""
    excluded: set[int] = set()
    for root in content_roots:
        excluded.update(t.i for t in root.subtree)
    return {t.i for t in verb.subtree if t.i not in excluded}


def _verb_cue(cue: CueMatch, sent: Span, lex: Lexicon) -> Candidate | None:
    verb = cue.head
    if passive_participle(verb, lex):
        return None
    subject = inherited_subject(verb, lex)
    if subject is not None and subject.lower_ in lex.non_speakers and subject.lower_ != "it":
        return None
    if denies_speech(subject, lex):
        return None  # "Neither man mentioned the talks": nobody said it
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i:
        # "it was reported that ...": no named source; "X was asked ..." keeps X.
        if subject.lower_ in ("it", "this"):
            subject = None
    content_roots = [c for c in verb.children if c.dep_ in CLAUSE_DEPS and _is_clause(c)
                     and not _reporting_aside(c, lex)]
    content_roots = content_roots[:1] + [r for r in content_roots[1:] if not _second_report(content_roots[0], r, lex)]
    if main_subject(verb) is not None:
        # "Lund said the ferry would stop, she also said fares would rise": the parser hangs the
        # first report on the second cue; it is an attribution of its own, not this one's words.
        content_roots = [r for r in content_roots if not (r.i < verb.i and match_cue(r, lex) is not None
                                                          and main_subject(r) is not None)]
    if not content_roots:
        # "Haddad denied taking any money", "admitted misleading the board": a gerund is the content
        content_roots = [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i]
    if said_object(verb):
        # "Novak is right, Brezko said the same thing": the cue's own object is what was said, so
        # a clause before the cue is not its content (the parser may still hang it there).
        content_roots = [c for c in content_roots if c.i > verb.i]
    if not content_roots and cue.act == "thought":
        content_roots = [c for c in verb.children if c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if content_roots:
        pieces = []
        before_cue = all(r.i < verb.i for r in content_roots)
        for root in content_roots:
            # A content the parser hung across its own cue ("which Lund says he is keeping open":
            # "which" belongs to "keeping") is its runs of tokens on either side, never the cue.
            toks = _own_report(root, lex)
            lost = _object_subject(verb, root)
            if lost is not None:
                toks = list(lost.subtree) + toks
            if before_cue and subject is not None:
                toks = _without_the_speaker(toks, subject, verb)
            pieces.extend(runs(toks))
        clause = _clause_tokens(verb, content_roots)
        lead = None
        if verb.dep_ == "ROOT" and all(r.i > verb.i for r in content_roots) and \
                sent.doc[min(r.left_edge.i for r in content_roots) - 1].text == ",":
            lead = _interrupted_lead(verb, subject, sent, clause_only=True)
        if lead is not None:
            pieces.append(token_span(lead))
            clause -= {t.i for t in lead}
        return Candidate(pieces=_merge(pieces), act=cue.act, cue=cue.tokens, subject=subject, clause=clause)
    if cue.objective and subject is not None:
        obj = _object_content(cue, lex)
        if obj is not None:
            clause = {t.i for t in verb.subtree} - {t.i for t in obj}
            return Candidate(pieces=[token_span(obj)], act=cue.act, cue=cue.tokens, subject=subject, clause=clause)
    block = _colon_block(cue, verb, subject)
    if block is not None:
        return block
    aside = _as_said(cue, verb, sent, subject, lex)
    if aside is not None:
        return aside
    # The cue clause trails or interrupts the content: "X, another source said."
    if main_subject(verb) is None or verb.dep_ not in ("conj", "parataxis", "advcl", "ccomp", "ROOT"):
        return None
    if cue.act == "thought":
        return None
    if said_object(verb):
        return None  # "Novak is right, Brezko said the same thing": what he said is his object
    lead = _interrupted_lead(verb, subject, sent, clause_only=False) if verb.dep_ == "parataxis" else None
    clause_toks = [t for t in verb.subtree if lead is None or t.i > lead.end]  # after the comma
    # The comma that sets the clause off may hang on the cue itself ("Back in Virginia, Clarke
    # said, he decided ..."): the clause starts after it, and it stays the separator.
    words = [t for t in clause_toks if not t.is_punct]
    if not words:
        return None
    left, right = words[0].i, clause_toks[-1].i
    if verb.dep_ == "ROOT":
        return None
    if left <= sent.start:
        return None
    before = sent.doc[sent.start:left]
    # Only when a comma or dash separates the content from the cue clause.
    if not before or before[-1].text not in (",", "—", "–", "-", '"', "”", "’"):
        if not (len(before) >= 2 and before[-2].text in (",",) and before[-1].text in ('"', "”")):
            return None
    pieces = [token_span(before)]
    after = sent.doc[right + 1:sent.end]
    if after and any(t.is_alpha for t in after):
        pieces.append(token_span(after))
    clause = {t.i for t in clause_toks}
    return Candidate(pieces=[p for p in pieces if p], act=cue.act, cue=cue.tokens, subject=subject, clause=clause)


def _reporting_aside(tok: Token, lex: Lexicon) -> bool:
    """A parenthetical report hung on a verb ("he decided, Clarke said, to ..."; "Back in
    Virginia, Clarke said, he decided ..."): the verb's clause is what the aside reports, not
    the other way round."""
    return tok.dep_ == "parataxis" and match_cue(tok, lex) is not None and \
        any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and \
        not any(c.dep_ in CLAUSE_DEPS for c in tok.children)


def _interrupted_lead(verb: Token, subject: Token | None, sent: Span, *, clause_only: bool) -> Span | None:
    """"Though the handover was smooth, he said, replacing her would be bitter": the cue's clause,
    set off by a comma, interrupts its content, and the parser hung what comes before it on the
    cue (a clause, or a second subject: "Pensioners, the minister said, will ..."). That part is
    the content's first piece. Only the cue's own dependents, never a coordinated one; with
    `clause_only` (the cue is the sentence's root), only a clause."""
    if subject is None or subject.i > verb.i:
        return None
    doc = sent.doc
    left = subject.left_edge.i
    if left - 1 <= sent.start or doc[left - 1].text != ",":
        return None
    before = doc[sent.start:left - 1]
    own = {t.i for t in verb.subtree}
    if not all(t.i in own for t in before) or (clause_only and not any(t.pos_ in ("VERB", "AUX") for t in before)):
        return None
    if any(t.dep_ == "cc" and t.head.i == verb.i for t in before):
        return None
    return before


def _as_said(cue: CueMatch, verb: Token, sent: Span, subject: Token | None, lex: Lexicon) -> Candidate | None:
    """"As Haddad said last week, the tariff is a tax on families" (or the clause after it): a
    cue clause led by "as" reports the clause it modifies, the rest of the sentence."""
    if subject is None or verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ in lex.as_marks and c.i < verb.i for c in verb.children):
        return None
    own = sorted(t.i for t in verb.subtree)
    main = [t for t in verb.head.subtree if not (own[0] <= t.i <= own[-1]) and t.sent == sent]
    main = [t for t in main if not (t.is_punct and (t.i == own[-1] + 1 or t.i == own[0] - 1))]
    if sum(1 for t in main if t.is_alpha) < 3:
        return None
    before = [t for t in main if t.i < own[0]]
    after = [t for t in main if t.i > own[-1]]
    comma = next((t.i for t in sent if t.i > own[-1] and t.text == ","), None)
    if not before and comma is not None and comma - own[-1] <= 4:
        # "As Haddad said last week, the tariff ...": the words up to the comma close the aside
        after = [t for t in after if t.i > comma]
    pieces = [s for s in (token_span(before) if before else None, token_span(after) if after else None) if s]
    return Candidate(pieces=pieces, act=cue.act, cue=cue.tokens, subject=subject, clause=set(own))


def claimed(tok: Token, lex: Lexicon) -> Candidate | None:
    """A claim noun with its clause: "his claim that the budget was balanced" (the clause hangs
    from the noun) or "Lund's argument was that the port needs cranes" (the noun is the subject of
    "be", whose clause it is). The source is the noun's owner ("his", "Lund's"); None without."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.claim_nouns:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.light_verbs:
        owner = main_subject(tok.head)  # "Lund raised the possibility that ...": whoever raised it
    roots = _that_clauses(tok, after=tok.i)
    if not roots and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        roots = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i]
    if not roots and owner is not None and tok.dep_ == "pobj" and tok.head.lower_ in lex.view_prepositions \
            and tok.head.head.i != tok.head.i:
        # "In Berg's view, the talks are over": the rest of the sentence is the view
        phrase = {t.i for t in tok.head.subtree}
        rest = [t for t in tok.head.head.subtree if t.i not in phrase and not (t.is_punct and t.i == max(phrase) + 1)]
        span = token_span(rest) if sum(1 for t in rest if t.is_alpha) >= 3 else None
        if span is None:
            return None
        return Candidate(pieces=[span], act="thought", cue=(tok.head, tok), subject=owner, clause=phrase)
    if not roots or owner is None:
        return None
    return _clause_candidate(roots[0], cue=(tok,), head=tok, subject=owner, act="speech")


def made_clear(tok: Token, lex: Lexicon) -> Candidate | None:
    """"Berg made it clear that the border stays closed": a verb with one of its adjectives
    ("make" + "clear") is the cue of the "that" clause hanging from either of them."""
    adjectives = lex.made_clear.get(tok.lemma_.lower())
    if not adjectives or tok.pos_ not in ("VERB", "AUX"):
        return None
    adj = next((c for c in tok.children if c.lower_ in adjectives and c.i > tok.i), None)
    subject = main_subject(tok)
    if adj is None or subject is None:
        return None
    roots = _that_clauses(adj, tok, after=adj.i)
    if not roots:
        return None
    return _clause_candidate(roots[0], cue=(tok, adj), head=tok, subject=subject, act="speech")


def _believes(tok: Token, lex: Lexicon) -> Candidate | None:
    """"Berg is convinced that the plan will work": an adjective of belief with its subject and
    its "that" clause is the subject's thought."""
    if tok.lower_ not in lex.belief_adjectives or tok.pos_ not in ("ADJ", "VERB"):
        return None
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and tok.dep_ == "acomp":
        subject = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    roots = _that_clauses(tok, after=tok.i)
    if subject is None or not roots:
        return None
    return _clause_candidate(roots[0], cue=(tok,), head=tok, subject=subject, act="thought")


def _that_clauses(*heads: Token, after: int) -> list[Token]:
    """The clauses led by "that" that hang from any of `heads` after token `after`."""
    return [c for h in heads for c in h.children if c.i > after and c.dep_ in ("ccomp", "acl", "advcl")
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]


def _clause_candidate(root: Token, *, cue: tuple[Token, ...], head: Token, subject: Token, act: str) -> Candidate | None:
    """An attribution whose content is the clause `root` heads; the rest of `head`'s phrase is the
    cue clause."""
    span = token_span(list(root.subtree))
    if span is None:
        return None
    content = {x.i for x in root.subtree}
    clause = {t.i for t in head.subtree if t.i not in content}
    return Candidate(pieces=[span], act=act, cue=cue, subject=subject, clause=clause)


def _colon_block(cue: CueMatch, verb: Token, subject: Token | None) -> Candidate | None:
    """"The governor added: It's typical of her. She knows nothing ...": a cue clause that ends
    in a colon introduces the rest of its paragraph, or the next paragraph when the colon ends
    one. Only unquoted text is claimed here; quotation marks are joined to cues later."""
    doc = verb.doc
    last = cue.tokens[-1]
    if subject is None or cue.act != "speech" or last.i + 2 >= len(doc) or doc[last.i + 1].text != ":":
        return None
    if not verb.is_lower:
        return None  # a title-case heading ("The Gap Goes On:") introduces a section, not speech
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    text = text_of(doc)
    start = doc[last.i + 1].idx + 1
    while start < len(text) and text[start] in " \t\xa0":
        start += 1
    if text[start:start + 1] == "\n":  # the colon ends its paragraph: the next one is the content
        while start < len(text) and text[start].isspace():
            start += 1
    if start >= len(text) or text[start] in "\"“‘'«":
        return None
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if words_in(text[start:end]) < 4:
        return None
    clause = {t.i for t in verb.subtree if t.idx < start}
    return Candidate(pieces=[(start, end)], act=cue.act, cue=cue.tokens, subject=subject, clause=clause)


def _object_content(cue: CueMatch, lex: Lexicon) -> list[Token] | None:
    """The object that is the content: "called for [new talks]", "denied [the report]",
    "called [the plan] [a disaster]"."""
    verb = cue.head
    if len(cue.tokens) == 2 and cue.tokens[1].dep_ == "prep":
        pobj = next((c for c in cue.tokens[1].children if c.dep_ in ("pobj", "pcomp")), None)
        # "called on Dean to apologize": what was called for is the infinitive, not the addressee
        wanted = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.i > cue.tokens[1].i
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if wanted is not None:
            return list(wanted.subtree)
        return list(pobj.subtree) if pobj is not None else None
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is None or dobj.pos_ == "PRON" and dobj.lower_ not in ("it", "this", "that"):
        return None
    toks = list(dobj.subtree)
    # "accused [the GOP of stoking the issue]", "praised [the protests for being calm]", "blamed
    # [the shootings on bias]": what the object is accused of, praised or blamed for goes with it
    end = max(t.i for t in toks)
    why = next((c for c in verb.children if c.dep_ == "prep" and c.i == end + 1 and c.lower_ in lex.object_grounds), None)
    if why is not None:
        toks = toks + list(why.subtree)
    if verb.lemma_ == "call":
        oprd = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > dobj.i), None)
        if oprd is not None:
            # "a decision that opponents called [a betrayal]": a relative object before the verb
            # stays out, or the span would run over the speaker and the cue
            toks = (toks if dobj.i > verb.i else []) + list(oprd.subtree)
        elif not any(c.dep_ == "appos" for c in dobj.children):
            return None  # "called the meeting" names nothing said
    if len([t for t in toks if t.is_alpha]) < 2:
        return None
    return toks


def _according(cue: CueMatch, sent: Span, lex: Lexicon) -> Candidate | None:
    first = cue.tokens[0]
    last = cue.tokens[-1]
    source = next((c for c in last.children if c.dep_ == "pobj"), None)
    if source is not None and source.lemma_.lower() in lex.speech_nouns:
        # "according to a statement from Berg's office": the office speaks, through the statement
        by = next((g for c in source.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                   for g in c.children if g.dep_ == "pobj"), None)
        source = by if by is not None else source
    if source is None:
        nxt = [t for t in sent if t.i > last.i and t.pos_ in ("PROPN", "NOUN", "PRON")]
        source = nxt[0] if nxt else None
    phrase_end = max((t.i for t in source.subtree), default=last.i) if source is not None else last.i
    if source is not None and phrase_end >= sent.end - 2 and first.i == sent.start:
        # "According to host Rush Limbaugh, the move reeks of fear": the parser hung the whole
        # claim on the name (as an apposition); the phrase ends at the comma after the name.
        comma = next((t.i for t in sent if source.i < t.i < phrase_end and t.text == ","), None)
        if comma is not None:
            phrase_end = comma
    phrase_start = first.i
    before = sent.doc[sent.start:phrase_start]
    after = sent.doc[phrase_end + 1:sent.end]
    pieces = [token_span(x) for x in (before, after) if x and any(t.is_alpha for t in x)]
    clause = set(range(phrase_start, phrase_end + 1))
    return Candidate(pieces=[p for p in pieces if p], act="speech", cue=cue.tokens, subject=source,
                     according=True, clause=clause)


def passive_participle(verb: Token, lex: Lexicon) -> bool:
    """"was asked", "the minister, asked whether ...": the subject is spoken to, not speaking."""
    if verb.tag_ != "VBN":
        # "The minister, asked whether ..., smiled": the tagger often takes the participle of a
        # verb of address set off by a comma right after its noun for a past tense with the noun
        # as its subject ("Schiff, who ..., told reporters" is no such case: the comma ends a clause).
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return (verb.tag_ == "VBD" and subj is not None and subj.i == verb.i - 2
                and verb.doc[verb.i - 1].text == "," and verb.lemma_.lower() in lex.addressee_verbs)
    # A past tense the tagger took for a participle still has its active subject.
    active = any(c.dep_ == "nsubj" or (c.dep_ == "aux" and c.lemma_ == "have") for c in verb.children)
    return not active


def _object_subject(verb: Token, root: Token) -> Token | None:
    """"140 of them warned the merger would add weeks": the parser takes the clause's subject for
    the cue's object and leaves the clause subjectless. A noun object right before a finite
    clause with no subject of its own is that clause's subject, and part of what was said."""
    if root.i < verb.i or any(c.dep_ in SUBJECT_DEPS or c.dep_ == "expl" for c in root.children):
        return None
    if not (root.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < root.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or max(t.i for t in obj.subtree) + 1 != root.left_edge.i:
        return None
    return obj


def _is_clause(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """The character spans of the runs of consecutive tokens in `tokens`."""
    out: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if out and t.i == out[-1][-1].i + 1:
            out[-1].append(t)
        else:
            out.append([t])
    return [span for run in out if (span := token_span(run)) is not None]


def _merge(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = sorted(pieces)
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
