"""Random text, unbalanced and nested quote marks, odd Unicode: `analyze` never raises and every
offset it returns is valid. And a fuzz of whole input files through every stage a user's run
takes: reader, analyzer, JSON, terminal report, store."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import saidwhat
from conftest import assert_offsets
from saidwhat.analyze import analyze_batch
from saidwhat.ingest import read_text
from saidwhat.output.json import analysis_json
from saidwhat.output.report import render_report
from saidwhat.output.safe import UNSAFE
from saidwhat.records import Analysis, Failure
from saidwhat.segment import MAX_SEGMENT_CHARS
from saidwhat.store.rows import rows_from_analysis

PIECES = ['"', "“", "”", "‘", "’", "'", "«", "»", " said ", " he said.", " told reporters: ", "\n\n", "\n",
          "Lavrov", " according to ", "The minister", ", ", ". ", "that ", "\u200b", "\u0301", "🙂", "date 2017-04-12 ",
          "Comments\n", "@maxi ", "maxi_88\n", "She ", "insisted", "\t", "ﬁ", "İ", "\r\n"]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_property_analyze_never_raises_and_offsets_are_valid(text):
    try:
        a = saidwhat.analyze(text)
    except saidwhat.InputError as exc:
        # The documented refusals: nothing to analyse once a date header is set aside, or a NUL.
        assert "empty document" in str(exc) or ("binary data" in str(exc) and "\x00" in text)
        return
    assert_offsets(a)
    for q in a.quotes:
        assert a.segments[q.segment].start <= q.start


# -- the fuzz: bytes as a file holds them, through reader, analyzer, outputs and store ---------------
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‚", "‹", "›", "「", "」", "`", "``", "''"]
CONTROLS = ["\x00", "\x1b[2J", "\x1b]0;title\x07", "\x9b", "\x85", "\u202e", "\u202d", "\u2066", "\u200f",
            "\u200b", "\ufeff", "\r", "\x0c", "\x7f", "\U0001F1FA"]
WORDS = [" said ", " told reporters ", " added: ", " according to ", " insisted that ", "Anna Berg", "Berg",
         "the minister", "She", "he", " and ", ".", ". ", "!", "?", "..", "said.The", "\n\n", "\n", "—", "-- "]
HANDLES = ["\n\nComments\n\n", "\n\nmaxi_88\n", "\n\n@river-watch: ", "\n\n37 comments\n\n", "Maxi, I agree. ",
           "\n\nReply\n", "\n\n2 hours ago\n"]
DATES = ["date 2017-04-12\n", "date 2017-02-30\n", "date 0001-01-01\n", "date 9999-12-31\n", "date 2017-13-45 ",
         " next year ", " last Tuesday ", " three days ago ", " in the 1990s ", " on 31 February "]
BLOCK = '"The harbour will reopen in the spring," Anna Berg said. Berg added that the cranes were old.\n\n'

pieces = st.one_of(st.sampled_from(MARKS), st.sampled_from(CONTROLS), st.sampled_from(WORDS),
                   st.sampled_from(HANDLES), st.text(max_size=10),
                   st.integers(1, 40).map(lambda n: BLOCK * n))  # sizes up to a few thousand characters
documents = st.tuples(st.sampled_from(DATES + [""]), st.lists(pieces, min_size=1, max_size=30).map("".join),
                      st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    from saidwhat.store import open_store

    store = open_store(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield store
    store.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(documents)
def test_fuzz_no_input_causes_an_internal_error_or_a_wrong_offset(fuzz_store, doc):
    header, body, encoding = doc
    data = (header + body).encode(encoding, "surrogatepass")
    item = read_text(data, source="fuzz.txt", doc_id=f"fuzz-{next(_ids)}")
    if isinstance(item, Failure):  # the reader's refusals are the documented ones
        assert any(why in item.reason for why in ("empty document", "binary data", "not valid UTF")), item.reason
        return
    (result,) = analyze_batch([item])
    assert isinstance(result, Analysis), result.reason  # never an internal error
    assert_offsets(result)
    assert all(s.end - s.start <= MAX_SEGMENT_CHARS for s in result.segments)
    assert result.date is None or dt.date.fromisoformat(result.date)
    assert all(sp.name and not UNSAFE.search(sp.name) for sp in result.speakers)
    json.loads(analysis_json(result, include_text=True))
    out = io.StringIO()
    render_report(result, Console(file=out, width=100, force_terminal=False, color_system=None))
    assert not UNSAFE.search(out.getvalue())
    before = fuzz_store.counts()["documents"]
    fuzz_store.write(rows_from_analysis(result, source="fuzz.txt"))
    assert fuzz_store.counts()["documents"] in (before, before + 1)  # the same text twice is one row


_ids = itertools.count()
