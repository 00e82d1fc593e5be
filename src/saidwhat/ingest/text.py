"""Plain text documents, with an optional leading `date YYYY-MM-DD` header."""

from __future__ import annotations

import re
from pathlib import Path

from ..records import Document, Failure

# "date 2017-04-12" at the very start, possibly followed on the same line by the first sentence.
DATE_HEADER = re.compile(r"\A\s*date[ \t]*:?[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*", re.IGNORECASE)


def decode_text(data: bytes, *, source: str, line: int | None = None, doc_id: str | None = None) -> str | Failure:
    """Decode bytes as UTF-8 text, or say why they are not a text document."""
    if b"\x00" in data[:8192]:
        return Failure(source=source, reason="binary data, not a text document", line=line, doc_id=doc_id)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(
            source=source,
            reason=f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            line=line,
            doc_id=doc_id,
        )
    return text


def document_from_text(
    text: str, *, doc_id: str, date: str | None = None, source: str | None = None, **meta: str | None
) -> Document | Failure:
    """Build a Document from text: finds the `date` header, rejects empty text."""
    if not text.strip():
        return Failure(source=source or doc_id, reason="empty document", doc_id=doc_id)
    body_start = 0
    m = DATE_HEADER.match(text)
    if m:
        body_start = m.end()
        date = date or m.group(1)
        if not text[body_start:].strip():
            return Failure(source=source or doc_id, reason="empty document (only a date header)", doc_id=doc_id)
    return Document(id=doc_id, text=text, date=date, source=source, body_start=body_start,
                    title=meta.get("title"), url=meta.get("url"))


def read_text(data: bytes, *, source: str, doc_id: str | None = None) -> Document | Failure:
    """Read one plain-text document; its id is the file name without suffix unless given."""
    doc_id = doc_id or Path(source).stem
    text = decode_text(data, source=source, doc_id=doc_id)
    if isinstance(text, Failure):
        return text
    return document_from_text(text, doc_id=doc_id, source=source)
