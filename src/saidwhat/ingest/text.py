"""Plain text documents, with an optional leading `date YYYY-MM-DD` header."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..records import Document, Failure

# "date 2017-04-12" at the very start, possibly followed on the same line by the first sentence.
DATE_HEADER = re.compile(r"\A\s*date[ \t]*:?[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?[ \t]*", re.IGNORECASE)


# Byte-order marks of the Unicode encodings a text file may come in, longest first.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


def decode_text(data: bytes, *, source: str, line: int | None = None, doc_id: str | None = None) -> str | Failure:
    """Decode bytes as text, or say why they are not a text document. UTF-8 unless a byte-order
    mark says UTF-16 or UTF-32; a NUL anywhere (not only near the start) means binary data."""
    encoding = next((enc for bom, enc in BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and (nul := data.find(b"\x00")) >= 0:
        return Failure(source=source, reason=f"binary data, not a text document (NUL byte at offset {nul:,})",
                       line=line, doc_id=doc_id)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return Failure(
            source=source,
            reason=f"not valid {encoding.upper().replace('-SIG', '')} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            line=line,
            doc_id=doc_id,
        )
    return text.removeprefix("\ufeff")


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def checked_date(value: object) -> tuple[str | None, str | None]:
    """(the ISO date, None) for a calendar date given as YYYY-MM-DD (a time after it is allowed
    and dropped), else (None, why it was ignored). A bad date costs the date, not the document."""
    if value is None or value == "":
        return None, None
    text = str(value).strip()
    m = _ISO_DATE.fullmatch(text)
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not m:
        return None, f"date {shown!r} ignored: not a date in the form YYYY-MM-DD"
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), None
    except ValueError:
        return None, f"date {shown!r} ignored: no such day in the calendar"


def document_from_text(
    text: str, *, doc_id: str, date: str | None = None, source: str | None = None, **meta: str | None
) -> Document | Failure:
    """Build a Document from text: finds the `date` header, rejects empty text."""
    if not text.strip():
        return Failure(source=source or doc_id, reason="empty document", doc_id=doc_id)
    if (nul := text.find("\x00")) >= 0:
        return Failure(source=source or doc_id, doc_id=doc_id,
                       reason=f"binary data, not a text document (NUL character at offset {nul:,})")
    if (bad := _lone_surrogate(text)) is not None:
        # JSON's "\\udca0" escapes decode to half a character that no parser can read
        return Failure(source=source or doc_id, doc_id=doc_id,
                       reason=f"not valid Unicode text (lone surrogate U+{ord(text[bad]):04X} at offset {bad:,})")
    body_start = 0
    m = DATE_HEADER.match(text)
    if m:
        body_start = m.end()
        date = date or m.group(1)
        if not text[body_start:].strip():
            return Failure(source=source or doc_id, reason="empty document (only a date header)", doc_id=doc_id)
    date, problem = checked_date(date)
    return Document(id=doc_id, text=text, date=date, source=source, body_start=body_start,
                    title=meta.get("title"), url=meta.get("url"), warnings=(problem,) if problem else ())


def _lone_surrogate(text: str) -> int | None:
    """The offset of the first code point that cannot be written as UTF-8, or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def read_text(data: bytes, *, source: str, doc_id: str | None = None) -> Document | Failure:
    """Read one plain-text document; its id is the file name without suffix unless given."""
    doc_id = doc_id or Path(source).stem
    text = decode_text(data, source=source, doc_id=doc_id)
    if isinstance(text, Failure):
        return text
    return document_from_text(text, doc_id=doc_id, source=source)
