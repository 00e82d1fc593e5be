"""What bad input must never cost: a run, another document, the machine. Each test is one fault a
fuzz and security probe found (issue 17), driven as a user meets it: the CLI, a real DuckDB store,
real gzip and WARC files, the real spaCy pipeline, the viewer's ASGI app."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from importlib import metadata

import duckdb
import pytest
from click.testing import CliRunner
from spacy.language import Language

import saidwhat
from conftest import assert_offsets
from saidwhat.analyze import analyze_batch
from saidwhat.cli import main
from saidwhat.ingest import document_from_text, read_sources
from saidwhat.nlp import load_pipeline
from saidwhat.records import Failure
from saidwhat.segment import MAX_SEGMENT_CHARS

NAMES = ["Anna Berg", "Omar Haddad", "Ines Lund", "Paul Ridge", "Lotte Quanz", "Ruben Ekdahl"]


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def hearing(n_quotes: int) -> str:
    """A long hearing report written for the tests: `n_quotes` attributed quotes, in paragraphs."""
    paras = ["The harbour committee heard witnesses for two days about the new tariff."]
    for k in range(n_quotes):
        name = NAMES[k % len(NAMES)]
        topic = ["the cranes", "the night shifts", "the tariff", "the dredging"][k % 4]
        paras.append(f'"We counted {k + 2} complaints about {topic} this year," {name} said.')
    return "\n\n".join(paras) + "\n"


# -- 1. more than 300 quotes -----------------------------------------------------------------
def test_a_document_with_hundreds_of_quotes_gets_every_quote_an_issue():
    a = saidwhat.analyze(hearing(330))
    article = [q for q in a.quotes if a.segments[q.segment].kind == "article"]
    assert len(article) >= 320
    assert all(q.issue for q in article)
    issue_ids = {i.id for i in a.issues}
    assert {q.issue for q in article} <= issue_ids


# -- 2. impossible and extreme dates ---------------------------------------------------------
def test_analyze_an_impossible_date_costs_the_date_not_the_document(tmp_path):
    f = tmp_path / "feb30.txt"
    f.write_text('date 2017-02-30\n"The port stays open," Anna Berg said on Monday.\n', encoding="utf-8")
    r = cli("analyze", str(f), "--format", "json")
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["date"] is None
    assert out["quotes"] and out["quotes"][0]["speaker"]["name"] == "Anna Berg"
    assert "no such day" in out["warnings"][0]
    assert "warning: feb30" in r.stderr and "2017-02-30" in r.stderr


def test_ingest_with_impossible_dates_keeps_every_document_and_can_run_again(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bad.txt").write_text('date 2017-02-30\n"We will not sign," Omar Haddad said.\n', encoding="utf-8")
    with open(docs / "feed.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "j1", "date": "2017-13-45", "text": '"Fine," Ines Lund said.'}) + "\n")
        fh.write(json.dumps({"id": "j2", "date": "2017-04-12", "text": '"Good," Paul Ridge said.'}) + "\n")
    db = tmp_path / "c.duckdb"
    r = cli("ingest", str(docs), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 1, r.output
    assert "2 field(s) ignored" in r.stderr and "0 rejected" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM documents WHERE date IS NULL").fetchone()[0] == 2
    reasons = [r[0] for r in con.execute("SELECT reason FROM rejects ORDER BY reason").fetchall()]
    assert len(reasons) == 2 and all(x.startswith("field ignored: date") for x in reasons)
    con.close()
    again = cli("ingest", str(docs), "--db", str(db), "--workers", "1", "--quiet")
    assert again.exit_code == 0, again.output
    assert "3 already in the store" in again.stderr


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_extreme_document_dates_analyse_and_store(tmp_path, date):
    text = (f'date {date}\n"The vote is next year," Lotte Quanz said yesterday. It was held last year and '
            f'three days ago, and is due next Tuesday.\n')
    a = saidwhat.analyze(text)
    assert a.date == date and a.quotes
    assert all(d.value is None or not d.value.startswith(("1000", "0000")) for d in a.dates)
    assert all(d.value is None or len(d.value.split("-")[0]) == 4 for d in a.dates if d.granularity != "duration")
    f = tmp_path / "x.txt"
    f.write_text(text, encoding="utf-8")
    r = cli("ingest", str(f), "--db", str(tmp_path / "x.duckdb"), "--workers", "1", "--quiet")
    assert r.exit_code == 0, r.output


# -- 3 and 4. long documents: bounded parts, and a limit above spaCy's max_length -------------
def test_a_long_document_is_parsed_in_parts_with_exact_offsets():
    text = hearing(1400)  # about 110,000 characters
    assert len(text) > 2 * MAX_SEGMENT_CHARS
    a = saidwhat.analyze(text)
    assert len(a.segments) >= 3
    assert all(s.end - s.start <= MAX_SEGMENT_CHARS for s in a.segments)
    assert_offsets(a)
    # quotes are found in every part, the last one included, with their speakers
    for s, _seg in enumerate(a.segments):
        assert any(q.segment == s and q.speaker for q in a.quotes)
    assert len(a.quotes) >= 1390
    assert a.quotes[-1].speaker.name == NAMES[1399 % len(NAMES)]


@pytest.fixture()
def small_max_length():
    nlp = load_pipeline()
    old = nlp.max_length
    nlp.max_length = 5_000
    yield
    nlp.max_length = old


def test_max_doc_chars_above_spacys_max_length_loses_no_document(tmp_path, small_max_length):
    paths = []
    for k in range(2):
        p = tmp_path / f"long{k}.txt"
        p.write_text(hearing(120), encoding="utf-8")  # about 9,800 characters each
        paths.append(str(p))
    r = cli("analyze", *paths, "--max-doc-chars", "50000", "--format", "jsonl")
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 2 and all(len(x["quotes"]) >= 110 for x in lines)


@Language.component("test_fail_on_marker")
def _fail_on_marker(doc):
    if "PARSE-FAILS-HERE" in doc.text:
        raise ValueError("this component refuses the text")
    return doc


def test_a_parser_failure_costs_only_its_own_document():
    nlp = load_pipeline()
    nlp.add_pipe("test_fail_on_marker", last=True)
    try:
        docs = [document_from_text(t, doc_id=i) for i, t in (
            ("good1", '"The cranes are old," Anna Berg said.'),
            ("bad", '"This one breaks," Omar Haddad said. PARSE-FAILS-HERE'),
            ("good2", '"The shifts go on," Ines Lund said.'))]
        results = analyze_batch(docs)
    finally:
        nlp.remove_pipe("test_fail_on_marker")
    assert [type(r).__name__ for r in results] == ["Analysis", "Failure", "Analysis"]
    assert results[1].doc_id == "bad" and "parsing" in results[1].reason
    assert results[0].quotes[0].speaker.name == "Anna Berg"
    assert results[2].quotes[0].speaker.name == "Ines Lund"


# -- 5. --sql is read-only in practice; LIKE wildcards are literal ------------------------------
@pytest.fixture()
def small_store(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text('date 2017-04-12\n"The tariff will rise," Anna Berg said.\n\n'
                                '"It will not," Omar Haddad said.\n', encoding="utf-8")
    db = tmp_path / "s.duckdb"
    r = cli("ingest", str(docs), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 0, r.output
    return db


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM '/etc/passwd'",
])
def test_sql_cannot_read_files(small_store, sql):
    r = cli("query", "--db", str(small_store), "--sql", sql, "--format", "json")
    assert r.exit_code != 0
    assert "root:" not in r.output and "SQL failed" in r.output


def test_sql_cannot_write_attach_or_run_several_statements(small_store, tmp_path):
    target = tmp_path / "leak.csv"
    cases = {
        f"COPY quotes TO '{target}'": "COPY statement",
        f"ATTACH '{tmp_path / 'other.duckdb'}' AS o": "ATTACH statement",
        "SET enable_external_access = true": "SET statement",
        f"SELECT 1; COPY quotes TO '{target}'": "exactly one statement",
        "CREATE TEMP TABLE t AS SELECT 1": "CREATE statement",
        "SELECT 1 AS a; SELECT 2 AS b": "exactly one statement",
    }
    for sql, message in cases.items():
        r = cli("query", "--db", str(small_store), "--sql", sql)
        assert r.exit_code != 0 and message in r.output, (sql, r.output)
    assert not target.exists() and not (tmp_path / "other.duckdb").exists()
    ok = cli("query", "--db", str(small_store), "--sql", "SELECT count(*) AS n FROM quotes", "--format", "json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)[0]["n"] == 2


def test_speaker_wildcards_match_only_themselves(small_store):
    for pattern in ("%", "_", "B_rg"):
        r = cli("query", "--db", str(small_store), "--speaker", pattern, "--format", "json")
        assert r.exit_code == 0 and json.loads(r.stdout) == [], pattern
    r = cli("query", "--db", str(small_store), "--speaker", "berg", "--format", "json")
    assert [x["speaker"] for x in json.loads(r.stdout)] == ["Anna Berg"]


# -- 6. damaged WARC archives -------------------------------------------------------------------
def _warc(path, n: int, *, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for k in range(n):
            name = NAMES[k % len(NAMES)]
            html = (f"<html><head><title>Report {k}</title></head><body><article><p>The council met on "
                    f"Tuesday to discuss the harbour budget and the new cranes for the port.</p><p>\"The "
                    f"budget for item {k} is not enough,\" {name} said after the meeting.</p></article>"
                    f"</body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(f"https://news.example/{k}", "response",
                                                          payload=io.BytesIO(html), http_headers=headers))


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_warc_keeps_the_complete_records_and_rejects_the_cut(tmp_path, gz):
    whole = tmp_path / "whole.warc"
    _warc(whole, 6, gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[:int(len(data) * 0.6)])
    db = tmp_path / "w.duckdb"
    r = cli("ingest", str(cut), "--db", str(db), "--workers", "1", "--quiet")
    assert r.exit_code == 1, r.output
    con = duckdb.connect(str(db), read_only=True)
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    reasons = [x[0] for x in con.execute("SELECT reason FROM rejects").fetchall()]
    assert 2 <= n_docs < 6
    assert len(reasons) == 1 and "cut short" in reasons[0] and "byte" in reasons[0]


def test_a_warc_gz_that_is_not_gzip_is_a_reject(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"WARC/1.0\r\nthis was never compressed\r\n" * 20)
    other = tmp_path / "plain.warc"
    other.write_bytes(b"just some text, not an archive\n" * 5)
    db = tmp_path / "w.duckdb"
    for f, why in ((bad, "not a gzip file"), (other, "not a WARC file")):
        r = cli("ingest", str(f), "--db", str(db), "--workers", "1", "--quiet")
        assert r.exit_code == 1 and why in r.stderr, r.output


# -- 7. .jsonl.gz streamed; an over-long line is refused before it is held ----------------------
def test_jsonl_gz_is_read_as_a_stream_with_bounded_memory(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    line_text = "The budget is not enough, the council said. " * 250  # about 11,000 characters
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for k in range(2000):
            fh.write(json.dumps({"id": f"d{k}", "text": line_text}) + "\n")
    decompressed = 2000 * len(line_text)
    tracemalloc.start()
    n = 0
    for item in read_sources([path], max_bytes=4 * 100_000):
        assert not isinstance(item, Failure)
        n += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 2000
    assert peak < decompressed / 10, f"peak {peak:,} bytes for {decompressed:,} decompressed"


def test_a_line_over_the_limit_is_a_reject_and_the_rest_is_read(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "text": '"Fine," Anna Berg said.'}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "word " * 100_000}) + "\n")
        fh.write(json.dumps({"id": "c", "text": '"Good," Omar Haddad said.'}) + "\n")
    db = tmp_path / "j.duckdb"
    r = cli("ingest", str(path), "--db", str(db), "--workers", "1", "--quiet", "--max-doc-chars", "20000")
    assert r.exit_code == 1
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(x[0] for x in con.execute("SELECT doc_id FROM documents").fetchall()) == ["a", "c"]
    (line, reason), = con.execute("SELECT line, reason FROM rejects").fetchall()
    assert line == 2 and "line too long" in reason


def test_a_truncated_jsonl_gz_keeps_the_lines_before_the_cut(tmp_path):
    whole = gzip.compress("".join(json.dumps({"id": f"d{k}", "text": f'"Item {k} waits," Ines Lund said.'}) + "\n"
                                  for k in range(200)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[:len(whole) * 2 // 3])
    items = list(read_sources([path]))
    assert isinstance(items[-1], Failure) and "cut short" in items[-1].reason
    assert len(items) > 50 and all(not isinstance(i, Failure) for i in items[:-1])


# -- 8. terminal control sequences --------------------------------------------------------------
HOSTILE = ('date 2017-04-12\n"The port\x1b[2J stays open\x1b]0;pwned\x07," Anna Berg said.\n\n'
           '"Nothing\x9b31m changes \u202eyes," Omar Haddad said.\n')


def test_the_report_shows_control_characters_without_obeying_them(tmp_path):
    f = tmp_path / "hostile.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    r = cli("analyze", str(f))
    assert r.exit_code == 0, r.output
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in r.stdout
    assert "\u241b[2J" in r.stdout  # ESC shown as ␛
    assert "Anna Berg" in r.stdout


def test_query_tables_show_control_characters_without_obeying_them(tmp_path):
    f = tmp_path / "hostile.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "h.duckdb"
    assert cli("ingest", str(f), "--db", str(db), "--workers", "1", "--quiet").exit_code == 0
    r = cli("query", "--db", str(db))
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u202e" not in r.stdout
    assert "\u241b" in r.stdout


# -- 9. the viewer links only web addresses; refusals carry the security headers ----------------
def test_viewer_links_only_http_urls_and_every_answer_has_security_headers(tmp_path):
    from fastapi.testclient import TestClient

    from saidwhat.viewer import create_app

    feed = tmp_path / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for doc_id, url in (("js", "javascript:alert(1)"), ("data", "data:text/html,<b>x</b>"),
                            ("web", "https://news.example/story")):
            fh.write(json.dumps({"id": doc_id, "url": url, "text": f'"We said it for {doc_id}," Anna Berg said.'}) + "\n")
    db = tmp_path / "v.duckdb"
    assert cli("ingest", str(feed), "--db", str(db), "--workers", "1", "--quiet").exit_code == 0
    app = create_app(str(db))
    try:
        with TestClient(app) as client:
            for doc_id in ("js", "data"):
                page = client.get("/doc", params={"id": doc_id}).text
                assert "javascript:" not in page and 'href="data:' not in page
            assert 'href="https://news.example/story"' in client.get("/doc", params={"id": "web"}).text
            answers = [client.post("/"), client.get("/search?q=" + "x" * 3000), client.get("/no-such-page")]
            assert [a.status_code for a in answers] == [405, 414, 404]
            for a in answers:
                assert "default-src 'none'" in a.headers["content-security-policy"]
                assert a.headers["x-content-type-options"] == "nosniff"
    finally:
        app.state.store.close()


# -- 10. export to a folder whose name has a quote ---------------------------------------------
def test_export_to_a_folder_with_a_quote_in_its_name(small_store, tmp_path):
    out = tmp_path / "o'brien's export"
    r = cli("export", "--db", str(small_store), "--format", "csv", str(out))
    assert r.exit_code == 0, r.output
    assert (out / "quotes.csv").read_text(encoding="utf-8").count("\n") == 3


# -- 11. NULs anywhere, UTF-16, bidi controls and half an emoji in names -------------------------
def test_a_nul_after_the_first_8_kib_is_binary_too(tmp_path):
    f = tmp_path / "late_nul.txt"
    f.write_bytes(b'"The port stays open," Anna Berg said. ' * 300 + b"\x00tail")
    r = cli("analyze", str(f))
    assert r.exit_code == 1 and "binary data" in r.stderr and "NUL" in r.stderr


def test_half_a_character_escaped_in_jsonl_costs_only_its_document(tmp_path):
    # JSON lets "\\udca0" through json.loads; spaCy's tokenizer cannot hash it
    f = tmp_path / "surrogate.jsonl"
    f.write_text('{"id": "half", "text": "Anna Berg said the port \\udca0 would stay open."}\n'
                 '{"id": "whole", "text": "Anna Berg said the port would stay open."}\n', encoding="utf-8")
    r = cli("analyze", str(f), "--format", "json")
    assert r.exit_code == 1
    assert "(document half)" in r.stderr and "lone surrogate U+DCA0" in r.stderr and "internal error" not in r.stderr
    assert "the port would stay open" in r.stdout
    with pytest.raises(saidwhat.InputError, match="lone surrogate"):
        saidwhat.analyze("Anna Berg said the port \udca0 would stay open.")


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    f = tmp_path / "utf16.txt"
    f.write_bytes('"The port stays open," Anna Berg said.\n'.encode("utf-16"))
    r = cli("analyze", str(f), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["quotes"][0]["speaker"]["name"] == "Anna Berg"


def test_speaker_names_carry_no_bidi_controls_and_need_a_letter():
    a = saidwhat.analyze('"We are leaving," said Anna \u202eBerg of the council.\n\n'
                         '"Fine," \U0001F1FA said.\n')
    names = [s.name for s in a.speakers]
    assert names == ["Anna Berg"]
    assert next(q for q in a.quotes if "Fine" in q.text).speaker is None


# -- 12. HTML works after the README's own install ----------------------------------------------
def test_the_html_cleaner_that_trafilatura_needs_is_a_declared_dependency():
    declared = [r.split(";")[0].strip().lower().replace("-", "_") for r in metadata.requires("saidwhat") or []]
    assert any(r.startswith("lxml_html_clean") for r in declared)


def test_an_html_page_is_analysed_end_to_end(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Harbour</title></head><body><article><p>The harbour master, Tomas Egge, "
        "spoke on Monday about the storm damage to the piers and the cranes in the old port.</p>"
        "<p>\"Repairs will take months,\" Egge told reporters at the quay on Monday afternoon.</p>"
        "</article></body></html>", encoding="utf-8")
    r = cli("analyze", str(page), "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["title"] == "Harbour"
    assert any(q["speaker"] and q["speaker"]["name"] == "Tomas Egge" for q in out["quotes"])

