"""What the viewer's pages and JSON API show, read from a store opened read-only.

Every function takes a DuckDB connection (a cursor of its own per request thread) and returns plain
dicts and lists, so the same data serves the HTML pages and the JSON API. SQL only ever takes
values through parameters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..store.query import search_quotes

MAX_PAGE = 100
MAX_QUERY = 200


# What the document page shows besides the text, each read by document id.
DOCUMENT_PARTS = {
    "segments": 'SELECT seg_index, kind, start, "end", author, reply_to FROM segments WHERE doc_id = ? ORDER BY seg_index',
    "speakers": "SELECT speaker_id, name, aliases, role, kind, person_id, qid FROM speakers WHERE doc_id = ? "
                "ORDER BY speaker_id",
    "quotes": 'SELECT quote_index, start, "end", text, type, act, speaker_id, speaker_name, person_id, mention, cue, '
              "segment, segment_kind, attributed_by, grp, issue_id, requote_of, resolved_by FROM quotes WHERE doc_id = ? "
              "ORDER BY start, quote_index",
    "issues": "SELECT issue_id, label, terms, n_quotes, speakers, corpus_issue FROM issues WHERE doc_id = ? ORDER BY issue_id",
    "positions": "SELECT issue_id, speaker_id, text, grp FROM positions WHERE doc_id = ?",
    "relations": "SELECT kind, source_id, target_id, issue_id, grp, reason, evidence FROM relations WHERE doc_id = ?",
    "events": 'SELECT label, date_value, granularity, date_text, start, "end", deadline FROM events WHERE doc_id = ? '
              "ORDER BY start",
    "dates": 'SELECT start, "end", text, value, granularity FROM dates WHERE doc_id = ? ORDER BY start',
    "reactions": "SELECT seg_index, author, tone, tone_score, n_uncivil, issues, reply_to_segment FROM reactions "
                 "WHERE doc_id = ? ORDER BY seg_index",
    "stances": "SELECT seg_index, speaker_id, stance, score FROM stances WHERE doc_id = ?",
    "incivility": 'SELECT seg_index, start, "end", text, kind FROM incivility WHERE doc_id = ? ORDER BY start',
    "quotebacks": 'SELECT seg_index, start, "end", text, speaker_id, grp FROM quotebacks WHERE doc_id = ?',
}


class NotFound(LookupError):
    """No such document, person or issue."""


def _rows(con, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in r.items()} for r in rows]


def overview(con) -> dict[str, Any]:
    counts = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM quotes), "
        "(SELECT count(*) FROM persons), (SELECT min(date) FROM documents), (SELECT max(date) FROM documents), "
        "(SELECT count(*) FROM segments WHERE kind = 'comment')").fetchone()
    weeks = _rows(con, "SELECT date_trunc('week', date) AS week, count(*) AS quotes FROM quotes "
                       "WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1")
    persons = _rows(con, "SELECT person_id, name, role, n_quotes, n_documents FROM persons "
                         "ORDER BY n_quotes DESC, name LIMIT 15")
    issues = _rows(con, "SELECT corpus_issue, label, n_documents, n_quotes FROM corpus_issues "
                        "ORDER BY n_quotes DESC, label LIMIT 15")
    documents = _rows(con, "SELECT doc_id, title, date, n_quotes, n_comments FROM documents "
                           "ORDER BY date DESC NULLS LAST, doc_id LIMIT 20")
    return {"documents": counts[0], "quotes": counts[1], "persons": counts[2],
            "first_date": _plain(counts[3]), "last_date": _plain(counts[4]), "comments": counts[5],
            "quotes_per_week": plain(weeks), "top_persons": persons, "top_issues": issues,
            "recent_documents": plain(documents)}


def search(con, store, *, q: str | None, speaker: str | None, issue: str | None, type_: str | None,
           since: str | None, until: str | None, person: str | None, page: int, size: int) -> dict[str, Any]:
    size = max(1, min(size, MAX_PAGE))
    page = max(1, page)
    q = (q or "").strip()[:MAX_QUERY] or None
    found = search_quotes(store, speaker=(speaker or "").strip()[:MAX_QUERY] or None, about=q,
                          since=since or None, until=until or None, types=(type_,) if type_ else (),
                          issue=(issue or "").strip()[:MAX_QUERY] or None, person=person or None,
                          limit=size + 1, offset=(page - 1) * size, con=con)
    items = [dict(zip(found.columns, r)) for r in found.rows]
    for item, spans in zip(items, found.highlights):
        item["highlights"] = [list(s) for s in spans]  # character spans of `text` the words matched
    more = len(items) > size
    return {"page": page, "size": size, "more": more, "total": found.total, "ranked": bool(found.highlights),
            "results": plain(items[:size])}


def pieces(text: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """`text` cut at the highlighted spans: (piece, matched) in order, for a template to mark."""
    out, at = [], 0
    for s, e in sorted(spans):
        if s < at or e <= s:
            continue
        if s > at:
            out.append((text[at:s], False))
        out.append((text[s:e], True))
        at = e
    if at < len(text):
        out.append((text[at:], False))
    return out


def document(con, doc_id: str) -> dict[str, Any]:
    docs = _rows(con, "SELECT doc_id, title, url, date, source, text, n_quotes, n_comments FROM documents "
                      "WHERE doc_id = ?", [doc_id])
    if not docs:
        raise NotFound(f"no document {doc_id!r}")
    doc = plain(docs)[0]
    for key, sql in DOCUMENT_PARTS.items():
        doc[key] = _rows(con, sql, [doc_id])
    return doc


def person(con, person_id: str, *, page: int = 1, size: int = 25) -> dict[str, Any]:
    found = _rows(con, "SELECT person_id, name, aliases, role, n_quotes, n_documents, qid FROM persons "
                       "WHERE person_id = ?", [person_id])
    if not found:
        raise NotFound(f"no person {person_id!r}")
    p = found[0]
    size = max(1, min(size, MAX_PAGE))
    page = max(1, page)
    p["months"] = plain(_rows(con, "SELECT date_trunc('month', date) AS month, count(*) AS quotes FROM quotes "
                                   "WHERE person_id = ? AND date IS NOT NULL GROUP BY 1 ORDER BY 1", [person_id]))
    p["issues"] = _rows(con, "SELECT coalesce(c.corpus_issue, i.issue_id) AS corpus_issue, "
                             "coalesce(c.label, i.label) AS label, count(*) AS quotes FROM quotes q "
                             "JOIN issues i ON i.doc_id = q.doc_id AND i.issue_id = q.issue_id "
                             "LEFT JOIN corpus_issues c ON c.corpus_issue = i.corpus_issue "
                             "WHERE q.person_id = ? GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 20", [person_id])
    p["relations"] = _rows(con, "SELECT r.kind, coalesce(tp.person_id, '') AS person_id, "
                                "coalesce(pp.name, t.name) AS name, count(*) AS n, min(r.doc_id) AS doc_id "
                                "FROM relations r "
                                "JOIN speakers s ON s.doc_id = r.doc_id AND s.speaker_id = r.source_id "
                                "JOIN speakers t ON t.doc_id = r.doc_id AND t.speaker_id = r.target_id "
                                "LEFT JOIN speakers tp ON tp.doc_id = t.doc_id AND tp.speaker_id = t.speaker_id "
                                "LEFT JOIN persons pp ON pp.person_id = t.person_id "
                                "WHERE s.person_id = ? AND r.kind IN ('disagrees', 'agrees') "
                                "GROUP BY 1, 2, 3 ORDER BY 1 DESC, 4 DESC, 3", [person_id])
    quotes = _rows(con, "SELECT q.date, q.type, q.text, q.cue, q.doc_id, d.title, q.quote_index FROM quotes q "
                        "LEFT JOIN documents d ON d.doc_id = q.doc_id WHERE q.person_id = ? "
                        "ORDER BY q.date DESC NULLS LAST, q.doc_id, q.quote_index LIMIT ? OFFSET ?",
                   [person_id, size + 1, (page - 1) * size])
    p["page"], p["size"], p["more"] = page, size, len(quotes) > size
    p["quotes"] = plain(quotes[:size])
    return p


def issue(con, corpus_issue: str) -> dict[str, Any]:
    found = _rows(con, "SELECT corpus_issue, label, terms, n_documents, n_quotes FROM corpus_issues "
                       "WHERE corpus_issue = ?", [corpus_issue])
    if not found:
        raise NotFound(f"no issue {corpus_issue!r}")
    out = found[0]
    out["documents"] = plain(_rows(con, "SELECT i.doc_id, d.title, d.date, i.label, i.n_quotes FROM issues i "
                                        "JOIN documents d ON d.doc_id = i.doc_id WHERE i.corpus_issue = ? "
                                        "ORDER BY d.date DESC NULLS LAST, i.doc_id LIMIT 200", [corpus_issue]))
    out["speakers"] = _rows(con, "SELECT q.person_id, coalesce(p.name, q.speaker_name) AS name, count(*) AS quotes "
                                 "FROM quotes q JOIN issues i ON i.doc_id = q.doc_id AND i.issue_id = q.issue_id "
                                 "LEFT JOIN persons p ON p.person_id = q.person_id "
                                 "WHERE i.corpus_issue = ? AND q.speaker_name IS NOT NULL "
                                 "GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 30", [corpus_issue])
    return out
