from __future__ import annotations

import pytest

import saidwhat
from saidwhat.records import Analysis, Quote


@pytest.fixture(scope="session")
def nlp():
    from saidwhat.nlp import load_pipeline

    return load_pipeline()


def run(text: str, **kw) -> Analysis:
    return saidwhat.analyze(text, **kw)


def find(a: Analysis, fragment: str) -> Quote:
    """The quote whose text contains `fragment` (fails the test if none does)."""
    hits = [q for q in a.quotes if fragment in q.text]
    assert hits, f"no quote contains {fragment!r}; quotes: {[q.text for q in a.quotes]}"
    return hits[0]


def speaker_of(a: Analysis, fragment: str) -> str | None:
    q = find(a, fragment)
    return q.speaker.name if q.speaker else None


def assert_offsets(a: Analysis) -> None:
    text = a.text
    for q in a.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        for span in (q.speaker_mention, q.cue):
            if span is not None:
                assert text[span.start:span.end] == span.text
    for s in a.segments:
        assert 0 <= s.start <= s.end <= len(text)
