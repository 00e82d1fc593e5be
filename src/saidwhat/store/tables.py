"""The one description of the store's tables. From it come the DuckDB schema of a new store
(`create_sql`), the row layouts every engine writes (`rows.COLUMNS`, `rows.COLUMN_TYPES`), and the
Spark schemas (`spark_schema`). The SQL files beside this one are the migrations that brought
older stores here; a test checks that migrating a version-1 store ends at this description.
"""

from __future__ import annotations

from dataclasses import dataclass

V, I, D, B, F, L = "VARCHAR", "INTEGER", "DATE", "BOOLEAN", "DOUBLE", "VARCHAR[]"


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...] = ()
    # rows come from analyses (`rows.rows_from_analysis`) and travel through every engine
    analysed: bool = True
    not_null: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def types(self) -> list[str]:
        return [t for _, t in self.columns]


def _cols(spec: str) -> tuple[tuple[str, str], ...]:
    """"doc_id V, seg_index I" -> (("doc_id", "VARCHAR"), ("seg_index", "INTEGER"))."""
    types = {"V": V, "I": I, "D": D, "B": B, "F": F, "L": L}
    return tuple((name, types[kind]) for name, kind in (part.split() for part in spec.split(",")))


TABLES: dict[str, Table] = {
    "documents": Table(_cols("doc_id V, content_hash V, source V, date D, title V, url V, n_chars I, n_quotes I, "
                             "n_comments I, text V"), key=("doc_id",), not_null=("content_hash",)),
    "segments": Table(_cols("doc_id V, seg_index I, kind V, start I, end I, author V, reply_to V"),
                      key=("doc_id", "seg_index")),
    "speakers": Table(_cols("doc_id V, speaker_id V, name V, aliases L, role V, kind V, person_id V, qid V"),
                      key=("doc_id", "speaker_id")),
    "quotes": Table(_cols("quote_key V, doc_id V, quote_index I, start I, end I, text V, type V, act V, speaker_id V, "
                          "speaker_name V, person_id V, mention V, cue V, segment I, segment_kind V, "
                          "attributed_by V, grp V, issue_id V, requote_of V, date D, resolved_by V"), key=("quote_key",)),
    "rejects": Table(_cols("reject_key V, source V, line I, doc_id V, reason V"), key=("reject_key",)),
    "issues": Table(_cols("doc_id V, issue_id V, label V, terms L, n_quotes I, speakers L, corpus_issue V"),
                    key=("doc_id", "issue_id")),
    "positions": Table(_cols("doc_id V, issue_id V, speaker_id V, text V, grp V")),
    "relations": Table(_cols("doc_id V, kind V, source_id V, target_id V, issue_id V, grp V, reason V, evidence V")),
    "dates": Table(_cols("doc_id V, start I, end I, text V, value V, granularity V, relation V, modifier V, "
                         "segment I")),
    "events": Table(_cols("doc_id V, label V, date_value V, granularity V, date_text V, start I, end I, "
                          "deadline B")),
    "reactions": Table(_cols("doc_id V, seg_index I, author V, tone V, tone_score F, n_uncivil I, issues L, "
                             "reply_to_segment I"), key=("doc_id", "seg_index")),
    "stances": Table(_cols("doc_id V, seg_index I, speaker_id V, stance V, score F")),
    "incivility": Table(_cols("doc_id V, seg_index I, start I, end I, text V, kind V")),
    "quotebacks": Table(_cols("doc_id V, seg_index I, start I, end I, text V, article_start I, article_end I, "
                              "speaker_id V, grp V, score F")),
    # written by the store itself, not from an analysis
    "copies": Table(_cols("doc_id V, copy_of V, content_hash V, source V, date D, title V, url V"),
                    key=("doc_id",), analysed=False),
    "persons": Table(_cols("person_id V, name V, aliases L, role V, n_quotes I, n_documents I, qid V"),
                     key=("person_id",), analysed=False),
    "corpus_issues": Table(_cols("corpus_issue V, label V, terms L, n_documents I, n_quotes I"),
                           key=("corpus_issue",), analysed=False),
    "runs": Table(_cols("run_id I, started V, finished V, documents I, rejects I, engine V"), analysed=False),
    "meta": Table(_cols("key V, value V"), key=("key",), analysed=False),
    # documents whose quotes the full-text index has yet to take in (`store/search.py`)
    "search_pending": Table(_cols("doc_id V"), key=("doc_id",), analysed=False),
}


def create_sql() -> str:
    """CREATE TABLE statements for every table, as a new store gets them."""
    out = []
    for name, t in TABLES.items():
        cols = [f'"{c}" {typ}{" NOT NULL" if c in t.not_null else ""}' for c, typ in t.columns]
        if t.key:
            cols.append(f"PRIMARY KEY ({', '.join(t.key)})")
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(cols)});")
    return "\n".join(out)


_SPARK = {V: "string", I: "int", D: "date", B: "boolean", F: "double", L: "array<string>"}


def spark_schema(table: str) -> str:
    """The table's row layout as a Spark DDL schema string."""
    return ", ".join(f"`{c}` {_SPARK[t]}" for c, t in TABLES[table].columns)
