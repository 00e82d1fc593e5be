"""Quote type from how much of the content lies inside quotation marks.

direct: (nearly) all of it; mixed: some of it (a partial quote inside reported speech);
indirect: none. The same rule PolNeAR uses to derive its types (Newell et al. 2018).
"""

from __future__ import annotations

from .candidate import Candidate
from .marks import inside_marks

DIRECT_SHARE = 0.9


def quoted_share(text: str, pieces: list[tuple[int, int]], marks: list[tuple[int, int]]) -> float:
    total = inside = 0
    for s, e in pieces:
        for i in range(s, e):
            if text[i].isspace():
                continue
            total += 1
            if inside_marks(i, marks):
                inside += 1
    return inside / total if total else 0.0


def classify(text: str, cand: Candidate, marks: list[tuple[int, int]]) -> str:
    if cand.verbatim:
        return "direct"
    share = quoted_share(text, cand.pieces, marks)
    if share >= DIRECT_SHARE:
        return "direct"
    if share > 0:
        return "mixed"
    return "indirect"
