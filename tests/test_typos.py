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


def test_a_misspelt_cue_tagged_as_a_noun_in_a_coordination_is_read_as_a_verb():
    # the tagger reads "claimd" as a noun from its ending; the parser still gives it the clause
    a = run("In an open letter, 140 of them warned the merger would add weeks to waiting lists "
            "and claimd the ministry had ignored their figures.")
    q = find(a, "the ministry had ignored their figures")
    assert q.cue.text == "claimd" and q.speaker.name == "140 of them"
    assert "ministry" not in find(a, "would add weeks").text
