"""WARC and WARC.gz files: each HTML response record is one document (via trafilatura).

Read as a stream with bounded memory: gzip is inflated here member by member (a `.warc.gz` is
one gzip member per record, or one for all), so a file cut short is noticed. What a damaged
archive costs is said, never skipped in silence: a file that is not gzip though named so, or not
a WARC file, is one reject; an archive cut short keeps every complete record before the cut, and
the cut becomes a reject with its byte offset; a record over the size limit is a reject of its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import Document, Failure
from .html import read_html
from .streams import Prefixed

CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"


class Inflating:
    """A readable stream of the decompressed bytes of a (multi-member) gzip file. `truncated`
    is set when the file ends inside a member; `offset` is how far the compressed file was read."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.offset = 0
        self.truncated = False
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._started = False  # the current member has received input
        self._buf = b""
        self._done = False

    def _fill(self) -> None:
        while not self._buf and not self._done:
            data = self._z.unused_data if self._z.eof else b""
            if self._z.eof:
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._started = False
            if not data:
                data = self.raw.read(CHUNK)
                self.offset += len(data)
            if not data:
                self._done = True
                self.truncated = self._started and not self._z.eof
                return
            if not data.strip(b"\x00") and not self._started:
                continue  # zero padding after the last member
            self._started = True
            self._buf = self._z.decompress(data)

    def read(self, n: int = -1) -> bytes:
        out = bytearray()
        while n < 0 or len(out) < n:
            self._fill()
            if not self._buf:
                break
            take = len(self._buf) if n < 0 else n - len(out)
            out += self._buf[:take]
            self._buf = self._buf[take:]
        return bytes(out)


def read_warc(path: str | Path, *, max_bytes: int | None = None) -> Iterator[Document | Failure]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a core dependency
        yield Failure(source=str(path), reason="reading WARC files needs warcio: pip install warcio")
        return
    source = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Failure(source=source, reason=f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        magic = fh.read(2)
        fh.seek(0)
        inflating = Inflating(fh) if magic == GZIP_MAGIC else None
        if inflating is None and source.lower().endswith(".gz"):
            yield Failure(source=source, reason="not a gzip file, although named .gz")
            return
        stream = inflating if inflating is not None else fh
        head = stream.read(5)
        if head != b"WARC/":
            if not head and inflating is not None and inflating.truncated:
                yield Failure(source=source, reason=f"gzip stream cut short at byte {inflating.offset:,}; no record read")
            else:
                yield Failure(source=source, reason="not a WARC file (it does not begin with 'WARC/')")
            return
        complete = 0
        n = 0
        try:
            it = ArchiveIterator(Prefixed(head, stream))
            for n, record in enumerate(it, start=1):
                doc = _document(record, source, n, max_bytes)
                while record.raw_stream.read(CHUNK):
                    pass
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # (warcio knows a record's offset once it was read to its end)
                    where = "" if inflating is not None else f" at byte {it.get_record_offset():,}"
                    yield Failure(source=source, line=n, reason=f"WARC record {n}{where} is cut short "
                                  f"({record.raw_stream.limit:,} bytes missing); the archive ends there")
                    return
                complete += 1
                if doc is not None:
                    yield doc
        except Exception as exc:  # a corrupt archive: keep what was read, record the rest
            yield Failure(source=source, line=n + 1 if n else None,
                          reason=f"WARC archive could not be read past record {complete} "
                                 f"({type(exc).__name__}: {str(exc)[:200]})")
            return
        if inflating is not None and inflating.truncated:
            yield Failure(source=source, reason=f"gzip stream cut short at byte {inflating.offset:,} "
                          f"after {complete} complete record(s); those were read")


def _document(record, source: str, n: int, max_bytes: int | None) -> Document | Failure | None:
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    if "html" not in ctype.lower():
        return None
    stream = record.content_stream()
    data = stream.read(max_bytes + 1) if max_bytes is not None else stream.read()
    if max_bytes is not None and len(data) > max_bytes:
        return Failure(source=source, line=n, doc_id=uri, reason=f"record too large (over {max_bytes:,} bytes)")
    doc = read_html(data, source=source, doc_id=uri)
    if isinstance(doc, Document):
        doc = Document(id=uri, text=doc.text, date=doc.date, title=doc.title, url=uri, source=source,
                       body_start=doc.body_start, comment_spans=doc.comment_spans, warnings=doc.warnings)
    return doc
