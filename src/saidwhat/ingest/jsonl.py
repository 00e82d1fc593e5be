"""JSON Lines: one document a line, with `id`, `text` and optional `date`, `title`, `url`.

Read as a stream, a line at a time (gzip too), so memory follows the longest line, not the file;
a line longer than the limit is skipped without being held, and is a reject of its own.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..records import Document, Failure
from .text import document_from_text

CHUNK = 1 << 16


def read_jsonl(data: bytes, *, source: str, max_line_bytes: int | None = None) -> Iterator[Document | Failure]:
    """Yield a Document per good line and a Failure (with its line number) per bad one."""
    yield from read_jsonl_stream(io.BytesIO(data), source=source, max_line_bytes=max_line_bytes)


def open_jsonl(path: str, *, source: str, max_line_bytes: int | None = None) -> Iterator[Document | Failure]:
    """Stream a `.jsonl` or `.jsonl.gz` file (gzip is recognised by its first bytes)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Failure(source=source, reason=f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        compressed = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        if not compressed and path.lower().endswith(".gz"):
            yield Failure(source=source, reason="not a gzip file, although named .gz")
            return
        stream: BinaryIO = gzip.GzipFile(fileobj=fh) if compressed else fh  # type: ignore[assignment]
        yield from read_jsonl_stream(stream, source=source, max_line_bytes=max_line_bytes)


def read_jsonl_stream(fh: BinaryIO, *, source: str, max_line_bytes: int | None = None) -> Iterator[Document | Failure]:
    lineno = 0
    seen_any = False
    while True:
        lineno += 1
        try:
            raw = fh.readline(max_line_bytes + 1) if max_line_bytes else fh.readline()
            if max_line_bytes and len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                _skip_line(fh)
                seen_any = True
                yield Failure(source=source, line=lineno,
                              reason=f"line too long (over {max_line_bytes:,} bytes); raise --max-doc-chars to read it")
                continue
        except (EOFError, OSError, zlib.error) as exc:  # gzip cut short or corrupt
            what = "compressed file cut short" if isinstance(exc, EOFError) else f"unreadable data ({exc})"
            yield Failure(source=source, line=lineno, reason=f"{what} at line {lineno:,}; the lines before it were read")
            return
        if not raw:
            break
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        seen_any = True
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Failure(source=source, line=lineno,
                          reason=f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            continue
        yield parse_jsonl_line(line, source=source, lineno=lineno)
    if not seen_any:
        yield Failure(source=source, reason="empty document (no JSON lines)")


def _skip_line(fh: BinaryIO) -> None:
    while True:
        chunk = fh.readline(CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_jsonl_line(raw: str, *, source: str, lineno: int) -> Document | Failure:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Failure(source=source, line=lineno, reason=f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Failure(source=source, line=lineno, reason="malformed JSON (nested too deeply)")
    if not isinstance(obj, dict):
        return Failure(source=source, line=lineno, reason="a JSON line must be an object with 'id' and 'text'")
    doc_id = obj.get("id")
    doc_id = str(doc_id) if doc_id is not None else f"{source}:{lineno}"
    text = obj.get("text")
    if not isinstance(text, str):
        return Failure(source=source, line=lineno, doc_id=doc_id, reason="missing or non-string 'text' field")
    date = obj.get("date")
    date = str(date) if date not in (None, "") else None
    title = obj.get("title")
    url = obj.get("url")
    return _with_line(
        document_from_text(text, doc_id=doc_id, date=date, source=source,
                           title=title if isinstance(title, str) else None,
                           url=url if isinstance(url, str) else None),
        lineno,
    )


def _with_line(result: Document | Failure, lineno: int) -> Document | Failure:
    if isinstance(result, Failure) and result.line is None:
        return Failure(source=result.source, reason=result.reason, line=lineno, doc_id=result.doc_id)
    return result
