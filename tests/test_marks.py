from __future__ import annotations

import pytest

from saidwhat.quotes.marks import find_quote_marks


def inner(text):
    return [text[a + 1:b] for a, b in find_quote_marks(text)]


@pytest.mark.parametrize("text,expected", [
    ('"A," she said, "B."', ["A,", "B."]),
    ("“Curly quotes,” he said.", ["Curly quotes,"]),
    ("He called it ‘a total failure’ on Monday.", ["a total failure"]),
    ("It's the students' plan and the teachers' fault.", []),
    ("Lavrov's team said 'no way' twice.", ["no way"]),
    ('Unclosed "here.\n\nNext para "ok" fine', ["ok"]),
    ("“nested ‘inner’ quote”", ["nested ‘inner’ quote"]),
    ('"""', []),
])
def test_marks_pairs(text, expected):
    assert inner(text) == expected


def test_marks_multi_paragraph_quote_reopens_each_paragraph():
    text = "“First paragraph of the statement.\n\n“Second paragraph,” she said."
    [(a, b)] = find_quote_marks(text)
    assert text[a + 1:b].startswith("First paragraph") and text[a + 1:b].endswith("Second paragraph,")


def test_marks_curly_quotes_typed_the_wrong_way_round():
    text = "”We will win the vote,” Ada Holm said. Later she added: “It was close.“ And left."
    spans = [text[o + 1:c] for o, c in find_quote_marks(text)]
    assert spans == ["We will win the vote,", "It was close."]


def test_marks_german_low_high_quotes_pair():
    # German typesetting opens low („) and closes with the mark English uses to open (“).
    text = "„Wir bauen die Brücke im Juni“, sagte die Bürgermeisterin. „Das ist sicher.“"
    assert inner(text) == ["Wir bauen die Brücke im Juni", "Das ist sicher."]
