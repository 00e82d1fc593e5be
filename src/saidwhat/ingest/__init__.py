"""Readers: turn files and streams into `Document`s, or `Failure`s that name the document.

Every reader yields `Document | Failure`; none raises for a bad document, so a batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Document, Failure
from .html import read_html
from .jsonl import open_jsonl, read_jsonl, read_jsonl_stream
from .streams import Prefixed
from .text import read_text, document_from_text

__all__ = ["read_path", "read_paths", "read_sources", "read_text", "read_jsonl", "read_html", "document_from_text"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def line_limit(max_bytes: int | None) -> int | None:
    """The longest JSON line read for documents of at most `max_bytes` bytes of text: JSON escapes
    can take up to 1.5 times that (six bytes for a four-byte character), plus room for the fields."""
    return None if max_bytes is None else max_bytes * 3 // 2 + 65_536


def read_path(path: str | Path, *, max_bytes: int | None = None) -> Iterator[Document | Failure]:
    """Read one path by its suffix: `.jsonl`, `.html`, anything else as plain text. `-` is stdin.
    A file (or JSON line) over `max_bytes` is a Failure without being read whole."""
    if str(path) == "-":
        yield from _read_stdin(max_bytes)
        return
    p = Path(path)
    if not p.exists():
        yield Failure(source=str(p), reason="no such file")
        return
    if p.is_dir():
        yield Failure(source=str(p), reason="is a folder, not a document (give the files inside it)")
        return
    yield from read_file(p, doc_id=None, max_bytes=max_bytes)


def read_file(f: Path, *, doc_id: str | None, max_bytes: int | None) -> Iterator[Document | Failure]:
    """One file by its suffix: WARC and JSON Lines (plain or gzip) streamed record by record,
    HTML through trafilatura, anything else as plain text (its id: `doc_id`, else the file's
    stem). A text or HTML file over `max_bytes` is a Failure without being read."""
    from .warc import read_warc

    suffix = _suffix(f) or f.suffix.lower()
    if suffix in (".warc", ".warc.gz"):
        yield from read_warc(f, max_bytes=max_bytes)
        return
    if suffix.startswith((".jsonl", ".ndjson")):
        yield from open_jsonl(str(f), source=str(f), max_line_bytes=line_limit(max_bytes))
        return
    try:
        size = f.stat().st_size
        if max_bytes is not None and size > max_bytes:
            yield Failure(source=str(f), doc_id=doc_id,
                          reason=f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
            return
        data = f.read_bytes()
    except OSError as exc:
        yield Failure(source=str(f), reason=f"cannot read: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield read_html(data, source=str(f), doc_id=doc_id)
    else:
        yield read_text(data, source=str(f), doc_id=doc_id)


def _read_stdin(max_bytes: int | None) -> Iterator[Document | Failure]:
    # stdin holds JSONL when its first non-blank character opens a JSON object, else one text
    # document. JSONL is streamed a line at a time.
    stream = sys.stdin.buffer
    head = b""
    while True:
        chunk = stream.read(1)
        head += chunk
        if not chunk or not chunk.isspace():
            break
    if head.lstrip()[:1] == b"{":
        yield from read_jsonl_stream(Prefixed(head, stream), source="<stdin>",  # type: ignore[arg-type]
                                     max_line_bytes=line_limit(max_bytes))
        return
    rest = stream.read(max_bytes + 1 - len(head)) if max_bytes is not None else stream.read()
    data = head + rest
    if max_bytes is not None and len(data) > max_bytes:
        yield Failure(source="<stdin>", doc_id="stdin", reason=f"input too large (over {max_bytes:,} bytes)")
        return
    yield read_text(data, source="<stdin>", doc_id="stdin")


def read_paths(paths: Iterable[str | Path], *, max_bytes: int | None = None) -> Iterator[Document | Failure]:
    for path in paths:
        yield from read_path(path, max_bytes=max_bytes)


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
    for source in sources:
        if str(source) == "-":
            yield from read_jsonl_stream(sys.stdin.buffer, source="<stdin>", max_line_bytes=line_limit(max_bytes))
            continue
        root = Path(source)
        if not root.exists():
            yield Failure(source=str(root), reason="no such file or folder")
            continue
        for f in corpus_files(root):
            rel = f.relative_to(root).as_posix() if root.is_dir() else f.name
            yield from read_file(f, doc_id=rel, max_bytes=max_bytes)
