"""Who a cue's speaker is on the parse: the subject of the cue verb, or of the verb it hangs from.

Shared by the hand rules (`indirect`, `direct`) and the learned cues (`learned`): the subject
is found one way for all of them.
"""

from __future__ import annotations

from spacy.tokens import Token

from .cues import Lexicon, match_cue

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def main_subject(verb: Token, near: Token | None = None) -> Token | None:
    """The subject of `verb`. When the parser gave it two ("THE BORROWING Back when ..., Mr. X
    said"; "'..., it will,' said X"), the one nearest the cue word `near`. A dateline subject
    ("WASHINGTON -- President X, ... said") gives way to the name in apposition to it, and so
    does a subject whose apposed name runs right up to the cue."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        # "About 4 in 10 say they want ...": the parser hangs a poll's share on the verb as a
        # number with no subject; that share is who says it.
        return next((c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i), None)
    anchor = (near or verb).i
    subj = min(subjects, key=lambda c: abs(c.i - anchor))
    named = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is not None and (_dateline(subj) or max(t.i for t in named.subtree) + 1 == anchor):
        # "To understand the real X, Chief Justice Y said, ...": a name right before the cue,
        # parsed as in apposition to a noun of the content, is the speaker.
        return named
    before = subj.doc[anchor - 1] if anchor > subj.i + 1 else None
    if before is not None and subj.ent_type_ != "PERSON" and before.ent_type_ == "PERSON" and \
            all(t.pos_ in ("NOUN", "PROPN") for t in subj.doc[subj.i + 1:anchor]):
        # "Harbour chief Olga Brandvik said", parsed with "Harbour" as the subject and the name
        # as an object: the name that runs up to the cue, after words of a title, is the speaker.
        return before
    aside = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and subj.i < c.i < anchor
                  and max(t.i for t in c.subtree) + 1 == anchor and c.doc[c.i - 1].text == ","), None)
    source = next((c for c in aside.children if c.dep_ == "pobj"), None) if aside is not None else None
    if source is not None and source.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        # "Hawaii, as one of his advisers pointed out, rarely ...", parsed with "Hawaii" as the
        # subject: the source is in the "as" aside that runs up to the cue.
        return source
    return subj


def _dateline(tok: Token) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.is_upper and len(tok.text) > 2 and nxt is not None and nxt.text in ("--", "—", "–", "-")
            and tok.i <= tok.sent.start + 2)


def participle_report(tok: Token, lex: Lexicon) -> bool:
    """A report by a participle with no subject of its own, set off by a comma after the clause it
    hangs on: "..., arguing that ...", "..., saying she would ...", "..., citing the cost"."""
    if tok.dep_ != "advcl" or tok.tag_ != "VBG" or tok.i < tok.head.i:
        return False
    if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return False
    start = tok.left_edge.i
    if start == 0 or tok.doc[start - 1].text != ",":
        return False
    cue = match_cue(tok, lex)
    return cue is not None and not cue.according


def inherited_subject(verb: Token, lex: Lexicon) -> Token | None:
    """The subject of `verb`, or of the verb it hangs from when it has none of its own
    ("..., adding that"; "smiled and said"; "was quoted as saying"; "despite admitting"; "won't
    be able to brag"; a speech noun after a light verb: "raised questions about"). An
    infinitive under a verb with an object takes the object ("forced him to admit"); one under
    a noun, the subject of the noun's verb ("never missed a chance to remind")."""
    cue = verb
    seen = 0
    if participle_report(verb, lex) and verb.head.dep_ in ("ccomp", "conj") and match_cue(verb.head.head, lex):
        # "Lund said the ferry would stop, arguing that ...": the parser hangs the participle on
        # the content's verb, but it is Lund who argues, not the ferry.
        verb = verb.head.head
    while verb is not None and seen < 4:
        subj = main_subject(verb, cue)
        if subj is not None:
            return subj
        if verb.dep_ == "xcomp" and verb.head.i != verb.i and verb.head.lemma_ not in lex.subject_control:
            obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and verb.head.i != verb.i:
            noun = verb.head
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            if not infinitive or noun.pos_ != "NOUN":
                return noun
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            if noun.dep_ in ("dobj", "attr") and noun.head.i != noun.i:
                verb = noun.head
                seen += 1
                continue
            return None
        if verb.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acomp", "acl", "relcl") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "prep" and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "dobj" and verb.pos_ == "NOUN" and verb.head.lemma_.lower() in lex.light_verbs:
            verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "pobj" or verb.head.dep_ == "prep":
            verb = verb.head.head
            seen += 1
            continue
        break
    if verb is not None and verb.dep_ == "ROOT" and verb.tag_ == "VBG":
        # "'...,' Mr. X said, not even needing to mention ...": a participle left as the root
        # continues the speech clause before it.
        said = next((c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i), None)
        subj = main_subject(said) if said is not None else None
        if subj is not None:
            return subj
    return _adjacent_subject(cue) or (_adjacent_subject(verb) if verb is not None and verb.i != cue.i else None)


def _adjacent_subject(cue: Token) -> Token | None:
    """A finite cue the parser left without a subject takes the name or pronoun just before it,
    when the parser hung that word elsewhere ("... of the Washington Post Trump said that";
    "But Trump claims that", with "claims" read as a plural noun)."""
    finite = cue.tag_ in ("VBD", "VBZ", "VBP") or (
        cue.tag_ in ("NNS", "NN") and any(c.dep_ == "ccomp" for c in cue.children))
    if not finite:
        return None
    if cue.i == cue.sent.start:
        # Inverted: "Said Ellis: '...'" / "Says Roe, ..." -- the name right after the cue.
        doc = cue.doc
        k = cue.i + 1
        while k < len(doc) and doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ in ("B", "I") \
                and (k == cue.i + 1 or doc[k].ent_iob_ == "I"):
            k += 1
        return doc[k - 1] if k > cue.i + 1 else None
    prev = cue.doc[cue.i - 1]
    if prev.tag_ == "RB" and prev.i > cue.sent.start:
        prev = cue.doc[prev.i - 1]
    doc = cue.doc
    trailing = next((t for t in doc[cue.sent.start:cue.i] if t.dep_ == "appos" and t.pos_ in ("NOUN", "PROPN")
                     and max(x.i for x in t.subtree) + 1 == cue.i and t.left_edge.i > cue.sent.start
                     and doc[t.left_edge.i - 1].text == ","), None)
    if trailing is not None:
        # "Ships are going to Bergen, a spokesperson for the shipping association said": the parser
        # hangs the speaker on the content's last noun as an apposition that runs up to the cue
        return trailing
    if prev.text == "," and prev.i - 1 > cue.sent.start:
        named = cue.doc[prev.i - 1]
        if named.dep_ == "appos" and named.pos_ == "PROPN":
            # "In a statement to the Gazette, her adviser, Jon Moen, said": the parser hangs the
            # speaker on the newspaper as an apposition; the name set off right before the cue
            # is who said it.
            return named
    if prev.dep_ in SUBJECT_DEPS or prev.dep_ in ("dobj", "attr", "poss"):
        return None
    if prev.pos_ == "PROPN" or prev.tag_ == "NNS" or (prev.pos_ == "PRON" and prev.lower_ not in ("it", "that", "this")):
        return prev
    return None
