"""The full-text index beside the store (Tantivy): ranked search with phrases and filters, the
words highlighted, kept in step with the tables through a crash, and rebuilt when lost."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.store import open_store
from saidwhat.store.query import search_quotes
from saidwhat.store.search import index_path

BERG = """date 2024-03-01 Finance Minister Anna Berg rejected calls for a new fuel tax on Friday.
"We will not raise the fuel tax this year, whatever the opposition says," Berg told reporters in Velora.

She added that the so-called peace dividend was a fantasy of the opposition.

Comments

harbour_dad
Berg is right about the tax, for once.
"""
HADDAD = """date 2024-06-10 Opposition leader Omar Haddad answered the minister on Monday.
"The peace dividend is real, and the harbour will reopen by autumn," Haddad said.

"A dividend of peace is what every family in the port has been waiting for," he added.
"""


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def store_path(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "berg.txt").write_text(BERG, encoding="utf-8")
    (src / "haddad.txt").write_text(HADDAD, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    r = cli("ingest", str(src), "--db", str(db), "--quiet")
    assert r.exit_code == 0, r.output
    return db


def about(db, words: str, *extra: str) -> list[dict]:
    r = cli("query", "--db", str(db), "--about", words, "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_words_phrases_and_filters_rank_through_the_index(store_path):
    assert index_path(str(store_path)).is_dir()
    words = about(store_path, "peace dividend")
    assert {q["speaker"] for q in words} == {"Anna Berg", "Omar Haddad"} and len(words) == 3
    phrase = about(store_path, '"peace dividend"')  # "a dividend of peace" has the words, not the phrase
    assert len(phrase) == 2 and not any("dividend of peace" in q["text"] for q in phrase)
    assert [q["speaker"] for q in about(store_path, "dividend", "--speaker", "haddad")] == ["Omar Haddad"] * 2
    assert {q["doc_id"] for q in about(store_path, "dividend", "--since", "2024-05-01")} == {"haddad.txt"}
    assert about(store_path, "dividend", "--until", "2024-03-31")[0]["speaker"] == "Anna Berg"
    taxes = about(store_path, "taxes")  # words match by their stems
    assert len(taxes) == 2 and any(q["text"].startswith("We will not raise the fuel tax") for q in taxes)
    # the reader's comment is not a quote, so its words are not found
    assert about(store_path, "right about the tax") == []


def test_the_viewer_highlights_the_matched_words(store_path):
    from fastapi.testclient import TestClient

    from saidwhat.viewer.app import create_app

    client = TestClient(create_app(store_path))
    found = client.get("/api/search", params={"q": "raising taxes"}).json()
    top = found["results"][0]
    assert found["total"] == 1
    assert [top["text"][s:e] for s, e in top["highlights"]] == ["raise", "tax"]
    page = client.get("/search", params={"q": '"peace dividend"'}).text
    assert page.count('<mark class="hit">peace</mark>') == 2 and "2 quotes match" in page


def test_a_lost_index_is_reported_and_rebuilt(store_path):
    shutil.rmtree(index_path(str(store_path)))
    r = cli("query", "--db", str(store_path), "--about", "dividend", "--format", "json")
    assert r.exit_code == 0 and "no search index" in r.stderr
    assert len(json.loads(r.stdout)) == 3  # every word still found, by date
    r = cli("index", "--db", str(store_path))
    assert r.exit_code == 0 and "5 quotes indexed" in r.stderr
    assert len(about(store_path, '"peace dividend"')) == 2


def test_rows_committed_without_their_index_are_indexed_at_the_next_opening(tmp_path, store_path):
    # The process dies after the tables took a batch and before the index did: the batch's
    # documents stay in search_pending, and the next opening for writing indexes them once.
    more = tmp_path / "more"
    more.mkdir()
    (more / "lund.txt").write_text('date 2024-07-01 "The ferry tariff stays," Harbour Master Ines Lund said.\n',
                                   encoding="utf-8")
    from saidwhat.engines.local import ingest_local

    class Died(BaseException):
        pass

    store = open_store(store_path)
    def die() -> None:
        raise Died
    store.search.commit = die
    with pytest.raises(Died):
        ingest_local([more], store)
    store.search.rollback()  # what a dead process leaves: the uncommitted index changes are gone
    store.search.close()
    store.con.close()
    with open_store(store_path, read_only=True) as ro:
        assert ro.con.execute("SELECT doc_id FROM search_pending").fetchall() == [("lund.txt",)]
        assert search_quotes(ro, about="ferry tariff").rows == []
    with open_store(store_path) as store:
        keys = sorted(store.search.keys())
        assert keys == sorted(r[0] for r in store.con.execute("SELECT quote_key FROM quotes").fetchall())
        assert store.con.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
    assert [q["speaker"].endswith("Ines Lund") for q in about(store_path, "ferry tariff")] == [True]


@pytest.mark.parametrize("words", ["text:*", "5>:* AT", "speaker:(", '"""', "*", "-", "中文 ‮"])
def test_query_syntax_the_engine_cannot_run_is_no_error(store_path, words):
    # A researcher's stray field name or wildcard must not crash the viewer or the CLI: the words
    # alone are searched.
    r = cli("query", "--db", str(store_path), "--about", words, "--format", "json")
    assert r.exit_code == 0, r.output
    assert isinstance(json.loads(r.stdout), list)
    from fastapi.testclient import TestClient

    from saidwhat.viewer.app import create_app

    assert TestClient(create_app(store_path)).get("/search", params={"q": words}).status_code == 200
