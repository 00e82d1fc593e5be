"""The dependency relation between a cue word and another token, named the same way when the
cue model is mined (scripts/mine_cues.py) and when it is applied (quotes/learned.py)."""

from __future__ import annotations

from spacy.tokens import Token


def cue_key(tok: Token) -> str:
    """A cue word's key: its lower-case lemma, plus the particle of a phrasal verb."""
    lemma = tok.lemma_.lower()
    prt = next((c for c in tok.children if c.dep_ == "prt"), None)
    return f"{lemma} {prt.lower_}" if prt is not None else lemma


def relation(cue: Token, other: Token) -> str:
    """`dep` when `other` is a child of the cue; `dep>dep2` two steps down through a preposition
    or clause marker; `^dep` when the cue hangs from `other` (cue's own dep); `same` for the cue
    itself; `other` otherwise."""
    if other.i == cue.i:
        return "same"
    if other.head.i == cue.i and other.i != cue.i:
        if other.dep_ == "prep":
            return f"prep:{other.lower_}"
        return other.dep_
    if other.head.head.i == cue.i and other.head.i != other.i:
        mid = other.head
        if mid.dep_ == "prep":
            return f"prep:{mid.lower_}>{other.dep_}"
        return f"{mid.dep_}>{other.dep_}"
    if cue.head.i == other.i and cue.i != other.i:
        return f"^{cue.dep_}"
    if cue.head.head.i == other.i and cue.head.i != cue.i:
        return f"^{cue.head.dep_}^{cue.dep_}"
    return "other"


def relations_of(cue: Token) -> list[tuple[str, Token]]:
    """(`relation(cue, t)`, t) for every child t of the cue, each followed by its own children,
    then for the cue's head: the tokens a cue's content or source may hang at, named in one walk
    (relation() per token looks the heads up again each time)."""
    out: list[tuple[str, Token]] = []
    for c in cue.children:
        dep = c.dep_
        step = f"prep:{c.lower_}" if dep == "prep" else dep
        out.append((step, c))
        for g in c.children:
            out.append((f"{step}>{g.dep_}", g))
    head = cue.head
    if head.i != cue.i:
        out.append((f"^{cue.dep_}", head))
    return out
