"""Misspelt cue verbs in messy web text are read as the verbs they slip from; real words are not."""

from __future__ import annotations

from conftest import find, run

from saidwhat.nlp import load_pipeline


def test_misspelt_cue_verbs_still_attribute_to_their_speakers():
    a = run("Ferry cuts\n\nMayor Ines Lund siad the ferry would stop in winter.Council member Piet Vos claimd "
            "that the harbour could not pay for it. Harbour chief Olga Brandvik tlod reporters that talks were "
            "over.\n\nmara_k\nlol they always say that", date="2024-02-02")
    for content, speaker, cue in (("the ferry would stop in winter", "Ines Lund", "siad"),
                                  ("the harbour could not pay for it", "Piet Vos", "claimd"),
                                  ("talks were over", "Olga Brandvik", "tlod")):
        q = find(a, content)
        assert q.speaker is not None and q.speaker.name == speaker and q.cue.text == cue


def test_words_the_pipeline_knows_and_names_are_left_as_written():
    nlp = load_pipeline()
    doc = nlp("Siad Barre was sad; the aid sided with the tweeters, who bogged down the commenter with "
              "stories, said Lund.")
    changed = [(t.text, t.norm_) for t in doc if t.is_alpha and t.norm_ != t.lower_]
    assert changed == []
    # and the one misspelling there is, is read as its verb, lemma and all
    doc = nlp("Lund siad the talks were over.")
    siad = doc[1]
    assert (siad.norm_, siad.lemma_, siad.pos_) == ("said", "say", "VERB")
