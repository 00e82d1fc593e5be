"""Analyses as table rows: the one conversion every engine uses (local processes, Dask, Spark)."""

from __future__ import annotations

import hashlib
from typing import Any

from ..records import Analysis, Failure

TABLES = ("documents", "segments", "speakers", "quotes", "rejects")

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "content_hash", "source", "date", "title", "url", "n_chars", "n_quotes", "n_comments", "text"),
    "segments": ("doc_id", "seg_index", "kind", "start", "end", "author", "reply_to"),
    "speakers": ("doc_id", "speaker_id", "name", "aliases", "role", "kind", "person_id"),
    "quotes": ("quote_key", "doc_id", "quote_index", "start", "end", "text", "type", "act", "speaker_id",
               "speaker_name", "person_id", "mention", "cue", "segment", "segment_kind", "attributed_by", "grp", "date"),
    "rejects": ("reject_key", "source", "line", "doc_id", "reason"),
}

# DuckDB types of the columns, in `COLUMNS` order (the tables themselves are in schema.sql).
COLUMN_TYPES: dict[str, list[str]] = {
    "documents": ["VARCHAR", "VARCHAR", "VARCHAR", "DATE", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER", "VARCHAR"],
    "segments": ["VARCHAR", "INTEGER", "VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "VARCHAR"],
    "speakers": ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR[]", "VARCHAR", "VARCHAR", "VARCHAR"],
    "quotes": ["VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
               "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "DATE"],
    "rejects": ["VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR"],
}


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: str | None) -> str | None:
    if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        return value[:10]
    return None


def rows_from_analysis(a: Analysis, *, source: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    date = _date(a.date)
    n_comments = sum(1 for s in a.segments if s.kind == "comment")
    out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    out["documents"].append((a.id, content_hash(a.text), source, date, a.title, a.url, len(a.text), len(a.quotes),
                             n_comments, a.text))
    for i, s in enumerate(a.segments):
        out["segments"].append((a.id, i, s.kind, s.start, s.end, s.author, s.reply_to))
    for sp in a.speakers:
        out["speakers"].append((a.id, sp.id, sp.name, list(sp.aliases), sp.role, sp.kind, None))
    for i, q in enumerate(a.quotes):
        out["quotes"].append((f"{a.id}#{i}", a.id, i, q.start, q.end, q.text, q.type, q.act,
                              q.speaker.id if q.speaker else None, q.speaker.name if q.speaker else None, None,
                              q.speaker_mention.text if q.speaker_mention else None, q.cue.text if q.cue else None,
                              q.segment, a.segments[q.segment].kind, q.attributed_by, q.group, date))
    return out


def rows_from_failure(f: Failure) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    key = f"{f.source}:{f.line or 0}:{f.doc_id or ''}"
    out["rejects"].append((key, f.source, f.line, f.doc_id, f.reason))
    return out


def merge_rows(parts: list[dict[str, list[tuple[Any, ...]]]]) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    for p in parts:
        for t in TABLES:
            out[t].extend(p[t])
    return out


def analyze_rows(docs: list, *, settings=None) -> dict[str, list[tuple[Any, ...]]]:
    """The pure batch function for every engine: Documents (or Failures) in, table rows out."""
    from ..analyze import analyze_batch
    from ..records import Document
    from ..settings import DEFAULT_SETTINGS

    settings = settings or DEFAULT_SETTINGS
    good = [d for d in docs if isinstance(d, Document)]
    results = iter(analyze_batch(good, settings=settings)) if good else iter(())
    parts = []
    for d in docs:
        if isinstance(d, Failure):
            parts.append(rows_from_failure(d))
            continue
        r = next(results)
        parts.append(rows_from_failure(r) if isinstance(r, Failure) else rows_from_analysis(r, source=d.source))
    return merge_rows(parts)
