"""Readers: turn files and streams into `Document`s, or `Failure`s that name the document.

Every reader yields `Document | Failure`; none raises for a bad document, so a batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Document, Failure
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text, document_from_text

__all__ = ["read_path", "read_paths", "read_text", "read_jsonl", "read_html", "document_from_text"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def read_path(path: str | Path) -> Iterator[Document | Failure]:
    """Read one path by its suffix: `.jsonl`, `.html`, anything else as plain text. `-` is stdin."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        yield from _read_stdin(data)
        return
    p = Path(path)
    if not p.exists():
        yield Failure(source=str(p), reason="no such file")
        return
    if p.is_dir():
        yield Failure(source=str(p), reason="is a folder, not a document (give the files inside it)")
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield Failure(source=str(p), reason=f"cannot read: {exc.strerror or exc}")
        return
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data, source=str(p))
    elif suffix in HTML_SUFFIXES:
        yield read_html(data, source=str(p))
    else:
        yield read_text(data, source=str(p))


def _read_stdin(data: bytes) -> Iterator[Document | Failure]:
    # stdin holds JSONL when its first non-blank character opens a JSON object, else one text document.
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(data, source="<stdin>")
    else:
        yield read_text(data, source="<stdin>", doc_id="stdin")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | Failure]:
    for path in paths:
        yield from read_path(path)
