"""Analyses as table rows: the one conversion every engine uses (local processes, Dask, Spark)."""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any

from ..records import Analysis, Failure
from .tables import TABLES as SPEC

# The tables whose rows come from analyses, and every table's column names and DuckDB types, in
# the order rows are written: all from the one description in `tables.py`.
TABLES: tuple[str, ...] = tuple(name for name, t in SPEC.items() if t.analysed)
COLUMNS: dict[str, tuple[str, ...]] = {name: t.names for name, t in SPEC.items()}
COLUMN_TYPES: dict[str, list[str]] = {name: t.types for name, t in SPEC.items()}


def copy_row(document_row: tuple[Any, ...], copy_of: str) -> tuple[Any, ...]:
    """The `copies` row of a `documents` row whose text is stored as `copy_of`."""
    doc_id, content_hash_, source, date, title, url = document_row[:6]
    return (doc_id, copy_of, content_hash_, source, date, title, url)


def sql_literal(value: str) -> str:
    """A string as an SQL literal, for the places DuckDB takes no parameter (COPY ... TO, LOAD):
    a path with a quote in it stays a path, never SQL."""
    return "'" + str(value).replace("'", "''") + "'"


def count_rejects(rejects: list[tuple[Any, ...]]) -> tuple[int, int]:
    """(documents rejected, fields ignored) among rejects rows."""
    ignored = sum(1 for r in rejects if str(r[4]).startswith(FIELD_IGNORED))
    return len(rejects) - ignored, ignored


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# A rejects row whose reason starts so is a field left out of a stored document, not a lost document.
FIELD_IGNORED = "field ignored: "


def _date(value: str | None) -> str | None:
    """A value DuckDB's DATE takes, or None: the readers check dates, and this guards the batch
    insert against any record that reached it some other way (one bad cast rolls back a batch)."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def rows_from_analysis(a: Analysis, *, source: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    date = _date(a.date)
    n_comments = sum(1 for s in a.segments if s.kind == "comment")
    out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
    out["documents"].append((a.id, content_hash(a.text), source, date, a.title, a.url, len(a.text), len(a.quotes),
                             n_comments, a.text))
    for n, warning in enumerate(a.warnings):
        out["rejects"].append((f"{source}:0:{a.id}:warning{n}", source, None, a.id, FIELD_IGNORED + warning))
    for i, s in enumerate(a.segments):
        out["segments"].append((a.id, i, s.kind, s.start, s.end, s.author, s.reply_to))
    for sp in a.speakers:
        out["speakers"].append((a.id, sp.id, sp.name, list(sp.aliases), sp.role, sp.kind, None, sp.qid))
    for i, q in enumerate(a.quotes):
        out["quotes"].append((f"{a.id}#{i}", a.id, i, q.start, q.end, q.text, q.type, q.act,
                              q.speaker.id if q.speaker else None, q.speaker.name if q.speaker else None, None,
                              q.speaker_mention.text if q.speaker_mention else None, q.cue.text if q.cue else None,
                              q.segment, a.segments[q.segment].kind, q.attributed_by, q.group, q.issue,
                              q.requote_of, date, q.resolved_by))
    for iss in a.issues:
        out["issues"].append((a.id, iss.id, iss.label, list(iss.terms), len(iss.quotes), list(iss.speakers), None))
    for p in a.positions:
        out["positions"].append((a.id, p.issue, p.speaker, p.text, p.quote))
    for r in a.relations:
        out["relations"].append((a.id, r.kind, r.source, r.target, r.issue, r.quote, r.reason,
                                 r.evidence.text if r.evidence else None))
    for d in a.dates:
        out["dates"].append((a.id, d.start, d.end, d.text, d.value, d.granularity, d.relation, d.modifier, d.segment))
    for e in a.events:
        out["events"].append((a.id, e.label, e.date, e.granularity, e.date_text, e.start, e.end, e.deadline))
    for rc in a.reactions:
        out["reactions"].append((a.id, rc.segment, rc.author, rc.tone, rc.tone_score, len(rc.incivility),
                                 list(rc.issues), rc.reply_to_segment))
        for st in rc.stances:
            out["stances"].append((a.id, rc.segment, st.speaker, st.stance, st.score))
        for inc in rc.incivility:
            out["incivility"].append((a.id, rc.segment, inc.start, inc.end, inc.text, inc.kind))
        for b in rc.quotebacks:
            out["quotebacks"].append((a.id, rc.segment, b.start, b.end, b.text, b.article_start, b.article_end,
                                      b.speaker, b.quote, b.score))
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
