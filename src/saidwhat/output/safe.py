"""Text that is safe to print on a terminal.

A document is data, never instructions to the terminal: an escape sequence in it could clear the
screen, retitle the window or recolour what follows, and a bidi override could make a line read
other than it is. Before anything from a document reaches the terminal (the `analyze` report,
`query` tables, error and warning lines), every control character other than newline and tab,
and every bidi control, is replaced by one visible character: C0 controls by their Unicode
"control picture" (ESC shows as ␛), DEL by ␡, C1 controls and bidi controls by �. One character
for one keeps every offset into the text valid.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

# C0 except \t and \n, DEL, C1, and the bidi embeddings, overrides, isolates and marks.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, plus line breaks, for one-line messages.
UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

T = TypeVar("T")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def safe_text(text: str) -> str:
    """`text` with terminal controls made visible, one character for one (newline and tab kept)."""
    return UNSAFE.sub(_visible, text)


def safe_line(text: str) -> str:
    """`text` as one safe line: controls made visible, line breaks too."""
    return UNSAFE_IN_LINE.sub(_visible, text)


def safe_record(obj: T) -> T:
    """A copy of a record (an `Analysis` and everything in it) with every string made safe."""
    return _clean(obj)


def _clean(obj: Any) -> Any:
    if isinstance(obj, str):
        return safe_text(obj) if UNSAFE.search(obj) else obj
    if isinstance(obj, tuple):
        return tuple(_clean(v) for v in obj)
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if is_dataclass(obj) and not isinstance(obj, type):
        return replace(obj, **{f.name: _clean(getattr(obj, f.name)) for f in fields(obj) if f.init})
    return obj
