"""Speaker mentions: the noun phrase a cue's subject heads (on the parse). What a name is, as a
string, is in `saidwhat.names`."""

from __future__ import annotations

from spacy.tokens import Token

# Dependants that belong to a name or description ("the Russian foreign minister", "Mr. Lavrov").
NP_DEPS = {"det", "amod", "compound", "poss", "case", "nummod", "nmod", "quantmod", "flat", "predet"}


def mention_tokens(head: Token) -> list[Token]:
    """The head and its name/description dependants, contiguous, without relative clauses or
    appositions."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in NP_DEPS and child.i not in keep:
                keep.add(child.i)
                stack.append(child)
    if head.pos_ == "NUM":
        # "Two of the doctors", "140 of them": a number is a share of the people the "of" names
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == max(keep) + 1), None)
        if of is not None:
            keep.update(t.i for t in of.subtree)
    lo, hi = min(keep), max(keep)
    toks = [head.doc[i] for i in range(lo, hi + 1)]
    # Drop a possessive marker at the right edge and punctuation at the edges.
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case"):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    return toks or [head]
