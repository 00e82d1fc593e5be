from __future__ import annotations

from saidwhat.ingest import read_html, read_jsonl, read_path, read_text
from saidwhat.records import Document, Failure


def test_ingest_date_header_sets_date_and_keeps_offsets():
    doc = read_text(b"date 2017-04-12 The minister spoke.", source="a.txt")
    assert isinstance(doc, Document)
    assert doc.date == "2017-04-12"
    assert doc.text.startswith("date 2017-04-12")
    assert doc.text[doc.body_start:] == "The minister spoke."


def test_ingest_date_header_on_its_own_line():
    doc = read_text(b"date 2020-01-31\nFirst line.\n", source="b.txt")
    assert doc.date == "2020-01-31" and doc.text[doc.body_start:].startswith("First line.")


def test_ingest_binary_file_is_a_failure_naming_it():
    f = read_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00", source="img.txt")
    assert isinstance(f, Failure) and "binary" in f.reason and "img.txt" in f.message()


def test_ingest_invalid_utf8_names_the_byte():
    f = read_text(b"caf\xe9 au lait", source="latin.txt")
    assert isinstance(f, Failure) and "UTF-8" in f.reason and "0xe9" in f.reason


def test_ingest_empty_document_is_a_failure():
    assert isinstance(read_text(b"  \n\t ", source="e.txt"), Failure)
    assert isinstance(read_text(b"date 2017-01-01\n", source="d.txt"), Failure)


def test_ingest_malformed_jsonl_line_names_the_line_and_keeps_the_others():
    data = b'{"id": "a", "text": "One."}\n{"id": "b", "text": \n{"id": "c", "text": "Three.", "date": "2019-05-01"}\n'
    items = list(read_jsonl(data, source="c.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    assert items[1].line == 2 and "c.jsonl:2" in items[1].message()
    assert items[2].date == "2019-05-01"


def test_ingest_jsonl_missing_text_field():
    items = list(read_jsonl(b'{"id": "x"}\n', source="m.jsonl"))
    assert isinstance(items[0], Failure) and "text" in items[0].reason and items[0].doc_id == "x"


def test_ingest_missing_file(tmp_path):
    [f] = list(read_path(tmp_path / "nope.txt"))
    assert isinstance(f, Failure) and "no such file" in f.reason


def test_ingest_html_keeps_comments_as_a_section():
    html = b"""<html><head><title>Border talks</title></head><body><article>
    <p>The two ministers met in the capital on Tuesday for talks that lasted most of the afternoon.</p>
    <p>"We will keep talking until the crossings reopen," the foreign minister told reporters afterwards.</p>
    </article><div class="comments"><div class="comment"><p>Nothing will change, as usual with these people.</p></div>
    <div class="comment"><p>I think the minister is right this time.</p></div></div></body></html>"""
    doc = read_html(html, source="p.html")
    assert isinstance(doc, Document)
    assert doc.comment_spans
    start, end = doc.comment_spans[0]
    assert "Nothing will change" in doc.text[start:end]
    assert "keep talking" in doc.text[:start]


def test_ingest_html_without_text_is_a_failure():
    assert isinstance(read_html(b"<html><body></body></html>", source="x.html"), Failure)
