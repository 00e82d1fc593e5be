"""JSON Lines: one document a line, with `id`, `text` and optional `date`, `title`, `url`."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import Document, Failure
from .text import decode_text, document_from_text


def read_jsonl(data: bytes, *, source: str) -> Iterator[Document | Failure]:
    """Yield a Document per good line and a Failure (with its line number) per bad one."""
    text = decode_text(data, source=source)
    if isinstance(text, Failure):
        yield text
        return
    seen_any = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        seen_any = True
        yield parse_jsonl_line(raw, source=source, lineno=lineno)
    if not seen_any:
        yield Failure(source=source, reason="empty document (no JSON lines)")


def parse_jsonl_line(raw: str, *, source: str, lineno: int) -> Document | Failure:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Failure(source=source, line=lineno, reason=f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return Failure(source=source, line=lineno, reason="a JSON line must be an object with 'id' and 'text'")
    doc_id = obj.get("id")
    doc_id = str(doc_id) if doc_id is not None else f"{source}:{lineno}"
    text = obj.get("text")
    if not isinstance(text, str):
        return Failure(source=source, line=lineno, doc_id=doc_id, reason="missing or non-string 'text' field")
    date = obj.get("date")
    date = str(date) if date else None
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
