"""Incivility in a comment, after the categories of Coe, Kenski & Rains (2014): name-calling and
insulting adjectives aimed at people, accusations of lying, vulgarity and slurs (the word list of
the `better-profanity` package, MIT), dehumanising nouns predicated of people ("they are vermin").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..lang import load
from ..records import Analysis, Incivility


@lru_cache(maxsize=None)
def _profanity(lang: str) -> frozenset[str]:
    """The vulgarity word list the language's `incivility.json` names (a file in a package)."""
    lex = load(lang, "incivility")
    source = lex.get("profanity_list")
    if not source:
        return frozenset()
    allow = set(lex["profanity_allow"])
    path = resources.files(source["package"]).joinpath(source["file"])
    words = {w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()}
    return frozenset(w for w in words if w and " " not in w and w not in allow)


@lru_cache(maxsize=None)
def _incivility_words(lang: str) -> tuple[frozenset[str], ...]:
    lex = load(lang, "incivility")
    return tuple(frozenset(lex[k]) for k in ("insult_nouns", "insult_adjectives", "lying_words",
                                              "dehumanising_nouns", "dehumanising_verbs", "people_words"))


def _people_words(tok: Token) -> frozenset[str]:
    """Words that stand for people ("you", "officials", "voters"), in the token's language."""
    return _incivility_words(tok.doc.lang_)[5]


def people_names(analysis: Analysis) -> frozenset[str]:
    """The names people go by in a document, lower-cased: each commenter's handle and its parts
    ("dick_tracy", "dick", "tracy"), the names readers address, and the speakers' name words."""
    names: set[str] = set()
    for seg in analysis.segments:
        for handle in (seg.author, seg.reply_to):
            if handle:
                names.add(handle.lower())
                names.update(p for p in re.split(r"[\W_\d]+", handle.lower()) if len(p) > 1)
    for sp in analysis.speakers:
        for name in (sp.name, *sp.aliases):
            names.update(w.lower() for w in name.split() if w[:1].isupper())
    return frozenset(names)


def _a_name(tok: Token, names: frozenset[str]) -> bool:
    """Whether the word is somebody's name here: a handle as written, a name word written with
    a capital ("Maxi, I disagree", "Dick here agrees"), or a person the tagger found."""
    return tok.lower_ in names and (tok.is_title or "_" in tok.text or any(c.isdigit() for c in tok.text)
                                    or tok.i == tok.sent.start) or (tok.ent_type_ == "PERSON" and tok.is_title)


def find_incivility(sdoc: Doc, offset: int, *, names: frozenset[str] = frozenset()) -> list[Incivility]:
    """Uncivil words of a parsed comment, with the word lists of its language (`sdoc.lang_`).
    A word that is somebody's name in the document (`people_names`) is a name, never an insult."""
    insults, adjectives, lying, dehuman, dehuman_verbs, _ = _incivility_words(sdoc.lang_)
    vulgar = _profanity(sdoc.lang_)
    out: list[Incivility] = []
    for tok in sdoc:
        low = tok.lower_
        kind = None
        if _a_name(tok, names):
            continue
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




def _personish(tok: Token) -> bool:
    """A word that stands for people: a pronoun or people noun, a role ("advisers"), a group
    ("officials"), a name."""
    from ..names import people

    p = people(tok.doc.lang_)
    lemma = tok.lemma_.lower()
    return (tok.lower_ in _people_words(tok) or lemma in _people_words(tok) or lemma in p.roles or lemma in p.groups
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
        if head.lower_ in _people_words(tok) or head.lemma_.lower() in _incivility_words(tok.doc.lang_)[0] \
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
        return head.lower_ in _people_words(tok) or head.ent_type_ in ("PERSON", "NORP") \
            or head.lemma_ in _people_words(tok) or head.lower_ in _incivility_words(tok.doc.lang_)[0]
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
    return any(c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in _people_words(c) or c.ent_type_ in ("NORP", "PERSON"))
               for c in tok.children)


def _lying_accusation(tok: Token) -> bool:
    """"liar" said of someone, "he is lying", "lies" as what someone tells."""
    lex = load(tok.doc.lang_, "incivility")
    if tok.lower_ in lex["liar_words"]:
        return True
    if tok.lower_ in lex["lying_verbs"]:
        return any(c.dep_ == "nsubj" for c in tok.children) or tok.head.lemma_ in lex["stop_verbs"]
    if tok.lower_ in lex["lie_nouns"]:
        return tok.pos_ == "NOUN" and (tok.head.lemma_ in lex["lie_verbs"]
                                       or any(c.dep_ in ("amod", "det", "poss") for c in tok.children)
                                       or tok.dep_ in ("ROOT", "attr", "appos", "conj"))
    return False
