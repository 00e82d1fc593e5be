"""Parse labels: the rules read roles, and a language's grammar module maps its parser's labels
onto them (lang/<lang>/grammar.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from saidwhat.errors import ModelError
from saidwhat.lang.grammar import grammar, make_grammar, to_roles
from saidwhat.quotes import find_candidates


def test_every_label_of_the_english_pipeline_is_in_its_grammar(nlp):
    g = grammar("en")
    assert g.identity
    assert set(nlp.get_pipe("parser").labels) <= set(g.dependencies)
    assert set(nlp.get_pipe("tagger").labels) <= set(g.tags)
    assert "saidwhat_roles" not in nlp.pipe_names  # English needs no relabelling


def _foreign_doc(nlp) -> Doc:
    """'Berg said that the tax would rise.' as a parser with TIGER-style labels would give it."""
    words = ["Berg", "said", "that", "the", "tax", "would", "rise", "."]
    return Doc(nlp.vocab, words=words, spaces=[True] * 6 + [False, False],
               heads=[1, 1, 6, 4, 6, 6, 1, 1],
               deps=["sb", "ROOT", "cp", "nk", "sb", "mo", "oc", "punct"],
               tags=["NE", "VVFIN", "KOUS", "ART", "NN", "VMFIN", "VVINF", "$."],
               pos=["PROPN", "VERB", "SCONJ", "DET", "NOUN", "AUX", "VERB", "PUNCT"],
               lemmas=["Berg", "say", "that", "the", "tax", "would", "rise", "."],
               ents=["B-PERSON", "O", "O", "O", "O", "O", "O", "O"])


TIGERISH = make_grammar("xx", {"sb": "nsubj", "ROOT": "ROOT", "cp": "mark", "nk": "det", "mo": "aux", "oc": "ccomp",
                               "punct": "punct"},
                        {"NE": "NNP", "VVFIN": "VBD", "KOUS": "IN", "ART": "DT", "NN": "NN", "VMFIN": "MD",
                         "VVINF": "VB", "$.": "."})


def test_a_parser_with_other_labels_reaches_the_rules_through_its_grammar(nlp):
    raw = _foreign_doc(nlp)
    assert not any("tax would rise" in raw.text[c.start:c.end] for c in find_candidates(raw))
    doc = to_roles(_foreign_doc(nlp), TIGERISH)
    cands = [c for c in find_candidates(doc) if "tax would rise" in doc.text[c.start:c.end]]
    assert cands, "the reported clause is found once the labels are roles"
    assert cands[0].subject is not None and cands[0].subject.text == "Berg"


def test_a_grammar_onto_unknown_roles_is_refused_naming_its_file():
    with pytest.raises(ModelError, match=r"lang/xx/grammar\.py.*subject"):
        make_grammar("xx", {"sb": "subject"}, {})


def test_a_language_without_a_grammar_is_named():
    with pytest.raises(ModelError, match=r"saidwhat/lang/zz/grammar\.py"):
        grammar("zz")
