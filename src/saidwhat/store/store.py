"""The DuckDB corpus store.

Each batch of results is written in one transaction, so an interrupted ingest loses nothing it
committed and a re-run skips what is already there (documents keyed by id and by content hash,
rejects by source, line and id). The schema is versioned in `meta`; `MIGRATIONS` brings an older
store up to date when it is opened for writing.

Full-text search over quotes is a Tantivy index beside the store (`search.py`), kept in step
with the tables through `search_pending`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import SaidwhatError
from .bulk import insert_rows, values_table
from .rows import TABLES, copy_row, sql_literal
from .search import SearchIndex, index_path, quotes_of
from .tables import TABLES as SPEC
from .tables import create_sql

SCHEMA_VERSION = 5
# version -> SQL that brings a store at version-1 to version (a new store is made from
# `tables.TABLES` directly). 1 creates the tables; 2 adds the
# debate map and readers' reaction tables (a version-1 store keeps its rows; its documents have
# no issues or reactions until they are analysed again into a new store); 3 adds `copies`, the
# ids of documents whose text was already stored under another id; 4 adds how each speaker was
# resolved (`quotes.resolved_by`) and the people file's Wikidata ids (`speakers.qid`, `persons.qid`);
# 5 adds `search_pending`, the documents the full-text index has yet to take in (a migrated store
# gets its index built from the tables when it is first opened for writing).
MIGRATIONS: dict[int, str] = {1: "schema.sql", 2: "schema_v2.sql", 3: "schema_v3.sql", 4: "schema_v4.sql",
                              5: "schema_v5.sql"}


# Tables the document page reads by `doc_id` alone: each gets an index on it at `finish` (a key of
# (doc_id, n) does not serve a lookup by doc_id: at 10^7 quotes, segments took 15 ms a page without).
DOC_INDEXED = ("quotes", "segments", "speakers", "reactions", "issues", "positions", "relations", "dates", "events",
               "stances", "incivility", "quotebacks")


class StoreError(SaidwhatError):
    """The store cannot be opened, migrated or queried."""


class Store:
    def __init__(self, path: str | Path, *, read_only: bool = False):
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        self.copies_written = 0  # by the last `write`
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store (create it with `saidwhat ingest ... --db {self.path}`)")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except Exception as exc:  # duckdb raises IOException, InvalidInputException, ...
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        if not read_only:
            self.migrate()
        else:
            version = self.version()
            if version != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema version {version}, this saidwhat reads {SCHEMA_VERSION}; "
                                 "open it once for writing (`saidwhat ingest`) to migrate it")
        self.search: SearchIndex | None = None
        try:
            self.search = SearchIndex.open(self.path, writable=not read_only)
        except Exception as exc:
            raise StoreError(f"{index_path(self.path)}: cannot open the search index ({exc}); "
                             f"remove it and run `saidwhat index --db {self.path}` to rebuild it") from exc
        if not read_only:
            self.sync_search(rebuild=self._index_lost())

    def lock_down(self) -> None:
        """From now on this connection reads the store and nothing else: no files (read_csv,
        read_text, glob, COPY, EXPORT), no other databases (ATTACH), no extensions, and no
        configuration change that could undo this. For user SQL; it cannot be undone."""
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    # -- schema -------------------------------------------------------------------------
    def version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except Exception:
            return 0
        return int(row[0]) if row else 0

    # -- the full-text index ------------------------------------------------------------------
    def _index_lost(self) -> bool:
        """Whether the store holds quotes that the (new, empty) index lacks entirely."""
        assert self.search is not None
        if self.search.count() > 0:
            return False
        return self.con.execute("SELECT count(*) FROM quotes").fetchone()[0] > 0

    def sync_search(self, *, rebuild: bool = False) -> int:
        """(Re)index the quotes of the documents in `search_pending` (of every document with
        `rebuild`), commit the index, then clear them from `search_pending`. Returns the number of
        quotes indexed."""
        if self.search is None:
            return 0
        if rebuild:
            self.search.clear()
            n = self._index_docs(None)
        else:
            pending = [r[0] for r in self.con.execute("SELECT doc_id FROM search_pending").fetchall()]
            if not pending:
                return 0
            if len(pending) > 100_000 and self.search.count() == 0:
                self.search.clear()  # a first build: one pass over the tables
                n = self._index_docs(None)
            else:
                n = self._index_docs(pending)
        self.search.commit()
        self.con.execute("DELETE FROM search_pending")
        return n

    def _index_docs(self, doc_ids: list[str] | None) -> int:
        assert self.search is not None
        if doc_ids is None:
            return self.search.replace((), quotes_of(self.con, None))
        n = 0
        for k in range(0, len(doc_ids), 10_000):
            chunk = doc_ids[k:k + 10_000]
            n += self.search.replace(chunk, quotes_of(self.con, chunk))
        return n

    def migrate(self) -> None:
        """A new store gets the tables of `tables.TABLES`; an older one runs the migrations."""
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema version {current} is newer than this saidwhat ({SCHEMA_VERSION})")
        if current == 0:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(create_sql())
            self.con.execute(f"INSERT OR REPLACE INTO meta VALUES ('schema_version', '{int(SCHEMA_VERSION)}')")
            self.con.execute("COMMIT")
            return
        for version in range(current + 1, SCHEMA_VERSION + 1):
            sql = resources.files(__package__).joinpath(MIGRATIONS[version]).read_text(encoding="utf-8")
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(sql)
            self.con.execute(f"INSERT OR REPLACE INTO meta VALUES ('schema_version', '{int(version)}')")
            self.con.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------
    def known(self) -> tuple[set[str], dict[str, str], set[str]]:
        """(document ids, stored text hash -> its document id, reject keys) already in the store.
        The ids include those kept as copies."""
        ids = {r[0] for r in self.con.execute("SELECT doc_id FROM documents UNION ALL SELECT doc_id FROM copies").fetchall()}
        hashes = dict(self.con.execute("SELECT content_hash, doc_id FROM documents").fetchall())
        rejects = {r[0] for r in self.con.execute("SELECT reject_key FROM rejects").fetchall()}
        return ids, hashes, rejects

    def write(self, rows: dict[str, list[tuple[Any, ...]]], *, index_now: bool = True) -> int:
        """Write one batch in one transaction; rows already present are skipped. Returns the
        number of documents added. The full-text index takes them in at once, or with
        `index_now=False` at the next `sync_search` (`finish` does it): `load` indexes a thousand
        partitions in one pass rather than one commit each."""
        ids: set[str] = set()
        stored: dict[str, str] = {}  # text hash -> the document id it is stored under
        docs = rows["documents"]
        if docs:
            values_table(self.con, "batch_keys", {"doc_id": "VARCHAR", "content_hash": "VARCHAR"},
                         [(d[0], d[1]) for d in docs])
            found = self.con.execute(
                "SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT doc_id FROM batch_keys) "
                "OR content_hash IN (SELECT content_hash FROM batch_keys)").fetchall()
            found += self.con.execute("SELECT doc_id, NULL FROM copies "
                                      "WHERE doc_id IN (SELECT doc_id FROM batch_keys)").fetchall()
            ids = {r[0] for r in found}
            stored = {r[1]: r[0] for r in found if r[1] is not None}
        keep: set[str] = set()
        copies: list[tuple[Any, ...]] = []
        for d in docs:
            if d[0] in ids or d[0] in keep:
                continue
            if d[1] in stored:  # the same text under another id: kept as a copy, analysed once
                copies.append(copy_row(d, stored[d[1]]))
                continue
            keep.add(d[0])
            stored[d[1]] = d[0]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("copies", copies, ignore=True)
            for table in [t for t in TABLES if t != "rejects"]:
                col = 1 if table == "quotes" else 0
                batch = [r for r in rows[table] if r[col] in keep]
                if batch:
                    self._insert(table, batch)
            if rows["rejects"]:
                self._insert(table="rejects", batch=rows["rejects"], ignore=True)
            if keep and self.search is not None:  # the index takes them in once the rows are committed
                self._insert("search_pending", [(k,) for k in sorted(keep)], ignore=True)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        self.copies_written = len(copies)
        if index_now:
            self.sync_search()
        return len(keep)

    def add_copies(self, copies: list[tuple[Any, ...]]) -> None:
        """Record documents found to be copies before they were analysed (`copy_row`)."""
        self._insert("copies", copies, ignore=True)

    def _insert(self, table: str, batch: list[tuple[Any, ...]], *, ignore: bool = False) -> None:
        insert_rows(self.con, table, batch, ignore=ignore)

    def finish(self) -> None:
        """Resolve descriptions through the role table, recompute corpus-level persons and issues,
        index the tables by document, and bring the full-text index up to date."""
        from .persons import merge_persons

        self.resolve_roles()
        speakers = self.con.execute(
            "SELECT s.doc_id, s.speaker_id, s.name, s.role, count(q.quote_key), any_value(s.qid) FROM speakers s "
            "LEFT JOIN quotes q ON q.doc_id = s.doc_id AND q.speaker_id = s.speaker_id "
            "WHERE s.kind = 'person' GROUP BY ALL ORDER BY s.doc_id, s.speaker_id").fetchall()
        ids, persons = merge_persons(speakers)
        self._replace_merged("persons", persons, ids, "person_id", (("speakers", "speaker_id"), ("quotes", "speaker_id")))
        self._merge_issues()
        # Point lookups by document (the viewer's document page) read a few rows of each table.
        for table in DOC_INDEXED:
            self.con.execute(f"CREATE INDEX IF NOT EXISTS {table}_by_doc ON {table} (doc_id)")
        self.sync_search()

    def offices(self) -> list[tuple]:
        """The role table: (name, office, date) of every person a document names with an office."""
        return self.con.execute(
            "SELECT s.name, s.role, d.date FROM speakers s JOIN documents d ON d.doc_id = s.doc_id "
            "WHERE s.kind = 'person' AND s.role IS NOT NULL").fetchall()

    def resolve_roles(self) -> int:
        """The role table: a speaker left as a description ("the Ruritanian foreign minister") in
        one document goes to the one person the store's other documents name with that office
        ("Ruritanian Foreign Minister Anna Berg") within a year of its date. Returns how many
        speakers were resolved; their quotes say `resolved_by = 'role table'`."""
        from ..speakers.resolve import VIA_ROLE_TABLE
        from .roles import resolve_descriptions

        offices = self.offices()
        pending = self.con.execute(
            "SELECT s.doc_id, s.speaker_id, s.name, d.date FROM speakers s JOIN documents d ON d.doc_id = s.doc_id "
            "WHERE s.kind = 'unknown'").fetchall()
        found = resolve_descriptions(pending, offices)
        if not found:
            return 0
        values_table(self.con, "role_found", {"doc_id": "VARCHAR", "speaker_id": "VARCHAR", "name": "VARCHAR",
                                              "role": "VARCHAR"}, found)
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("UPDATE speakers SET aliases = list_append(coalesce(speakers.aliases, []), speakers.name), "
                         "name = f.name, kind = 'person', role = coalesce(speakers.role, f.role) FROM role_found f "
                         "WHERE speakers.doc_id = f.doc_id AND speakers.speaker_id = f.speaker_id")
        self.con.execute(f"UPDATE quotes SET speaker_name = f.name, resolved_by = {sql_literal(VIA_ROLE_TABLE)} "
                         "FROM role_found f WHERE quotes.doc_id = f.doc_id AND quotes.speaker_id = f.speaker_id")
        if self.search is not None:  # their quotes are indexed again under the name
            self.con.execute("INSERT OR IGNORE INTO search_pending SELECT DISTINCT doc_id FROM role_found")
        self.con.execute("COMMIT")
        return len(found)

    def _merge_issues(self) -> None:
        """Give the same issue in different documents one corpus id."""
        from .issues import merge_issues

        rows = self.con.execute("SELECT doc_id, issue_id, label, terms, n_quotes FROM issues "
                                "ORDER BY doc_id, issue_id").fetchall()
        mapping, corpus = merge_issues(rows)
        self._replace_merged("corpus_issues", corpus, mapping, "corpus_issue", (("issues", "issue_id"),))

    def _replace_merged(self, table: str, rows: list[tuple], mapping, column: str, targets) -> None:
        """In one transaction: `table` rewritten with `rows`, and `column` of each target table set
        from `mapping` (see `_set_from_map`)."""
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute(f"DELETE FROM {table}")
        self._insert(table, rows)
        self._set_from_map(mapping, column, targets)
        self.con.execute("COMMIT")

    def _set_from_map(self, mapping: dict[tuple[str, str], str], column: str,
                      targets: tuple[tuple[str, str], ...]) -> None:
        """Set `column` of each (table, key column) in `targets` from {(doc_id, key): value}, in bulk
        through a temporary table; rows not in the mapping get NULL."""
        values_table(self.con, "id_map", {"doc_id": "VARCHAR", "key": "VARCHAR", "value": "VARCHAR"},
                     [(doc_id, key, value) for (doc_id, key), value in mapping.items()])
        for table, key in targets:
            self.con.execute(f"UPDATE {table} SET {column} = NULL")
            self.con.execute(f"UPDATE {table} SET {column} = m.value FROM id_map m "
                             f"WHERE {table}.doc_id = m.doc_id AND {table}.{key} = m.key")

    def log_run(self, started: str, finished: str, documents: int, rejects: int, engine: str) -> None:
        n = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        self._insert("runs", [(n, started, finished, documents, rejects, engine)])

    # -- reading --------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in SPEC if t not in ("runs", "meta", "search_pending")}

    def close(self) -> None:
        if self.search is not None:
            self.search.close()
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    return Store(path, read_only=read_only)
