"""The corpus store: a real DuckDB file, ingest from folders, idempotence, persons, queries,
exports, rejects and a migration."""

from __future__ import annotations

import io
import json

import duckdb
import pytest
from click.testing import CliRunner

from corpus_docs import LAVROV_STYLE, write_jsonl
from saidwhat.cli import main
from saidwhat.store import SCHEMA_VERSION, open_store
from saidwhat.store.query import search_quotes
from saidwhat.store.store import StoreError


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "2017").mkdir(parents=True)
    write_jsonl(root / "2017" / "lavrov.jsonl", LAVROV_STYLE)
    (root / "plain.txt").write_text("date 2019-02-01 Coach Dana Whitfield said the team had played its best game.")
    (root / "page.html").write_text(
        "<html><head><title>Harbour</title></head><body><article><p>The harbour master, Tomas Egge, "
        "spoke on Monday about the storm damage to the piers and cranes in the old port.</p><p>\"Repairs will "
        "take months,\" Egge told reporters at the quay on Monday afternoon.</p></article></body></html>")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (root / "empty.txt").write_text("   \n")
    return root


def test_store_ingest_folder_records_documents_quotes_and_rejects(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    r = cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 1  # two documents were rejected
    assert "binary data" in r.stderr and "empty document" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    reasons = dict(con.execute("SELECT source, reason FROM rejects").fetchall())
    assert any("binary" in v for v in reasons.values()) and any("empty" in v for v in reasons.values())
    ids = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    assert {"d1", "d2", "d3", "plain.txt", "page.html"} <= ids
    q = con.execute("SELECT text, speaker_name, date FROM quotes WHERE doc_id = 'page.html'").fetchall()
    assert any("Repairs will take months" in t and s == "Tomas Egge" for t, s, _ in q)


def test_store_ingest_again_adds_nothing(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    before = _snapshot(db)
    r = cli("ingest", str(corpus), "--db", str(db), "--workers", "2", "--quiet")
    assert "0 documents added" in r.stderr
    assert _snapshot(db) == before


def test_store_persons_merge_spellings_and_surname(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT DISTINCT q.person_id, p.name, p.aliases FROM quotes q JOIN persons p USING (person_id) "
                       "WHERE q.doc_id IN ('d1', 'd2', 'd3') AND q.speaker_name LIKE '%Lavrov%'").fetchall()
    assert len(rows) == 1, rows
    pid, name, aliases = rows[0]
    assert name in ("Sergey Lavrov", "Sergei Lavrov") and {"Sergey Lavrov", "Sergei Lavrov"} - {name} <= set(aliases)
    n_docs = con.execute("SELECT n_documents FROM persons WHERE person_id = ?", [pid]).fetchone()[0]
    assert n_docs == 3


def test_store_query_filters_and_full_text(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    out = json.loads(cli("query", "--db", str(db), "--speaker", "Lavrov", "--format", "json").stdout)
    assert out and all(r["speaker"] in ("Sergey Lavrov", "Sergei Lavrov") for r in out)
    out = json.loads(cli("query", "--db", str(db), "--about", "ceasefire", "--format", "json").stdout)
    assert out and all("ceasefire" in r["text"].lower() for r in out)
    out = json.loads(cli("query", "--db", str(db), "--since", "2017-05-01", "--until", "2017-12-31",
                         "--format", "json").stdout)
    assert out and all("2017-05-01" <= r["date"] <= "2017-12-31" for r in out)
    out = json.loads(cli("query", "--db", str(db), "--type", "direct", "--format", "json").stdout)
    assert out and {r["type"] for r in out} == {"direct"}
    r = cli("query", "--db", str(db), "--since", "last week")
    assert r.exit_code != 0 and "YYYY-MM-DD" in r.output


def test_store_query_sql_is_read_only(corpus, tmp_path):
    db = tmp_path / "c.duckdb"
    cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    r = cli("query", "--db", str(db), "--sql", "SELECT count(*) AS n FROM quotes", "--format", "json")
    assert json.loads(r.stdout)[0]["n"] > 0
    r = cli("query", "--db", str(db), "--sql", "DELETE FROM quotes")
    assert r.exit_code != 0 and "read-only query" in r.output and "DELETE statement" in r.output


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_store_export_tables(corpus, tmp_path, fmt):
    db = tmp_path / "c.duckdb"
    cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet")
    out = tmp_path / "out"
    r = cli("export", "--db", str(db), "--format", fmt, str(out))
    assert r.exit_code == 0, r.output
    reader = {"parquet": "read_parquet", "csv": "read_csv_auto", "jsonl": "read_json_auto"}[fmt]
    n = duckdb.connect().execute(f"SELECT count(*) FROM {reader}('{out / ('quotes.' + fmt)}')").fetchone()[0]
    stored = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert n == stored > 0


def test_store_stdin_jsonl_and_max_doc_chars(tmp_path):
    db = tmp_path / "s.duckdb"
    data = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in
                   [("a", "Ellen Park said the bridge would reopen."), ("big", "word " * 500)])
    r = cli("ingest", "-", "--db", str(db), "--workers", "1", "--quiet", "--max-doc-chars", "1000", input=data)
    assert r.exit_code == 1 and "too long" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT doc_id FROM documents").fetchall() == [("a",)]
    assert con.execute("SELECT doc_id FROM rejects").fetchall() == [("big",)]


def test_store_reads_warc_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        html = ("<html><body><article><p>The port authority met on Friday to review the damage to the old "
                "harbour after the storm.</p><p>\"We need new cranes before winter,\" harbour master Tomas Egge "
                "said at the meeting on Friday.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record("https://news.example/harbour", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    db = tmp_path / "w.duckdb"
    r = cli("ingest", str(path), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT doc_id, url FROM documents").fetchall() == [("https://news.example/harbour",) * 2]
    assert con.execute("SELECT speaker_name FROM quotes").fetchall() == [("Tomas Egge",)]


def test_store_migrates_an_empty_store_and_refuses_a_newer_one(tmp_path):
    db = tmp_path / "m.duckdb"
    duckdb.connect(str(db)).close()  # a DuckDB file with no saidwhat tables: version 0
    with open_store(db) as store:
        assert store.version() == SCHEMA_VERSION
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db)


def _snapshot(db):
    con = duckdb.connect(str(db), read_only=True)
    out = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
           for t in ("documents", "segments", "speakers", "quotes", "persons", "rejects", "issues", "relations",
                     "dates", "reactions", "stances", "incivility", "quotebacks", "corpus_issues")}
    con.close()
    return out


def test_store_migrates_a_version_1_store_to_the_current_schema(tmp_path):
    from importlib import resources

    db = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(db))
    con.execute(resources.files("saidwhat.store").joinpath("schema.sql").read_text())
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO quotes (quote_key, doc_id, quote_index, text) VALUES ('old#0', 'old', 0, 'kept')")
    con.close()
    with open_store(db) as store:
        assert store.version() == SCHEMA_VERSION == 5
        assert store.con.execute("SELECT text, issue_id, resolved_by FROM quotes").fetchall() == [("kept", None, None)]
        # the old quotes reach the new full-text index, built from the tables on the first opening
        assert search_quotes(store, about="kept").rows[0][3] == "kept"
        assert store.con.execute("SELECT count(*) FROM reactions").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM copies").fetchone()[0] == 0


GRID_A = """date 2016-09-07 Chancellor Mirela Stoyan said the power grid link to Kelvar would be finished next year.
"The grid link will bring cheaper power to every household," Stoyan said.

Foreign Minister Bastian Roe disagreed. "The grid link has no money behind it," Roe said.

Comments

sparky_7
Roe is right, as usual. Stoyan is a clown.
"""
GRID_B = """date 2016-10-02 Engineer Pavla Nemec said the grid link cables had finally been ordered.
"The grid link is real now, the cables are on their way," Nemec said.
"""


def test_store_keeps_the_debate_map_and_shares_issues_across_documents(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text(GRID_A)
    (src / "b.txt").write_text(GRID_B)
    db = tmp_path / "g.duckdb"
    r = cli("ingest", str(src), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    issues = con.execute("SELECT doc_id, label, corpus_issue FROM issues WHERE list_contains(terms, 'grid') "
                         "ORDER BY doc_id").fetchall()
    assert [d for d, _, _ in issues] == ["a.txt", "b.txt"]
    assert issues[0][2] is not None and issues[0][2] == issues[1][2]
    assert con.execute("SELECT n_documents FROM corpus_issues WHERE corpus_issue = ?", [issues[0][2]]).fetchone()[0] == 2
    rel = con.execute("SELECT s.name, t.name FROM relations r JOIN speakers s ON s.doc_id = r.doc_id AND "
                      "s.speaker_id = r.source_id JOIN speakers t ON t.doc_id = r.doc_id AND t.speaker_id = r.target_id "
                      "WHERE r.kind = 'disagrees'").fetchall()
    assert ("Bastian Roe", "Mirela Stoyan") in rel
    stances = dict(con.execute("SELECT sp.name, st.stance FROM stances st JOIN speakers sp ON sp.doc_id = st.doc_id "
                               "AND sp.speaker_id = st.speaker_id").fetchall())
    assert stances == {"Bastian Roe": "support", "Mirela Stoyan": "oppose"}
    assert con.execute("SELECT text, kind FROM incivility").fetchall() == [("clown", "insult")]
    assert con.execute("SELECT value FROM dates WHERE doc_id = 'a.txt' AND text = 'next year'").fetchone()[0] == "2017"


def test_store_keeps_every_outlet_of_a_syndicated_story(tmp_path):
    # The same wire story at three outlets, and one of them again in a later run: the text is
    # analysed once, every outlet's id stays in the store, and the count is reported.
    story = ('date 2019-03-04 "The harbour will reopen in May," Harbour Master Tomas Egge said on Monday.\n\n'
             "Egge added that the cranes had been repaired.\n")
    src = tmp_path / "feeds"
    src.mkdir()
    with open(src / "wire.jsonl", "w", encoding="utf-8") as fh:
        for outlet in ("north-gazette", "coast-herald", "port-daily"):
            fh.write(json.dumps({"id": f"{outlet}/egge", "url": f"https://{outlet}.example/egge", "text": story}) + "\n")
    db = tmp_path / "c.duckdb"
    r = cli("ingest", str(src), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 0, r.output
    assert "2 with a text already stored under another id" in r.stderr
    later = tmp_path / "later"
    later.mkdir()
    (later / "bay-news.txt").write_text(story)
    r = cli("ingest", str(later), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 0 and "1 with a text already stored" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    (stored,), = con.execute("SELECT doc_id FROM documents").fetchall()
    copies = con.execute("SELECT doc_id, copy_of, url FROM copies ORDER BY doc_id").fetchall()
    assert stored == "north-gazette/egge"
    assert [c[0] for c in copies] == ["bay-news.txt", "coast-herald/egge", "port-daily/egge"]
    assert {c[1] for c in copies} == {stored}
    assert copies[1][2] == "https://coast-herald.example/egge"
    assert con.execute("SELECT count(DISTINCT doc_id) FROM quotes").fetchone()[0] == 1
    con.close()
    again = cli("ingest", str(src), str(later), "--db", str(db), "--workers", "1", "--quiet")
    assert again.exit_code == 0 and "4 already in the store" in again.stderr


def test_store_a_migrated_store_has_the_tables_of_the_one_description(tmp_path):
    # A new store is made from `tables.TABLES`; an old one reaches it through the migrations.
    from importlib import resources

    from saidwhat.store.tables import TABLES, spark_schema

    old = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(old))
    con.execute(resources.files("saidwhat.store").joinpath("schema.sql").read_text())
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    open_store(old).close()
    open_store(tmp_path / "new.duckdb").close()

    def layout(db):
        c = duckdb.connect(str(db), read_only=True)
        rows = c.execute("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
        c.close()
        return {(t, col, typ) for t, col, typ in rows}

    described = {(t, c, typ) for t, spec in TABLES.items() for c, typ in spec.columns}
    assert layout(old) == layout(tmp_path / "new.duckdb") == described
    assert spark_schema("rejects") == "`reject_key` string, `source` string, `line` int, `doc_id` string, `reason` string"


ROLE_A = """date 2024-03-02 Ruritanian Foreign Minister Anna Berg said the border talks would resume in April.
"We are ready to sign," Berg told reporters in Kessel.
"""
ROLE_B = """date 2024-09-20 The Ruritanian foreign minister said on Friday that the treaty was dead.Officials in Kessel declined to comment.
"""
ROLE_C = """date 2029-05-01 The Ruritanian foreign minister said the new treaty would be signed in June.
"""


def test_store_role_table_names_a_description_from_another_document_of_that_time(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text(ROLE_A)
    (root / "b.txt").write_text(ROLE_B)
    (root / "c.txt").write_text(ROLE_C)  # five years later: the office may have changed hands
    db = tmp_path / "r.duckdb"
    r = cli("ingest", str(root), "--db", str(db), "--quiet")
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT doc_id, speaker_name || ' / ' || coalesce(resolved_by, '') FROM quotes "
                            "WHERE text LIKE '%treaty%'").fetchall())
    assert rows == {"b.txt": "Anna Berg / role table",
                    "c.txt": "The Ruritanian foreign minister / as written"}
    berg = con.execute("SELECT n_documents, n_quotes FROM persons WHERE name = 'Anna Berg'").fetchone()
    assert berg == (2, 3)
    con.close()
    # `analyze --roles-from` reads the same role table for a document outside the store
    new = tmp_path / "new.txt"
    new.write_text("date 2024-11-05 The Ruritanian foreign minister said the border would reopen in spring.\n")
    r = cli("analyze", str(new), "--roles-from", str(db), "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    q = next(q for q in out["quotes"] if "border would reopen" in q["text"])
    assert q["speaker"]["name"] == "Anna Berg" and q["resolved_by"] == "role table"
    alone = json.loads(cli("analyze", str(new), "--format", "json").output)
    assert next(q for q in alone["quotes"] if "border would reopen" in q["text"])["resolved_by"] == "as written"
