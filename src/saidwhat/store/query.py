"""Questions users ask of a store: every quote by this person about that issue, in a date range."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..errors import SaidwhatError

EXPORT_TABLES = ("documents", "segments", "speakers", "quotes", "persons", "rejects")
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


def search_quotes(store, *, speaker: str | None = None, about: str | None = None, since: str | None = None,
                  until: str | None = None, types: tuple[str, ...] = (), act: str | None = None,
                  limit: int = 50, offset: int = 0) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Quotes matching every filter given, best text match first when `about` is set, else by date.
    Returns (column names, rows)."""
    where, params = [], []
    score = "NULL"
    if speaker:
        where.append("(p.name ILIKE ? OR q.speaker_name ILIKE ? OR list_contains(list_transform(p.aliases, a -> lower(a)), lower(?)))")
        params += [f"%{speaker}%", f"%{speaker}%", speaker]
    if about:
        if store.fts:
            score = "fts_main_quotes.match_bm25(q.quote_key, ?)"
            where.append(f"{score} IS NOT NULL")
            params.append(about)
        else:
            for word in about.split():
                where.append("q.text ILIKE ?")
                params.append(f"%{word}%")
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
    order = "score DESC, q.date, q.doc_id, q.quote_index" if about and store.fts else "q.date, q.doc_id, q.quote_index"
    sql = (
        f"SELECT q.date, coalesce(p.name, q.speaker_name) AS speaker, q.type, q.text, q.cue, q.doc_id, d.title, "
        f"q.quote_key, {score} AS score "
        "FROM quotes q LEFT JOIN persons p ON p.person_id = q.person_id LEFT JOIN documents d ON d.doc_id = q.doc_id "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    # The score expression appears twice (select and where): bind `about` for each.
    if about and store.fts:
        params = [about] + params
    cur = store.con.execute(sql, params + [limit, offset])
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


def run_sql(store, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one SQL statement on a store opened read-only."""
    if not store.read_only:
        raise QueryError("SQL runs only on a store opened read-only")
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
        store.con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{path}' {options}")
        written.append(str(path))
    return written
