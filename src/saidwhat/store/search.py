"""The full-text index of quotes: Tantivy (a Lucene-like engine in Rust) beside the DuckDB store.

DuckDB keeps the tables, the filters, SQL and Parquet; the index answers "which quotes are about
these words", ranked by BM25, with phrases ("\"peace dividend\""), OR and -exclusion in the query,
filters for the speaker's names, the date, the type and the act, and the words to highlight.

It lives in a folder beside the store (`corpus.duckdb` -> `corpus.duckdb.search/`). One document a
quote: its key (to join the tables), its document id (to delete a document's quotes), its text
(English stemming, positions for phrases), the speaker's name and aliases, the issue's label and
terms, its type, act and day.

Consistency with the tables: the store commits a batch's rows together with their document ids in
`search_pending`; the documents named there are then (re)indexed from the tables and the index
committed, and only then are they removed from `search_pending`. A crash at any point leaves them
pending, and the next store opened for writing indexes them again (deleting first, so nothing is
indexed twice). `saidwhat index --db STORE` rebuilds a lost index from the tables.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .bulk import values_table

# Quotes per add-and-commit while (re)indexing from the tables.
REINDEX_CHUNK = 200_000
# The most ranked hits read from the index when filters that only the tables know (a person id, a
# corpus issue) must be applied after ranking.
MAX_FILTERED_HITS = 10_000
WRITER_HEAP = 256_000_000
_WORD = re.compile(r"\w+")


def index_path(store_path: str) -> Path:
    return Path(f"{store_path}.search")


def _schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("doc", tokenizer_name="raw")
    sb.add_text_field("text", tokenizer_name="en_stem", index_option="position")
    sb.add_text_field("speaker", tokenizer_name="default")
    sb.add_text_field("issue", tokenizer_name="en_stem")
    sb.add_text_field("type", tokenizer_name="raw")
    sb.add_text_field("act", tokenizer_name="raw")
    # the day as a proleptic Gregorian ordinal: Tantivy's dates stop at 1677 and 2262, documents' don't
    sb.add_integer_field("day", indexed=True, fast=True)
    return sb.build()


@dataclass
class Hits:
    keys: list[str]
    scores: list[float]
    total: int


class SearchIndex:
    """One store's quote index: a writer when the store is open for writing, else a searcher."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        import tantivy

        self.path = path
        self.schema = _schema()
        if writable:
            path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._writer = None
        if writable:
            self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        self.index.reload()

    @classmethod
    def open(cls, store_path: str, *, writable: bool) -> "SearchIndex | None":
        """The index beside the store; for reading, None when it does not exist."""
        path = index_path(store_path)
        if not writable and not (path / "meta.json").exists():
            return None
        return cls(path, writable=writable)

    # -- writing --------------------------------------------------------------------------
    def replace(self, doc_ids: Iterable[str], quotes: Iterable[dict[str, Any]]) -> int:
        """Delete the quotes of `doc_ids`, add `quotes` (not yet committed). Returns how many."""
        import tantivy

        w = self._writer
        assert w is not None, "the index is open for reading"
        for d in doc_ids:
            w.delete_documents_by_term("doc", d)
        n = 0
        for q in quotes:
            doc = tantivy.Document(key=q["quote_key"], doc=q["doc_id"], text=q["text"] or "",
                                   speaker=q["speaker"] or "", issue=q["issue"] or "", type=q["type"] or "",
                                   act=q["act"] or "")
            if q["date"] is not None:
                doc.add_integer("day", q["date"].toordinal())
            w.add_document(doc)
            n += 1
        return n

    def commit(self) -> None:
        assert self._writer is not None
        self._writer.commit()
        self.index.reload()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()

    def clear(self) -> None:
        assert self._writer is not None
        self._writer.delete_all_documents()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def count(self) -> int:
        return self.index.searcher().num_docs

    def keys(self) -> list[str]:
        """Every indexed quote key (one per indexed quote, so a key indexed twice shows twice)."""
        import tantivy

        searcher = self.index.searcher()
        n = searcher.num_docs
        if not n:
            return []
        hits = searcher.search(tantivy.Query.all_query(), limit=n, count=False).hits
        return [searcher.doc(addr)["key"][0] for _, addr in hits]

    # -- reading --------------------------------------------------------------------------
    def query(self, about: str | None, *, speaker: str | None = None, since: str | None = None,
              until: str | None = None, types: tuple[str, ...] = (), act: str | None = None):
        """The Tantivy query for the words `about` (the query language: words, "phrases", OR,
        -word; all words must match unless OR says otherwise) and the filters; None for none."""
        import tantivy

        parts = []
        if about:
            q, _errors = self.index.parse_query_lenient(about, ["text"], conjunction_by_default=True)
            parts.append((tantivy.Occur.Must, q))
        if (about and not _WORD.search(about)) or (speaker and not _WORD.search(speaker)):
            return tantivy.Query.empty_query()  # "%", "?": no word to look for, so nothing matches
        if speaker:
            words = _WORD.findall(speaker.lower())
            for w in words:
                parts.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "speaker", w)))
        if since or until:
            lo = _day(since) if since else None
            hi = _day(until) if until else None
            parts.append((tantivy.Occur.Must, tantivy.Query.range_query(
                self.schema, "day", tantivy.FieldType.Integer, lo, hi)))
        if types:
            parts.append((tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, "type", list(types))))
        if act:
            parts.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "act", act)))
        if not parts:
            return None
        return parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)

    def search(self, query, *, limit: int, offset: int = 0, by_date: bool = False) -> Hits:
        """The best `limit` hits after `offset` (by BM25 score, or by date, oldest first)."""
        import tantivy

        searcher = self.index.searcher()
        if by_date:
            result = searcher.search(query, limit=limit, offset=offset, count=True, order_by_field="day",
                                     order=tantivy.Order.Asc)
        else:
            result = searcher.search(query, limit=limit, offset=offset, count=True)
        keys, scores = [], []
        for score, addr in result.hits:
            keys.append(searcher.doc(addr)["key"][0])
            scores.append(None if by_date else float(score))
        return Hits(keys, scores, result.count or 0)

    def highlights(self, query, texts: list[str]) -> list[list[tuple[int, int]]]:
        """For each text, the character spans of the words the query matched (as the index
        analysed them: "rejected" matches "reject")."""
        import tantivy

        gen = tantivy.SnippetGenerator.create(self.index.searcher(), query, self.schema, "text")
        out = []
        for text in texts:
            gen.set_max_num_chars(max(1, len(text.encode("utf-8")) + 1))
            snip = gen.snippet_from_doc(tantivy.Document(text=text))
            base = snip.fragment_range().start  # UTF-8 byte offsets, as the ranges within it
            raw = text.encode("utf-8")
            spans = []
            for r in snip.highlighted():
                b0, b1 = base + r.start, base + r.end
                spans.append((len(raw[:b0].decode("utf-8", "ignore")), len(raw[:b1].decode("utf-8", "ignore"))))
            out.append(spans)
        return out


def _day(value: str) -> int:
    return _dt.date.fromisoformat(value).toordinal()


# The quotes of some documents, with the words the index needs from the other tables.
QUOTES_SQL = """
SELECT q.quote_key, q.doc_id, q.text, q.type, q.act, q.date,
       concat_ws(' ', coalesce(s.name, q.speaker_name), array_to_string(coalesce(s.aliases, []), ' ')) AS speaker,
       concat_ws(' ', i.label, array_to_string(coalesce(i.terms, []), ' ')) AS issue
FROM quotes q
LEFT JOIN speakers s ON s.doc_id = q.doc_id AND s.speaker_id = q.speaker_id
LEFT JOIN issues i ON i.doc_id = q.doc_id AND i.issue_id = q.issue_id
"""


def quotes_of(con, doc_ids: list[str] | None):
    """Rows (as dicts) of QUOTES_SQL for `doc_ids` (all documents for None), in chunks."""
    if doc_ids is None:
        cur = con.execute(QUOTES_SQL)
    else:
        values_table(con, "index_docs", {"doc_id": "VARCHAR"}, [(d,) for d in doc_ids])
        cur = con.execute(QUOTES_SQL + " WHERE q.doc_id IN (SELECT doc_id FROM index_docs)")
    cols = [d[0] for d in cur.description]
    while True:
        rows = cur.fetchmany(10_000)
        if not rows:
            return
        for r in rows:
            yield dict(zip(cols, r))


def remove(store_path: str) -> None:
    shutil.rmtree(index_path(store_path), ignore_errors=True)
