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

__all__ = ["read_path", "read_paths", "read_sources", "read_text", "read_jsonl", "read_html", "document_from_text"]

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


CORPUS_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz",
                   ".warc", ".warc.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(CORPUS_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return ""


def corpus_files(source: str | Path) -> list[Path]:
    """The documents under a folder (recursively, sorted), or the file itself."""
    p = Path(source)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and _suffix(f))
    return [p]


def read_sources(sources: Iterable[str | Path], *, max_bytes: int | None = None) -> Iterator[Document | Failure]:
    """Read corpus sources: folders (recursively: .txt, .html, .jsonl, .jsonl.gz, .warc, .warc.gz),
    single files, or `-` for JSON Lines on stdin. Documents from a folder are keyed by their path
    under it, so two `article.txt` in different folders stay apart."""
    import gzip

    from .warc import read_warc

    for source in sources:
        if str(source) == "-":
            yield from read_jsonl(sys.stdin.buffer.read(), source="<stdin>")
            continue
        root = Path(source)
        if not root.exists():
            yield Failure(source=str(root), reason="no such file or folder")
            continue
        for f in corpus_files(root):
            suffix = _suffix(f) or f.suffix.lower()
            rel = f.relative_to(root).as_posix() if root.is_dir() else f.name
            try:
                size = f.stat().st_size
            except OSError as exc:
                yield Failure(source=str(f), reason=f"cannot read: {exc.strerror or exc}")
                continue
            if suffix in (".warc", ".warc.gz"):
                yield from read_warc(f, max_bytes=max_bytes)
                continue
            if max_bytes is not None and size > max_bytes and not suffix.startswith((".jsonl", ".ndjson")):
                yield Failure(source=str(f), doc_id=rel, reason=f"file too large ({size:,} bytes)")
                continue
            try:
                data = f.read_bytes()
                if suffix.endswith(".gz"):
                    data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                yield Failure(source=str(f), reason=f"cannot read: {exc}")
                continue
            if suffix.startswith((".jsonl", ".ndjson")):
                yield from read_jsonl(data, source=str(f))
            elif suffix in (".html", ".htm", ".xhtml"):
                yield read_html(data, source=str(f), doc_id=rel)
            else:
                yield read_text(data, source=str(f), doc_id=rel)
