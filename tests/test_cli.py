"""The `saidwhat` command as a user runs it: formats, files, stdin, errors and exit codes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from saidwhat.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "press_conference.txt"
SCHEMA = json.loads(resources.files("saidwhat.output").joinpath("schema.json").read_text())


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_cli_report_on_the_shipped_example():
    r = invoke("analyze", str(EXAMPLE))
    assert r.exit_code == 0, r.output
    assert "Anton Brezko" in r.output and "Helena Varga" in r.output
    assert "Reader comments" in r.output and "river_watch" in r.output


def test_cli_json_validates_against_the_schema_and_offsets_hold():
    r = invoke("analyze", str(EXAMPLE), "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    jsonschema.validate(out, SCHEMA)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert out["date"] == "2017-04-12"
    for q in out["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        if q["speaker_mention"]:
            m = q["speaker_mention"]
            assert text[m["start"]:m["end"]] == m["text"]
    kinds = [s["kind"] for s in out["segments"]]
    assert kinds[0] == "article" and kinds.count("comment") >= 3
    comment_quotes = [q for q in out["quotes"] if out["segments"][q["segment"]]["kind"] == "comment"]
    assert comment_quotes and all(q["start"] >= out["segments"][1]["start"] for q in comment_quotes)


def test_cli_press_conference_attributions():
    """The shipped two-speaker report: every quote found is given to the right person."""
    out = json.loads(invoke("analyze", str(EXAMPLE), "--format", "json").output)
    expected = {
        "frank but useful": "Anton Brezko",
        "working group on the disputed river crossings": "Anton Brezko",
        "We are not here to pretend": "Anton Brezko",
        "There are deep differences": "Anton Brezko",
        "The problem is not a lack of dialogue": "Helena Varga",
        "every checkpoint had been agreed": "Anton Brezko",
        "Nobody has moved anything": "Anton Brezko",
        "Those are the facts on the ground": "Anton Brezko",
        "the images would be published on April 14": "Helena Varga",
        "ask the regional council to intervene": "Helena Varga",
        "I trust the process": "Anton Brezko",
    }
    article = [q for q in out["quotes"] if out["segments"][q["segment"]]["kind"] == "article"]
    for fragment, name in expected.items():
        hits = [q for q in article if fragment in q["text"]]
        assert hits, fragment
        assert hits[0]["speaker"] and hits[0]["speaker"]["name"] == name, (fragment, hits[0]["speaker"])


def test_cli_html_page_is_self_contained(tmp_path):
    page = tmp_path / "out.html"
    r = invoke("analyze", str(EXAMPLE), "--html", str(page))
    assert r.exit_code == 0, r.output
    html = page.read_text()
    assert "<mark class='q direct'" in html and "Reader comments" in html
    assert "http://" not in html and "https://" not in html  # no CDN, no external resource


def test_cli_html_escapes_untrusted_text(tmp_path):
    src = tmp_path / "x.txt"
    src.write_text('"<script>alert(1)</script> is not welcome here," Mayor Ellen Park said.\n')
    page = tmp_path / "x.html"
    assert invoke("analyze", str(src), "--html", str(page)).exit_code == 0
    html = page.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_cli_bad_documents_are_reported_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text('"The bridge is safe," engineer Sam Ortiz said.')
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\x03")
    jl = tmp_path / "docs.jsonl"
    jl.write_text('{"id": "d1", "text": "Ortiz said the bridge was safe."}\nnot json\n')
    r = invoke("analyze", str(good), str(binary), str(jl), "--format", "jsonl")
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["good", "d1"]
    assert "bin.txt: binary data" in r.stderr
    assert "docs.jsonl:2: malformed JSON" in r.stderr


def test_cli_stdin_text_and_jsonl():
    r = invoke("analyze", "-", "--format", "jsonl", input='"We won," coach Dana Whitfield said.')
    assert r.exit_code == 0 and json.loads(r.stdout)["quotes"][0]["speaker"]["name"] == "Dana Whitfield"
    r = invoke("analyze", "-", "--format", "jsonl", input='{"id": "a", "text": "Whitfield said they won."}\n')
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == "a"


def test_cli_missing_file_exit_status():
    r = invoke("analyze", "/nonexistent/file.txt")
    assert r.exit_code == 1 and "no such file" in r.stderr


def test_cli_report_and_page_show_how_each_speaker_was_found(tmp_path):
    r = invoke("analyze", str(EXAMPLE))
    assert r.exit_code == 0, r.output
    assert "found by: name" in r.output
    assert "as: He (pronoun)" in r.output or "as: he (pronoun)" in r.output
    assert "as: The Velorian foreign minister (description)" in r.output
    page = tmp_path / "p.html"
    assert invoke("analyze", str(EXAMPLE), "--html", str(page)).exit_code == 0
    html = page.read_text()
    assert "found by name" in html and "(pronoun)" in html


FOUR_SPEAKERS = """date 2024-03-04

Harbour minister Anna Berg said on Monday that the ferry line would close in winter. "We cannot pay for empty boats," Berg said.

Opposition leader Omar Haddad rejected the plan. "The islands need that ferry," Haddad said.

Mayor Ines Lund said Berg and Haddad were both wrong about the harbour. She accused Berg of hiding the costs and criticised Haddad for ignoring them. "Neither of them has read the report," Lund added.

Council member Piet Vos said Lund was right and attacked Berg and Haddad for playing politics.

mara_k
lol all of them are wrong
"""


def test_the_same_document_gives_the_same_json_whatever_the_hash_seed(tmp_path):
    # Python salts string hashes per process: a relation list built from a set of speaker ids came
    # out in another order from one run to the next (seeds 1 and 2 differed), and a diff of two
    # runs over the same corpus showed changes that were not there.
    import os
    import subprocess
    import sys

    doc = tmp_path / "harbour.txt"
    doc.write_text(FOUR_SPEAKERS, encoding="utf-8")
    outs = []
    for seed in ("1", "2", "7"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "saidwhat.cli", "analyze", str(doc), "--format", "json"],
                             capture_output=True, text=True, env=env, check=True)
        outs.append(run.stdout)
    relations = json.loads(outs[0])["relations"]
    assert {(r["source"], r["target"]) for r in relations if r["kind"] == "disagrees"} >= {("s3", "s1"), ("s3", "s2")}
    assert outs[1] == outs[0] and outs[2] == outs[0]


def test_a_run_on_of_thousands_of_words_costs_its_own_sentence_and_says_so(tmp_path):
    # A hostile run-on ("said said said ...", 9,000 words in one sentence) took many minutes: each
    # cue walked the whole sentence. Its sentence is now left unread, with a one-line notice
    # naming the document, and the rest of the document and the batch are analysed as usual.
    runon = tmp_path / "runon.txt"
    runon.write_text("Mayor Ines Lund said the ferry would stop.\n\n" + "said " * 9000, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text('"The bridge is safe," engineer Sam Ortiz said.', encoding="utf-8")
    r = invoke("analyze", str(runon), str(good), "--format", "jsonl")
    assert r.exit_code == 0
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(q["text"], q["speaker"]["name"]) for q in out[0]["quotes"]] == [("the ferry would stop", "Ines Lund")]
    assert out[1]["quotes"][0]["speaker"]["name"] == "Sam Ortiz"
    assert "runon.txt" in r.stderr and "not read for reported speech" in r.stderr
    assert "Traceback" not in r.stderr
