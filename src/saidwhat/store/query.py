"""Questions users ask of a store: every quote by this person about that issue, in a date range."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..errors import SaidwhatError
from .rows import sql_literal

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


def search_quotes(store, *, speaker: str | None = None, about: str | None = None, since: str | None = None,
                  until: str | None = None, types: tuple[str, ...] = (), act: str | None = None,
                  issue: str | None = None, person: str | None = None,
                  limit: int = 50, offset: int = 0, con=None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Quotes matching every filter given, best text match first when `about` is set, else by date.
    `issue`: a corpus issue id, or words of its label; `person`: a person id. `con`: the connection
    to use (a cursor per thread in the viewer). Returns (column names, rows)."""
    where, params = [], []
    joins = ""
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
    ranked = bool(about) and store.fts
    if about and ranked:
        joins = f"JOIN ({BM25}) m ON m.quote_key = q.quote_key "
    elif about:
        for word in about.split():
            where.append("q.text ILIKE ? ESCAPE '\\'")
            params.append(_contains(word))
    if since:
        where.append("q.date >= ?")
        params.append(_iso(since, "--since"))
    if until:
        where.append("q.date <= ?")
        params.append(_iso(until, "--until"))
    if types:
        bad = [t for t in types if t not in QUOTE_TYPES]
        if bad:
            raise QueryError(f"--type takes {', '.join(QUOTE_TYPES)}; got {', '.join(bad)}")
        where.append(f"q.type IN ({', '.join('?' for _ in types)})")
        params += list(types)
    if act:
        where.append("q.act = ?")
        params.append(act)
    order = "m.score DESC, q.date, q.doc_id, q.quote_index" if ranked else "q.date, q.doc_id, q.quote_index"
    sql = (
        "SELECT q.date, coalesce(p.name, q.speaker_name) AS speaker, q.type, q.text, q.cue, q.doc_id, d.title, "
        f"q.quote_key, {'m.score' if ranked else 'NULL'} AS score, q.person_id, q.start, q.quote_index "
        f"FROM quotes q {joins}LEFT JOIN persons p ON p.person_id = q.person_id LEFT JOIN documents d ON d.doc_id = q.doc_id "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    if ranked:
        params = [about] + params
    cur = (con or store.con).execute(sql, params + [limit, offset])
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


# BM25 (k1 = 1.2, b = 0.75; Robertson & Zaragoza 2009) over the tables of DuckDB's fts index,
# reading only the postings of the query's terms. The extension's own `match_bm25` macro scores
# every row of the table, which is slow on millions of quotes. Terms are made as the index made
# them: lower case, accents stripped, split on non-letters, Porter stems.
BM25 = """
WITH qterms AS (
    SELECT DISTINCT stem(w, 'porter') AS term
    FROM (SELECT unnest(regexp_split_to_array(lower(strip_accents(?)), '[^a-z]+')) AS w) WHERE w <> ''),
  qt AS (SELECT d.termid, d.df FROM fts_main_quotes.dict d JOIN qterms USING (term)),
  st AS (SELECT num_docs, avgdl FROM fts_main_quotes.stats),
  tf AS (SELECT t.docid, t.termid, count(*) AS tf FROM fts_main_quotes.terms t JOIN qt USING (termid)
         GROUP BY t.docid, t.termid)
SELECT dd.name AS quote_key,
       sum(ln(1 + (st.num_docs - qt.df + 0.5) / (qt.df + 0.5)) * tf.tf * 2.2
           / (tf.tf + 1.2 * (0.25 + 0.75 * dd.len / st.avgdl))) AS score
FROM tf JOIN qt USING (termid) JOIN fts_main_quotes.docs dd USING (docid) CROSS JOIN st
GROUP BY dd.name
"""


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
