"""WARC and WARC.gz files: each HTML response record is one document (via trafilatura)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..records import Document, Failure
from .html import read_html


def read_warc(path: str | Path, *, max_bytes: int | None = None) -> Iterator[Document | Failure]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a core dependency
        yield Failure(source=str(path), reason="reading WARC files needs warcio: pip install warcio")
        return
    source = str(path)
    try:
        with open(path, "rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), start=1):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in ctype.lower():
                    continue
                data = record.content_stream().read()
                if max_bytes is not None and len(data) > max_bytes:
                    yield Failure(source=source, line=n, doc_id=uri, reason=f"record too large ({len(data):,} bytes)")
                    continue
                doc = read_html(data, source=source, doc_id=uri)
                if isinstance(doc, Document):
                    doc = Document(id=uri, text=doc.text, date=doc.date, title=doc.title, url=uri, source=source,
                                   body_start=doc.body_start, comment_spans=doc.comment_spans)
                yield doc
    except Exception as exc:  # a truncated or corrupt archive: keep what was read, record the rest
        yield Failure(source=source, reason=f"WARC archive could not be read to the end ({type(exc).__name__}: {exc})")
