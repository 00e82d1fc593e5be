"""Speaker colours and stance signs shared by the terminal report, the HTML page and the viewer."""

from __future__ import annotations

import re

# Colour-blind-friendly qualitative palette (Okabe & Ito 2008), then a few extra hues.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8B5A2B", "#7F3C8D",
           "#3B7A57", "#B22222")


def colour(speaker_id: str | None) -> str:
    if not speaker_id:
        return "#777777"
    n = int(speaker_id.lstrip("s") or 0)
    return COLOURS[(n - 1) % len(COLOURS)]


def initials(name: str) -> str:
    """"Anna Berg" -> "AB"; a group that speaks together ("Anna Berg and Ines Lund") -> "AB+IL"."""
    members = [m for m in re.split(r",\s*|\s+and\s+", name) if m.strip()]
    if len(members) > 1:
        return "+".join(initials(m) for m in members[:3]) + ("+" if len(members) > 3 else "")
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    caps = [w for w in words if w[:1].isupper()] or words
    return "".join(w[0].upper() for w in caps[-2:]) or "?"


def colour_key(speaker_id: str | None) -> str:
    """The key of a speaker's colour ("c3"; "c0" for none), set as `data-c` on an element: the pages
    colour it by `palette_css()`, with no inline style (the viewer's policy forbids them)."""
    if not speaker_id:
        return "c0"
    n = int(speaker_id.lstrip("s") or 0)
    return f"c{(n - 1) % len(COLOURS) + 1}"


def palette_css() -> str:
    """`[data-c=c1]{--c:#0072B2}` ... one rule a colour."""
    return "\n".join(["[data-c=c0]{--c:#777777}"] + [f"[data-c=c{k + 1}]{{--c:{c}}}" for k, c in enumerate(COLOURS)])


# A stance is shown by a sign and a word, never by colour alone.
STANCE_SIGN = {"support": "+", "oppose": "−", "neutral": "·"}
