"""Questions users ask of a store: every quote by this person about that issue, in a date range."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import SaidwhatError
from .rows import sql_literal
from .search import MAX_FILTERED_HITS

_WORDS = re.compile(r"\w+")

EXPORT_TABLES = ("documents", "segments", "speakers", "quotes", "persons", "rejects", "issues", "corpus_issues",
                 "positions", "relations", "dates", "events", "reactions", "stances", "incivility", "quotebacks",
                 "copies")
QUOTE_TYPES = ("direct", "mixed", "indirect")


class QueryError(SaidwhatError):
    """A query the user gave cannot be run."""


def _iso(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise QueryError(f"{flag} takes a date as YYYY-MM-DD, got {value!r}") from exc


def _contains(words: str) -> str:
    """A LIKE pattern for text that contains `words` as typed: % and _ match only themselves."""
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The columns a search returns, in order; `query` shows those up to quote_key, the viewer all.
QUOTE_COLUMNS = ("date", "speaker", "type", "text", "cue", "doc_id", "title", "quote_key", "score", "person_id",
                 "start", "quote_index")
SELECT_QUOTES = (
    "SELECT q.date, coalesce(p.name, q.speaker_name) AS speaker, q.type, q.text, q.cue, q.doc_id, d.title, "
    "q.quote_key, {score} AS score, q.person_id, q.start, q.quote_index "
    "FROM quotes q {joins}LEFT JOIN persons p ON p.person_id = q.person_id LEFT JOIN documents d ON d.doc_id = q.doc_id ")


@dataclass
class Found:
    """What a search found: column names, rows, the number of quotes matching in all (None when
    not counted), and for each row the character spans of its text that the words matched."""
    columns: list[str]
    rows: list[tuple[Any, ...]]
    total: int | None = None
    highlights: list[list[tuple[int, int]]] = field(default_factory=list)


def search_quotes(store, *, speaker: str | None = None, about: str | None = None, since: str | None = None,
                  until: str | None = None, types: tuple[str, ...] = (), act: str | None = None,
                  issue: str | None = None, person: str | None = None,
                  limit: int = 50, offset: int = 0, con=None) -> Found:
    """Quotes matching every filter given, best match first when `about` is set (through the
    full-text index: BM25, phrases in double quotes, OR), else by date.
    `issue`: a corpus issue id, or words of its label; `person`: a person id. `con`: the connection
    to use (a cursor per thread in the viewer)."""
    since, until = _iso(since, "--since"), _iso(until, "--until")
    bad = [t for t in types if t not in QUOTE_TYPES]
    if bad:
        raise QueryError(f"--type takes {', '.join(QUOTE_TYPES)}; got {', '.join(bad)}")
    con = con or store.con
    if store.search is not None and (about or (speaker or since or until) and not (person or issue)):
        # words through the index, ranked; names and dates alone through it too, by date
        return _ranked(store, con, about=about, speaker=speaker, since=since, until=until, types=types, act=act,
                       issue=issue, person=person, limit=limit, offset=offset)
    where, params = _table_filters(speaker=speaker, since=since, until=until, types=types, act=act,
                                   issue=issue, person=person)
    if about:  # no index (lost, or not built yet): every word must occur, in date order
        for word in about.split():
            where.append("q.text ILIKE ? ESCAPE '\\'")
            params.append(_contains(word.strip('"')))
    sql = (SELECT_QUOTES.format(score="NULL", joins="") + (f"WHERE {' AND '.join(where)} " if where else "")
           + "ORDER BY q.date, q.doc_id, q.quote_index LIMIT ? OFFSET ?")
    return Found(list(QUOTE_COLUMNS), con.execute(sql, params + [limit, offset]).fetchall())


def _table_filters(*, speaker, since, until, types, act, issue, person) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if person:
        where.append("q.person_id = ?")
        params.append(person)
    if issue:
        where.append("EXISTS (SELECT 1 FROM issues i LEFT JOIN corpus_issues c ON c.corpus_issue = i.corpus_issue "
                     "WHERE i.doc_id = q.doc_id AND i.issue_id = q.issue_id "
                     "AND (i.corpus_issue = ? OR c.label ILIKE ? ESCAPE '\\' OR i.label ILIKE ? ESCAPE '\\'))")
        params += [issue, _contains(issue), _contains(issue)]
    if speaker:
        where.append("(p.name ILIKE ? ESCAPE '\\' OR q.speaker_name ILIKE ? ESCAPE '\\' "
                     "OR list_contains(list_transform(p.aliases, a -> lower(a)), lower(?)))")
        params += [_contains(speaker), _contains(speaker), speaker]
    if since:
        where.append("q.date >= ?")
        params.append(since)
    if until:
        where.append("q.date <= ?")
        params.append(until)
    if types:
        where.append(f"q.type IN ({', '.join('?' for _ in types)})")
        params += list(types)
    if act:
        where.append("q.act = ?")
        params.append(act)
    return where, params


def _ranked(store, con, *, about, speaker, since, until, types, act, issue, person, limit, offset) -> Found:
    """Ranked by the index, which applies the words, speaker names, dates, type and act; a person
    id or a corpus issue (which the tables know) filters the best MAX_FILTERED_HITS after."""
    index = store.search
    later = bool(person or issue)
    filters = dict(speaker=speaker, since=since, until=until, types=types, act=act)
    n, skip = (MAX_FILTERED_HITS, 0) if later else (limit, offset)
    try:
        hits = index.search(index.query(about, **filters), limit=n, offset=skip, by_date=not about)
    except ValueError:
        # Query syntax the engine cannot run ("text:*", a field that does not exist): the words alone
        about = " ".join(_WORDS.findall(about or ""))
        if not about:
            return Found(list(QUOTE_COLUMNS), [], 0)
        hits = index.search(index.query(about, **filters), limit=n, offset=skip)
    if not hits.keys:
        return Found(list(QUOTE_COLUMNS), [], 0)
    where, params = _table_filters(speaker=None, since=None, until=None, types=(), act=None, issue=issue,
                                   person=person)
    sql = (SELECT_QUOTES.format(score="m.score", joins="JOIN (SELECT unnest(?) AS quote_key, unnest(?) AS score, "
                                "unnest(?) AS rank) m ON m.quote_key = q.quote_key ")
           + (f"WHERE {' AND '.join(where)} " if where else "") + "ORDER BY m.rank")
    rows = con.execute(sql, [hits.keys, hits.scores, list(range(len(hits.keys)))] + params).fetchall()
    total = hits.total
    if later:
        total = len(rows) if len(hits.keys) < MAX_FILTERED_HITS else None
        rows = rows[offset:offset + limit]
    text_at = QUOTE_COLUMNS.index("text")
    spans = index.highlights(index.query(about), [r[text_at] or "" for r in rows]) if about else []
    return Found(list(QUOTE_COLUMNS), rows, total, spans)


# What `query --sql` runs: one query. DESCRIBE, SHOW, SUMMARIZE and PRAGMA lookups parse as SELECT.
SQL_STATEMENTS = ("SELECT", "EXPLAIN")


def run_sql(store, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only query on a store opened read-only, with DuckDB's access to files, other
    databases and extensions switched off and its configuration locked (`Store.lock_down`):
    the query sees the store's tables and nothing else on the machine."""
    if not store.read_only:
        raise QueryError("SQL runs only on a store opened read-only")
    try:
        statements = store.con.extract_statements(sql)
    except Exception as exc:
        raise QueryError(f"SQL failed: {exc}") from exc
    if len(statements) != 1:
        raise QueryError(f"--sql takes exactly one statement, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in SQL_STATEMENTS:
        raise QueryError(f"--sql runs one read-only query (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); "
                         f"this is a {kind} statement")
    store.lock_down()
    try:
        cur = store.con.execute(sql)
    except Exception as exc:
        raise QueryError(f"SQL failed: {exc}") from exc
    if cur.description is None:
        return [], []
    return [d[0] for d in cur.description], cur.fetchall()


def export_tables(store, out_dir: str, fmt: str) -> list[str]:
    """Write every table to OUT_DIR/<table>.<fmt> (parquet, csv or jsonl)."""
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    options = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)", "jsonl": "(FORMAT json)"}[fmt]
    for table in EXPORT_TABLES:
        path = out / f"{table}.{fmt}"
        store.con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO {sql_literal(str(path))} {options}")
        written.append(str(path))
    return written
