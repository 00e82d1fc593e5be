"""How the store hands DuckDB Python values: in bulk, through a temporary JSON Lines file that
DuckDB's reader loads in one statement, never as bound parameters. Binding costs over a
millisecond a row (executemany, or lists as parameters), and DuckDB imports pandas on the first
bound value, a quarter of a second of every ingest's start-up (README, Speed). (User SQL and the viewer's queries
still bind their parameters: their values are never written into SQL.)"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from .rows import COLUMN_TYPES, COLUMNS, sql_literal


def insert_rows(con, table: str, batch: list[tuple[Any, ...]], *, ignore: bool = False, into: str | None = None) -> None:
    """Insert rows of `table` (in `COLUMNS` order) in one statement (see `_load_json`)."""
    if batch:
        _load_json(con, f"{'INSERT OR IGNORE' if ignore else 'INSERT'} INTO {into or table}",
                   COLUMNS[table], COLUMN_TYPES[table], batch)


def values_table(con, name: str, columns: dict[str, str], rows: list[tuple[Any, ...]]) -> None:
    """A temporary table `name` (column name -> DuckDB type) holding `rows`, replacing any of that
    name: how the store hands the database lists of Python values (see `_load_json`)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    if rows:
        _load_json(con, f"INSERT INTO {name}", tuple(columns), list(columns.values()), rows)


def _load_json(con, verb_into: str, names, types, batch: list[tuple[Any, ...]]) -> None:
    """`verb_into` (e.g. "INSERT INTO t") the rows of `batch` (values in the order of `names`),
    read from a temporary JSON Lines file in one statement."""
    types_sql = ", ".join(f"'{n}': '{t}'" for n, t in zip(names, types))
    cols = ", ".join(f'"{c}"' for c in names)
    fd, path = tempfile.mkstemp(suffix=".jsonl", prefix="saidwhat-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in batch:
                fh.write(json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str))
                fh.write("\n")
        con.execute(f"{verb_into} ({cols}) SELECT {cols} FROM "
                    f"read_json({sql_literal(path)}, format = 'newline_delimited', columns = {{{types_sql}}})")
    finally:
        os.unlink(path)
