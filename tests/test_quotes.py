"""Quote detection: every pattern the analyzer promises, on sentences written for these tests."""

from __future__ import annotations

import pytest

from conftest import assert_offsets, find, run, speaker_of


@pytest.mark.parametrize("text,fragment,qtype,cue", [
    ('"We will not sign this agreement," Mayor Ellen Park said on Monday.', "We will not sign this agreement", "direct", "said"),
    ("“The budget is balanced,” said Treasurer Omar Haddad.", "The budget is balanced", "direct", "said"),
    ("‘We have done nothing wrong,’ the chairman of the club said.", "We have done nothing wrong", "direct", "said"),
    ('Governor Lucia Bram told reporters: "The bridge will open in June."', "The bridge will open in June.", "direct", "told"),
    ("Senator Paul Ridge said that the vote would be delayed until autumn.", "the vote would be delayed until autumn", "indirect", "said"),
    ("Paul Ridge told reporters the vote would be delayed.", "the vote would be delayed", "indirect", "told"),
    ("According to the health ministry, the clinic will close next year.", "the clinic will close next year", "indirect", "According to"),
    ("Coach Dana Whitfield insisted that her team had played fairly.", "her team had played fairly", "indirect", "insisted"),
    ("Judge Arno Feld warned that the court would not tolerate delays.", "the court would not tolerate delays", "indirect", "warned"),
    ("Professor Ines Lund pointed out that the data were incomplete.", "the data were incomplete", "indirect", "pointed out"),
    ('Mayor Ellen Park said the plan was "dead on arrival" and would be withdrawn.', "dead on arrival", "mixed", "said"),
    ("The harbour will be dredged next spring, a port official said.", "The harbour will be dredged next spring", "indirect", "said"),
])
def test_quotes_patterns(text, fragment, qtype, cue):
    a = run(text)
    q = find(a, fragment)
    assert q.type == qtype
    assert q.cue is not None and q.cue.text == cue
    assert q.act == "speech"
    assert_offsets(a)


def test_quotes_split_around_the_cue_share_one_group_and_speaker():
    a = run('"The first half was poor," coach Dana Whitfield said, "but the second half was our best of the season."')
    first, second = find(a, "first half was poor"), find(a, "second half was our best")
    assert first.group == second.group
    assert first.speaker and second.speaker and first.speaker.id == second.speaker.id
    assert first.type == second.type == "direct"


def test_quotes_multi_paragraph_quote_is_one_quote():
    text = ("Harbour master Tomas Egge read a statement.\n\n"
            "“The storm damaged four piers and two cranes. Repairs will take months.\n\n"
            "“We ask every captain to keep clear of the east basin until further notice,” Egge said.")
    a = run(text)
    q = find(a, "The storm damaged four piers")
    assert "keep clear of the east basin" in q.text
    assert q.type == "direct" and q.speaker and q.speaker.name == "Tomas Egge"


def test_quotes_colon_after_a_speech_noun_across_a_paragraph():
    a = run("On July 6, Senator Paul Ridge made the following comment:\n\n"
            "“For young people who left school early, we will build a new college in the harbour district.”")
    q = find(a, "For young people who left school early")
    assert q.type == "direct" and q.speaker is not None and q.speaker.name == "Paul Ridge"


def test_quotes_colon_introduction_across_sentence():
    a = run('Chief Inspector Rana Osei gave her verdict: "The fire started in the kitchen and spread quickly."')
    q = find(a, "The fire started in the kitchen")
    assert q.speaker is not None and q.speaker.name == "Rana Osei"


@pytest.mark.parametrize("text,fragment", [
    ("Analyst Mira Sandvik believes that prices will fall in spring.", "prices will fall in spring"),
    ("Officials fear the dam will not hold through the rainy season.", "the dam will not hold"),
    ("Farmer Jon Lisle hopes the rain will come before the harvest.", "the rain will come before the harvest"),
])
def test_quotes_thoughts_are_marked_as_thought(text, fragment):
    q = find(run(text), fragment)
    assert q.act == "thought"


def test_quotes_speech_only_setting_drops_thoughts():
    from saidwhat.settings import Settings

    a = run("Analyst Mira Sandvik believes that prices will fall. She said the market was calm.",
            settings=Settings(include_thoughts=False))
    assert all(q.act == "speech" for q in a.quotes)
    assert any("market was calm" in q.text for q in a.quotes)


@pytest.mark.parametrize("text", [
    'The "reform" has left the town with fewer buses than before.',
    'The film "Night Harbour" opened in cinemas on Friday to large crowds.',
    'Residents know the striker as "The Hammer" in this part of town.',
])
def test_quotes_scare_quotes_titles_and_nicknames_are_not_quotes(text):
    assert run(text).quotes == ()


def test_quotes_characterisation_with_called_is_attributed():
    a = run('Mayor Ellen Park called the audit report "a work of fiction" on Tuesday.')
    q = find(a, "work of fiction")
    assert q.type == "mixed" and q.speaker and q.speaker.name == "Ellen Park" and q.cue.text == "called"


@pytest.mark.parametrize("text,fragment,cue", [
    ("Union leader Marta Quist called for an immediate return to the table.", "an immediate return to the table", "called for"),
    ("Senator Paul Ridge denied the allegations about his campaign funds.", "the allegations about his campaign funds", "denied"),
])
def test_quotes_object_content_cues(text, fragment, cue):
    q = find(run(text), fragment)
    assert q.type == "indirect" and q.cue.text == cue and q.speaker is not None


def test_quotes_plain_narration_has_no_quotes():
    assert run("The river rose two metres overnight and the old bridge was closed to traffic.").quotes == ()


def test_quotes_transcript_turns_are_direct_speech_of_the_label():
    text = ("Host Chris Wallace spoke to Governor Mike Pence on Sunday.\n\n"
            "WALLACE: Governor, I think we should start with the debate.\n\n"
            "PENCE: Well, I believe the debate will be about jobs. We are ready.")
    a = run(text)
    turn = find(a, "the debate will be about jobs")
    assert turn.type == "direct" and turn.speaker.name == "Mike Pence"
    assert find(a, "we should start with the debate").speaker.name == "Chris Wallace"
    assert len(a.quotes) == 2  # the "I believe" inside a turn is not a second quote


@pytest.mark.parametrize("text,fragment,speaker", [
    ("The talks ended.\n“He's absolutely right. There's a severe gap between this port and our fleet,” Haddad, a "
     "harbour board member, said Thursday morning on the radio.", "There's a severe gap", "Haddad"),
    # a dash signature after a no-break space, with an initial in the name
    ("“Nobody asked the fishermen what they think.”\u00a0―\u00a0Lena K. Moor\n“The quotas are a joke.” ― Tom Ekdahl",
     "Nobody asked the fishermen", "Lena K. Moor"),
])
def test_quotes_name_after_the_quote_is_the_speaker(text, fragment, speaker):
    a = run(text)
    q = find(a, fragment)
    assert q.type == "direct" and fragment in q.text and "”" not in q.text
    assert q.speaker is not None and q.speaker.name == speaker
    assert_offsets(a)


def test_quotes_name_folded_into_the_quote_clause_is_found_on_a_misparse(nlp):
    """The small parser sometimes tags a place name after a quote as a verb and hangs the whole
    `“...,” Tulsa police Chief Chuck Jordan said` under the quote's verb; the name is still found.
    Built on a hand-made Doc carrying that misparse."""
    from spacy.tokens import Doc

    from saidwhat.quotes import find_quote_marks
    from saidwhat.quotes.direct import _swallowed_name

    words = ["“", "We", "will", "win", ",", "”", "Kell", "harbour", "Chief", "Ada", "Holm", "said", "."]
    spaces = [False, True, True, False, False, True, True, True, True, True, True, False, False]
    pos = ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "VERB", "NOUN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    heads = [3, 3, 3, 3, 3, 3, 3, 8, 6, 10, 8, 3, 3]
    deps = ["punct", "nsubj", "aux", "ROOT", "punct", "punct", "dep", "compound", "dobj", "compound", "appos", "conj", "punct"]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=pos, heads=heads, deps=deps)
    inner = [(o + 1, c) for o, c in find_quote_marks(doc.text)]
    said = doc[11]
    content_end = doc[10].idx + len(doc[10])  # the content the parser gave: quote and name
    k, name = _swallowed_name(doc, inner, 1, content_end, (said.idx, said.idx + 4))
    assert k == 0 and name.text == "Holm"


def test_quotes_short_reply_after_the_cue_belongs_to_the_speaker():
    a = run('“Is the harbour plan finished?” Councillor Ines Lund asked. “Not yet.”')
    first, second = find(a, "harbour plan finished"), find(a, "Not yet")
    assert second.speaker is not None and second.speaker.name == "Ines Lund"
    assert second.group == first.group and second.type == "direct"
    assert_offsets(a)


@pytest.mark.parametrize("text,fragment,speaker", [
    ('Mayor Ellen Park called them "tax collectors" and voted against the toll.', "tax collectors", "Ellen Park"),
    ("Senator Paul Ridge has used the phrase “open harbour” in every speech this year.", "open harbour", "Paul Ridge"),
])
def test_quotes_words_someone_called_or_used_are_their_quote(text, fragment, speaker):
    a = run(text)
    q = find(a, fragment)
    assert q.text == fragment and q.type == "direct"
    assert q.speaker is not None and q.speaker.name == speaker


def test_quotes_scare_quotes_and_titles_stay_out():
    a = run('The so-called "reform" was shelved. She has read "War and Peace" twice, the committee chair said.')
    assert all(q.text not in ("reform", "War and Peace") for q in a.quotes)


def test_quotes_content_stops_at_a_dash_after_the_quotation(nlp):
    """`likened the rules to "burning the harbour" - a charge that stung`: what follows the dash is
    the writer's, not the speaker's."""
    from saidwhat.quotes import find_quote_marks, load_lexicon, paragraph_bounds
    from saidwhat.quotes.candidate import Candidate
    from saidwhat.quotes.direct import attach_marks

    text = 'Ines Lund likened the rules to "burning the harbour" - a charge that stung.'
    doc = nlp(text)
    start = text.index('"burning') + 1
    cue = next(t for t in doc if t.text == "likened")
    cand = Candidate(pieces=[(start, text.index(" that stung") + len(" that stung"))], cue=(cue,),
                     subject=doc[1], clause={0, 1, cue.i})
    out = attach_marks(doc, [cand], find_quote_marks(text), load_lexicon("en"), paragraph_bounds(text),
                       context_window=2)
    assert [text[s:e] for s, e in out[0].pieces] == ["burning the harbour"]


@pytest.mark.parametrize("text,fragment,cue,speaker", [
    # a dateline before the subject is not the speaker
    ("KELLHAVEN -- Mayor Ellen Park, opening the new ferry terminal on Saturday, said it would change the town.",
     "it would change the town", "said", "Ellen Park"),
    # a heading run into the next sentence gives the verb two subjects: the one next to the cue speaks
    ("THE BRIDGE Back when he ran for office, Mr. Ridge said that he considered tolls a last resort.",
     "he considered tolls a last resort", "said", "Ridge"),
    # an infinitive after a verb with an object: the object speaks
    ("The committee forced Director Tomas Hale to admit that the accounts were wrong.",
     "the accounts were wrong", "admit", "Tomas Hale"),
    # an infinitive under a noun: the subject of the noun's verb speaks, not the addressee
    ("Mayor Ellen Park never missed a chance to remind voters that the bridge was her idea.",
     "the bridge was her idea", "remind", "Ellen Park"),
    # a speech noun after a light verb
    ("Councillor Ines Lund raised questions about the cost of the new bridge.",
     "the cost of the new bridge", "questions", "Ines Lund"),
    # a participle inside a preposition
    ("Senator Paul Ridge, despite admitting that the plan had flaws, voted for it.",
     "the plan had flaws", "admitting", "Paul Ridge"),
    # "called on X to ...": the infinitive is what was called for
    ("Senator Paul Ridge called on Mayor Ellen Park to apologize for the remarks.",
     "to apologize for the remarks", "called on", "Paul Ridge"),
    # a report that is nothing but a participle clause is the participle's
    ("Ridge spoke to reporters on Monday, arguing that the toll was unfair to fishermen.",
     "the toll was unfair to fishermen", "arguing", "Ridge"),
    # a name with a parenthesised party after the quote
    ("“The bridge is safe,” Rep. Ada Holm (D-Kell.) said in a phone interview.",
     "The bridge is safe", "said", "Ada Holm"),
    # a short heading that names one person, then a colon
    ("A lesson from Ada Holm: ‘Always read the contract before you sign it.’",
     "Always read the contract", ":", "Ada Holm"),
])
def test_quotes_speaker_found_through_the_parse(text, fragment, cue, speaker):
    a = run(text)
    q = find(a, fragment)
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.name == speaker
    assert_offsets(a)


def test_quotes_cue_ending_in_a_colon_introduces_the_next_paragraph():
    text = ("The debate went on for hours. Councillor Ridge added:\n\nIt is a scandal. Nobody in this town was "
            "asked about the plan, and nobody will pay for it but us.")
    a = run(text)
    q = find(a, "It is a scandal")
    assert q.text.endswith("nobody will pay for it but us")
    assert q.cue is not None and q.cue.text == "added"
    assert q.speaker is not None and q.speaker.name == "Ridge"
    # the first-person narration inside the passage is part of it, not another quote
    assert len([x for x in a.quotes if "Nobody in this town" in x.text]) == 1


def test_quotes_a_title_case_heading_with_a_colon_is_not_a_cue():
    a = run("The Debate Goes On: The council met again on Monday and the mayor said the vote would be held in June.")
    assert all(q.cue is None or q.cue.text != "Goes On" for q in a.quotes)
    assert find(a, "the vote would be held in June").cue.text == "said"


@pytest.mark.parametrize("text,fragment,cue", [
    ("Say the mayor demanded that the port pay for the bridge.", "the port pay for the bridge", "demanded"),
    ("Let's say you think the bridge will cost twice as much as planned.", "the bridge will cost twice", "think"),
])
def test_quotes_an_imperative_to_the_reader_is_not_a_cue(text, fragment, cue):
    a = run(text)
    assert find(a, fragment).cue.text == cue
    assert all(q.cue is None or q.cue.text.lower() != "say" for q in a.quotes)


@pytest.mark.parametrize("text", [
    "The old harbour is a reminder that the town was once rich. The new one is what the council wanted.",
    # the mined cue model gives "be" some chance here; the copula alone attributes nothing
    "Ridge was never able to shake that image of the closed harbour.",
])
def test_quotes_a_copula_is_never_the_cue(text):
    a = run(text)
    assert all(q.cue is None or q.cue.text.lower() not in ("is", "was", "be", "are") for q in a.quotes)


def _doc(nlp, rows: list[tuple[str, str, str, int, str, str]]):
    """A hand-made Doc: (word, pos, tag, head, dep, entity IOB label) per token."""
    from spacy.tokens import Doc

    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][1] != "PUNCT" for i in range(len(rows))]
    return Doc(nlp.vocab, words=words, spaces=spaces, pos=[r[1] for r in rows], tags=[r[2] for r in rows],
               heads=[r[3] for r in rows], deps=[r[4] for r in rows], ents=[r[5] for r in rows])


def test_quotes_subjectless_cue_takes_the_name_before_it_on_a_misparse(nlp):
    """`... with the board of the Harbour Gazette Ridge said that ...`: the small parser can fold the
    speaker into the paper's name and leave "said" without a subject. Hand-made Doc with that parse."""
    from saidwhat.quotes import load_lexicon
    from saidwhat.quotes.subjects import inherited_subject

    doc = _doc(nlp, [
        ("In", "ADP", "IN", 6, "prep", "O"), ("a", "DET", "DT", 2, "det", "O"),
        ("meeting", "NOUN", "NN", 0, "pobj", "O"), ("with", "ADP", "IN", 2, "prep", "O"),
        ("Gazette", "PROPN", "NNP", 5, "compound", "B-ORG"), ("Ridge", "PROPN", "NNP", 3, "pobj", "I-ORG"),
        ("said", "VERB", "VBD", 6, "ROOT", "O"), ("that", "SCONJ", "IN", 10, "mark", "O"),
        ("tolls", "NOUN", "NNS", 10, "nsubj", "O"), ("would", "AUX", "MD", 10, "aux", "O"),
        ("rise", "VERB", "VB", 6, "ccomp", "O"), (".", "PUNCT", ".", 6, "punct", "O"),
    ])
    assert inherited_subject(doc[6], load_lexicon()).text == "Ridge"
    # an inverted cue at the start of its sentence takes the name after it: "Said Ellis: ..."
    doc = _doc(nlp, [
        ("Said", "VERB", "VBD", 2, "compound", "O"), ("Ada", "PROPN", "NNP", 2, "compound", "B-PERSON"),
        ("Holm", "PROPN", "NNP", 2, "ROOT", "I-PERSON"), (":", "PUNCT", ":", 2, "punct", "O"),
    ])
    assert inherited_subject(doc[0], load_lexicon()).text == "Holm"


def test_quotes_conjoined_report_with_its_own_speaker_is_cut_from_the_content(nlp):
    """`Republicans said the count was wrong and Democrats accused them of stalling`, parsed with the
    second report conjoined inside the first one's content. Hand-made Doc with that parse."""
    from saidwhat.quotes.cues import load_lexicon
    from saidwhat.quotes.indirect import find_reported

    doc = _doc(nlp, [
        ("Republicans", "PROPN", "NNPS", 1, "nsubj", "O"), ("said", "VERB", "VBD", 1, "ROOT", "O"),
        ("the", "DET", "DT", 3, "det", "O"), ("count", "NOUN", "NN", 4, "nsubj", "O"),
        ("was", "AUX", "VBD", 1, "ccomp", "O"), ("wrong", "ADJ", "JJ", 4, "acomp", "O"),
        ("and", "CCONJ", "CC", 4, "cc", "O"), ("Democrats", "PROPN", "NNPS", 8, "nsubj", "O"),
        ("accused", "VERB", "VBD", 4, "conj", "O"), ("them", "PRON", "PRP", 8, "dobj", "O"),
        ("of", "ADP", "IN", 8, "prep", "O"), ("stalling", "VERB", "VBG", 10, "pcomp", "O"),
        (".", "PUNCT", ".", 1, "punct", "O"),
    ])
    found = find_reported(doc[:], load_lexicon("en"), [])
    said = next(c for c in found if c.cue[0].text == "said")
    assert [doc.text[s:e] for s, e in said.pieces] == ["the count was wrong"]


def test_quotes_a_rare_cue_word_gives_way_to_a_speech_verb_inside_its_content(nlp):
    """`The advert uses footage of the mayor asking, "..."`: when a word that was seldom an
    attribution's cue in training holds a speech verb's report in its content, the speech verb's
    attribution is kept, not the outer one; a common cue keeps its nested report inside."""
    from saidwhat.quotes import _drop_nested
    from saidwhat.quotes.candidate import Candidate

    text = "The advert uses footage of the mayor asking why the bridge is late."
    doc = nlp(text)
    uses, asking = (next(t for t in doc if t.text == w) for w in ("uses", "asking"))
    content = (text.index("footage"), text.index(" late") + 5)
    inner = Candidate(pieces=[(text.index("why"), content[1])], cue=(asking,), subject=doc[6])

    def outer(rate: float, lexicon: float) -> Candidate:
        return Candidate(pieces=[content], cue=(uses,), subject=doc[1],
                         features={"cue_rate": rate, "in_lexicon": lexicon})

    assert [c.cue[0].text for c in _drop_nested([outer(0.05, 0.0), inner])] == ["asking"]
    assert [c.cue[0].text for c in _drop_nested([outer(0.6, 1.0), inner])] == ["uses"]


def test_quotes_section_labels_and_link_lines_are_nobodys_speech():
    # A one-off upper-case label before a colon is a section heading, and a "READ MORE:" line is a
    # link; a label that names someone in the report ("LUND:") is still a speaker's turn.
    text = ("date 2019-05-02 The central bank kept rates on hold on Thursday, Governor Mia Lund said.\n\n"
            "CURRENCIES: The dollar strengthened against the euro after the decision.\n\n"
            "READ MORE: Why the bank said rates will stay low\n\n"
            "LUND: Rates will stay where they are for now.\n")
    a = run(text)
    texts = [q.text for q in a.quotes]
    assert not any("dollar strengthened" in t or "stay low" in t or "READ MORE" in t for t in texts), texts
    assert find(a, "where they are for now").cue.text == ":"


def test_quotes_speech_only_counts_people_not_things_that_show():
    # The broad scheme (PolNeAR's) keeps "figures show"; speech-only keeps who spoke.
    from saidwhat.settings import Settings

    text = ("date 2019-05-02 A video posted online showed that the protest had been peaceful.\n\n"
            "Figures released on Monday show that exports fell by a tenth.\n\n"
            "Mayor Ellen Park said the port would stay open. She believes the cranes are old.\n")
    broad = run(text)
    assert find(broad, "exports fell").speaker.name == "Figures"
    spoken = run(text, settings=Settings(include_thoughts=False))
    assert [q.text for q in spoken.quotes] == ["the port would stay open"]


def test_quotes_a_cue_with_its_own_object_does_not_take_the_clause_before_it():
    # "said the same thing": what he said is the object, not the reader's clause before it; an
    # addressee ("told the crowd") is no such object.
    a = run("Novak is right, Brezko said the same thing last year.\n\n"
            '"We will win the vote," Berg told the crowd on Sunday.\n')
    assert not any(q.text.startswith("Novak is right") for q in a.quotes)
    assert speaker_of(a, "We will win the vote") == "Berg"


def test_quotes_sentences_glued_without_a_space_or_a_capital_are_read_apart():
    """A scraped page: "said.the", "warned.The", ".." — split as a reader would, offsets exact."""
    text = ('Mayor Anna Kell warned.The bridge would close in May, she said.Council member Tom Reyes disagreed.. '
            '"thats not true," Reyes said.the repairs can wait until next yearr, he told reporters.')
    a = run(text)
    assert find(a, "thats not true").text == "thats not true"
    assert speaker_of(a, "the repairs can wait") == "Tom Reyes"
    assert speaker_of(a, "The bridge would close in May") == "Anna Kell"
    for q in a.quotes:
        assert text[q.start:q.end] == q.text
    # a domain name or an abbreviation stays one token
    from saidwhat.nlp import load_pipeline

    assert "bbc.co.uk" in [t.text for t in load_pipeline()("see bbc.co.uk and e.g. this")]


def test_quotes_speech_only_keeps_speech_cues_and_drops_what_only_looks_like_one():
    from saidwhat.settings import Settings

    text = ("The harbour board embraced the idea that the cranes should be sold. Police identified the driver "
            "as a local man. Mayor Ilse Roth cited a report that the dock was unsafe, and she questioned whether "
            "the repairs could wait. You should always check your insurance, you said. Figures show that the "
            "port lost money.\n")
    broad = run(text)
    speech = run(text, settings=Settings(include_thoughts=False))
    kept = {q.text for q in speech.quotes}
    assert any("dock was unsafe" in t for t in kept)  # "cited": a cue in 82% of its uses in training
    assert any("the repairs could wait" in t for t in kept)  # "questioned whether": a speech act
    found = {q.text for q in broad.quotes}
    assert any("cranes should be sold" in t for t in found) and any("local man" in t for t in found)
    assert not any("cranes should be sold" in t or "local man" in t for t in kept)  # "embraced", "identified"
    assert not any("port lost money" in t for t in kept)  # figures do not speak
    assert not any("check your insurance" in t for t in kept)  # a generic "you"
    assert len(speech.quotes) < len(broad.quotes)


def test_a_headline_label_is_the_person_the_story_names():
    text = ("Brezko: Velorian Troops Will Stay at the Border Until Spring\n\n"
            "Veloria will keep its troops at the border, Foreign Minister Anton Brezko said on Tuesday.\n\n"
            "Background: the border was redrawn in 1921 after a long war between the two states.\n")
    a = run(text, date="2024-03-05")
    head = find(a, "Troops Will Stay")
    assert head.speaker is not None and head.speaker.name == "Anton Brezko"
    assert head.type == "indirect"  # the editor's words, not his
    assert not any("redrawn" in q.text for q in a.quotes)  # a section label names nobody


@pytest.mark.parametrize("text, content, speaker", [
    ("As Haddad said last week, the tariff is a tax on families.", "the tariff is a tax on families", "Haddad"),
    ("The port needs new cranes , as Harbour Master Lund told the council.", "The port needs new cranes", "Lund"),
    ("Omar Haddad denied taking any money from the contractor.", "taking any money from the contractor", "Omar Haddad"),
    ("Ines Lund's argument was that the port needs more cranes.", "the port needs more cranes", "Ines Lund"),
    ("Omar Haddad spoke on Monday. His claim that the budget was balanced drew laughter from the opposition.",
     "the budget was balanced", "Omar Haddad"),
    ("Anna Berg made it clear that the border stays closed.", "the border stays closed", "Anna Berg"),
    ("Ines Lund raised the possibility that the harbour would close.", "the harbour would close", "Ines Lund"),
    ("In Anna Berg's view, the talks are over.", "the talks are over", "Anna Berg"),
    ("Anna Berg is convinced that the plan will work.", "the plan will work", "Anna Berg"),
])
def test_indirect_constructions_beyond_that_clauses(text, content, speaker):
    a = run(text, date="2024-02-02")
    q = find(a, content)
    assert q.text.strip(" .") == content and q.type == "indirect"
    assert q.speaker is not None and q.speaker.name.endswith(speaker)


def test_according_to_a_statement_gives_who_issued_it():
    a = run("The talks are over, according to a statement from Velora's foreign ministry.")
    q = find(a, "The talks are over")
    assert q.speaker_mention is not None and "foreign ministry" in q.speaker_mention.text


@pytest.mark.parametrize("text, pieces, speaker", [
    # the cue's clause interrupts the content: both sides of it are the content, one quote
    ("Though the handover went smoothly, Mayor Ines Lund said, replacing her now would be far more bitter.",
     ["Though the handover went smoothly", "replacing her now would be far more bitter"], "Ines Lund"),
    ("Pensioners, Minister Anna Berg said, will get the increase in May.",
     ["Pensioners", "will get the increase in May"], "Anna Berg"),
    # the comma before the cue's clause hangs on the cue, and the parser makes the cue an aside of
    # the content's verb; a reader's line under a handle follows
    ("Back at the harbour, Mayor Ines Lund said, she decided to close the ferry line for the winter.\n\n"
     "mara_k\nshe always says that lol",
     ["Back at the harbour", "she decided to close the ferry line for the winter"], "Ines Lund"),
])
def test_content_interrupted_by_its_cue_is_one_quote_in_pieces(text, pieces, speaker):
    a = run(text, date="2024-02-02")
    found = [find(a, p) for p in pieces]
    assert [q.text.strip(" .") for q in found] == pieces
    assert len({q.group for q in found}) == 1
    assert all(q.speaker is not None and q.speaker.name == speaker for q in found)


def test_a_second_cue_coordinated_into_the_first_content_is_its_own_attribution_with_the_same_speaker():
    # The parser hangs "warned" on "stop" (inside what she said): the first content must end
    # before it, and the warning is hers, not the ferry's.
    a = run("Harbour chief Olga Brandvik said the ferry would stop in winter and warned that fares would "
            "rise by a third.Readers were furious.", date="2024-02-02")
    said = find(a, "the ferry would stop in winter")
    assert "fares" not in said.text and said.cue.text == "said"
    warned = find(a, "fares would rise by a third")
    assert warned.cue.text == "warned" and warned.group != said.group
    assert warned.speaker is not None and warned.speaker.name == "Olga Brandvik"


@pytest.mark.parametrize("text", [
    "Opposition leader Omar Haddad answered the minister on Monday.",
    "Mayor Ines Lund thanked her in a short speech at the harbour.",
])
def test_whom_words_were_for_is_not_what_was_said(text):
    assert run(text).quotes == ()


@pytest.mark.parametrize("text", [
    'Maria Lund, the harbour master, was asked whether the port would close.\n\n"We will see," she said.',
    # the tagger reads this "asked" as a past tense with "the 61-year-old" as its subject
    'Harbour master Ines Lund met the ferry crews on Monday. The 61-year-old, asked whether the port would '
    'close, shrugged.\n\n"We will see," she said.',
])
def test_someone_asked_a_question_is_not_its_asker(text):
    # She was asked, by a reporter no one names: the question is not her words.
    a = run(text, date="2024-02-02")
    assert not any("whether the port would close" in q.text and q.speaker is not None for q in a.quotes)
    assert find(a, "We will see").speaker.name.endswith("Lund")


def test_a_scraped_report_asked_questions_and_a_rejected_claim():
    text = ("Talks on the river crossings ended on Tuesday, as Foreign Minister Anton Brezko and his "
            "counterpart Helena Varga traded accusations.\n\n"
            'Brezko said Marstan kept moving the goalposts. "We came here in good faith," he added.The '
            "Velorian foreign minister pointed out that every checkpoint had been agreed in 2011.\n\n"
            "Varga rejected that account. Asked whether she trusted Brezko, she paused. \"Trust is earned,\" "
            "she said.\nComments\nriverwatch_88\nBrezko is just repeating talking points lol\n")
    a = run(text, date="2024-02-02")
    # the reporter's question is nobody's quote of hers
    assert not any(q.cue and q.cue.text == "Asked" and q.speaker is not None for q in a.quotes)
    assert find(a, "that account").speaker.name == "Helena Varga"  # "that" here is no complementizer
    assert find(a, "every checkpoint had been agreed").speaker.name == "Anton Brezko"
    assert find(a, "Trust is earned").speaker.name == "Helena Varga"
    assert not any("talking points" in q.text for q in a.quotes)  # the reader's words are nobody's quote


@pytest.mark.parametrize("text, pieces", [
    # the parser hangs "which" on "keeping": the content is its words on both sides, never the cue
    ("The mine, which Mayor Tom Clarke says he is keeping open even though it loses money, employs 90 people.",
     ["which", "he is keeping open even though it loses money"]),
    # a writer's aside between dashes is not what the police said
    ("The officer who stopped the van - a 20-year veteran, who is now on leave - was not wearing a camera, "
     "police said.", ["The officer who stopped the van", "was not wearing a camera"]),
])
def test_content_never_holds_its_cue_or_the_writers_aside(text, pieces):
    a = run(text, date="2024-02-02")
    found = [find(a, p) for p in pieces]
    assert [q.text.strip(" .") for q in found] == pieces and len({q.group for q in found}) == 1
    assert not any("says" in q.text or "veteran" in q.text for q in a.quotes)


def test_according_to_a_name_the_parser_swallowed_the_claim_into():
    # The small parser reads "reeks" as a noun in apposition to the name, so the name's phrase runs
    # to the end of the sentence; the claim is what follows the comma, and the host made it.
    a = run("According to talk radio host Rush Dahl, the move reeks of “fear” and desperation.")
    q = find(a, "the move reeks")
    assert q.speaker is not None and q.speaker.name == "Rush Dahl" and "Dahl" not in q.text


@pytest.mark.parametrize("text, content, source", [
    # a cue the lexicon does not list, in the passive: its agent is the source
    ("The ferry cuts are supported by an unusual coalition of island mayors.\n\nmara_k\nnobody asked us lol",
     "The ferry cuts", "coalition"),
    ("A different account of the crash was being told by the Harbour Gazette, which found the logs.",
     "A different account of the crash", "Harbour Gazette"),
])
def test_a_passive_cue_takes_its_agent_as_the_source(text, content, source):
    q = find(run(text, date="2024-02-02"), content)
    assert q.speaker_mention is not None and source in q.speaker_mention.text


@pytest.mark.parametrize("text, title", [
    ('In an interview on Channel 4\'s "Harbour Hour," Mayor Ines Lund said the ferry would run all winter.',
     "Harbour Hour"),
    ('On Tuesday\'s episode of "The Island Morning Show," the harbour chief said she wanted to speak to voters.',
     "The Island Morning Show"),
])
def test_a_title_the_sentence_names_is_not_a_quote(text, title):
    # The quoted title sits where a `"...," Lund said` quotation would: it is not her words.
    a = run(text + "\n\nmara_k\nthat show is rubbish", date="2024-02-02")
    assert not [q for q in a.quotes if title in q.text]
    assert a.quotes and all(q.speaker is not None for q in a.quotes)


@pytest.mark.parametrize("text, content", [
    # the learned reading of "told" takes "Vos added" as what was told: the two readings hold each
    # other's cue, and the rules' one is kept (both were dropped)
    ("Harbour chief Piet Vos said the ferry would stop.Vos added that nobody was told.\n\nmara_k\nclassic",
     "nobody was told"),
    ("Piet Vos spoke at the harbour on Monday. Vos added that the crews were not told.", "the crews were not told"),
])
def test_a_report_of_not_being_told_is_still_a_report(text, content):
    q = find(run(text, date="2024-02-02"), content)
    assert q.speaker is not None and q.speaker.name == "Piet Vos" and q.cue.text == "added"


def test_a_second_speakers_report_joined_by_and_is_not_the_first_ones_words():
    # The parser hangs "added" on "said" as a second content: Vos's words went to Lund.
    a = run("Harbour minister Anna Berg said the ferry would stop.The decision was final. In an interview, Mayor "
            "Ines Lund said both of them were wrong, and council member Piet Vos added that nobody was told. "
            "Share this article\nmara_k\nlol nobody ever is", date="2024-02-02")
    lund = find(a, "both of them were wrong")
    assert lund.speaker.name == "Ines Lund" and "Vos" not in lund.text and not lund.text.endswith("and")
    vos = find(a, "nobody was told")
    assert vos.speaker.name == "Piet Vos" and vos.cue.text == "added"


@pytest.mark.parametrize("cue", ["arguing", "saying", "insisting"])
def test_a_participle_report_after_the_content_is_the_speakers_second_attribution(cue):
    # The parser hangs "arguing" on the content's verb: it was read as part of Lund's first
    # content, and on its own it would have been the ferry's.
    a = run("Harbour minister Anna Berg gave no date.Mayor Ines Lund said the ferry would stop in winter, "
            f"{cue} that the harbour could not pay for it. Share this\ngulls_22\nshe always says that lol",
            date="2024-02-02")
    first = find(a, "the ferry would stop in winter")
    assert first.speaker.name == "Ines Lund" and "harbour could not pay" not in first.text
    second = find(a, "the harbour could not pay for it")
    assert second.speaker.name == "Ines Lund" and second.cue.text == cue
    assert_offsets(a)


@pytest.mark.parametrize("headline", ["Ferry cuts: what we know", "Ferry cuts: what Lund said",
                                      "Ferry cuts: what they know so far"])
def test_a_headline_of_what_is_known_is_nobodys_words(headline):
    # The parser hangs "what we know" on the headline's noun; the learned cue read the noun as
    # what was known.
    a = run(f"{headline}\n\nMayor Ines Lund said the ferry would stop in winter.Nobody was told, lol.",
            date="2024-02-02")
    assert not any("Ferry cuts" in q.text for q in a.quotes)
    assert find(a, "the ferry would stop in winter").speaker.name == "Ines Lund"


@pytest.mark.parametrize("sentence, content, speaker", [
    ("The ferry will stop in winter Lund said.", "The ferry will stop in winter", "Lund"),
    ("The ferry will stop in winter Mayor Ines Lund said.", "The ferry will stop in winter", "Ines Lund"),
    ("Nobody was told about it the council member added.", "Nobody was told about it", "the council member"),
])
def test_a_trailing_cue_with_no_comma_keeps_the_speaker_out_of_the_content(sentence, content, speaker):
    # Typed in a hurry, with no comma before "X said": the parser reads the name into the content
    # ("in winter Lund") or the content's last word into the name ("winter Mayor Ines Lund").
    a = run(f"Ferry news.Harbour minister Anna Berg gave no date. {sentence}\n\nmara_k\nlol ok", date="2024-02-02")
    q = find(a, content)
    assert q.text == content
    assert q.speaker is not None and q.speaker.name.lower().endswith(speaker.lower().split()[-1])


def test_a_second_that_clause_with_a_passive_cue_word_stays_in_the_content():
    # "told" with its own (passive) subject was taken for a second speaker's report and cut away.
    a = run("Ferry news.Mayor Ines Lund spoke on Monday. Then she said fares would rise and that nobody had "
            "been told.\n\ngulls_22\nnobody ever is", date="2024-02-02")
    q = find(a, "fares would rise")
    assert q.text == "fares would rise and that nobody had been told" and q.speaker.name == "Ines Lund"


def test_two_reports_spliced_with_a_comma_are_two_attributions():
    # The parser hangs the first report on the second cue: the first report, cue and all, was
    # read as the second one's content.
    a = run("Ferry news.Mayor Ines Lund said the ferry would stop, she also said fares would rise. lol",
            date="2024-02-02")
    first = find(a, "the ferry would stop")
    assert first.text == "the ferry would stop" and first.cue.text == "said" and first.speaker.name == "Ines Lund"
    second = find(a, "fares would rise")
    assert second.text == "fares would rise" and second.speaker.name == "Ines Lund"


@pytest.mark.parametrize("sentence, cue", [("Mayor Ines Lund reportedly said the ferry would stop.", "said"),
                                           ("Mayor Ines Lund allegedly told aides the ferry would stop.", "told")])
def test_a_reporting_adverb_on_the_cue_does_not_take_the_speaker_for_its_content(sentence, cue):
    # "reportedly" was read as a cue of its own, with "Lund" as its content and nobody as its
    # speaker, and the real report went as nested inside it.
    a = run(f"Ferry news.{sentence} lol no way\n\nmara_k\nsource??", date="2024-02-02")
    q = find(a, "the ferry would stop")
    assert q.text == "the ferry would stop" and q.cue.text == cue and q.speaker.name == "Ines Lund"
    assert not any(q.text.strip() in ("Ines Lund", "Mayor Ines Lund") for q in a.quotes)


def test_a_report_ending_in_according_to_is_not_lost():
    # Each reading held the other's cue ("warned ... , according to a statement"), and both were
    # dropped as nested: the minister's warning vanished.
    a = run("Talks end.The Borvian foreign minister also warned that Borvia would respond if the sanctions were "
            "tightened, according to a statement released later by his office.\n\ngulls_22\nsure he did",
            date="2024-02-02")
    q = find(a, "Borvia would respond if the sanctions were tightened")
    assert "according to" not in q.text and q.cue.text.lower() in ("according to", "warned")


def test_a_content_that_ends_on_a_quotation_keeps_both_its_marks():
    a = run('Talks end.Novak told reporters the talks had been "useful but hard", adding that Lantia would not '
            'lift its sanctions.\n\nmara_k\n"useful" lol', date="2024-02-02")
    q = find(a, "the talks had been")
    assert q.text == 'the talks had been "useful but hard"' and q.type == "mixed"


@pytest.mark.parametrize("sentence, content", [
    ("Dessen accused Lantia of stalling the talks.", "Lantia of stalling the talks"),
    ("Mayor Ines Lund blamed the delays on the weather.", "the delays on the weather"),
    ("Vos praised the protesters for staying calm.", "the protesters for staying calm"),
])
def test_what_an_object_is_accused_of_or_blamed_on_is_part_of_the_content(sentence, content):
    a = run(f"Talks end.{sentence} lol\n\ngulls_22\nas usual", date="2024-02-02")
    assert find(a, content.split()[0]).text == content


def test_a_reporting_adverb_with_nothing_reported_gives_no_quote():
    # With no content for "said", "reportedly" was read as a cue of its own: "Officials (D-Ore.)"
    # and "said nothing" came out as two quotes of nobody.
    a = run("Ferry news.Officials (D-Ore.) reportedly said nothing. Lund said the ferry would stop. lol",
            date="2024-02-02")
    assert [q.text for q in a.quotes] == ["the ferry would stop"]


def test_quotes_a_quoted_section_heading_is_nobodys_words():
    # A feature's section heading in quotation marks on a line of its own, between a speaker's
    # paragraph and the next: it is a title, not the speaker going on.
    a = run("The harbour has lost half its ferries since 2019.\n\n"
            "\"The port is failing. We need a plan by spring,\" said harbour chief Ola Vos.\n\n"
            "'No Easy Way Out For The Port.'\n\n"
            "Ten years ago, when Vos ran for mayor, the port was busy.")
    assert find(a, "The port is failing").speaker.name == "Ola Vos"
    assert not [q for q in a.quotes if "No Easy Way Out" in q.text]
    # a sentence somebody says in the same place is still theirs
    b = run("\"The port is failing,\" said harbour chief Ola Vos.\n\n\"We will need a new plan by the spring.\"")
    assert find(b, "We will need a new plan").speaker.name == "Ola Vos"


def test_quotes_a_connective_before_an_interrupting_cue_is_not_content():
    a = run("Yet, as Ola Vos observed, the ferry is still late every winter.")
    q = find(a, "the ferry is still late")
    assert q.cue.text == "observed"
    assert not [x for x in a.quotes if x.text.strip(" ,").lower() == "yet"]
    # the subject a cue interrupts is still part of what was said
    b = run("The fees, which Lund says are too high, will rise again.")
    assert [x.text for x in b.quotes if x.group == find(b, "are too high").group and x.text == "which"]


@pytest.mark.parametrize("text,content", [
    ("Harbour chief Ola Vos offered some pointed advice to the new mayor on Monday.", "some pointed advice to the new mayor"),
    ("Prosecutors charged two harbour developers with defrauding investors from 30 countries.",
     "two harbour developers with defrauding investors from 30 countries"),
    ("Mayor Kari Lund warned her supporters about the dangers of staying home.", "her supporters about the dangers of staying home"),
])
def test_quotes_a_content_a_preposition_splits_is_one_quote(text, content):
    # one stretch of text is one quote, not two pieces either side of "to" / "with" / "about"
    a = run(text)
    assert [q.text for q in a.quotes] == [content]


def test_quotes_pieces_are_not_joined_over_the_cue_or_a_quotation_mark():
    a = run("If the fund closes, Ola Vos suggested, the town will suffer.")
    assert {q.text for q in a.quotes} == {"If the fund closes", "the town will suffer"}
    b = run('Lund likened the new harbour rules to "burning the town charter."')
    assert find(b, "burning the town charter").text.startswith("burning the town charter")
    assert "the new harbour rules" not in find(b, "burning the town charter").text


@pytest.mark.parametrize("text,share", [
    ("About 4 in 10 say they want the next mayor to cut ferry fares.", "4 in 10"),
    ("Roughly 6 in 10 said the ferry was too slow.", "6 in 10"),
])
def test_quotes_a_polls_share_is_who_says_it(text, share):
    # the parser hangs "4 in 10" on the verb as a number with no subject
    q = run(text).quotes[0]
    assert q.speaker is not None and q.speaker.name == share


def test_quotes_a_name_set_off_before_the_cue_speaks_when_the_parser_hangs_it_on_a_newspaper():
    a = run("In a statement to the Gazette, her senior policy adviser, Jon Moen, said: "
            "“Kari Lund believes that the ferry is essential. She has always valued a strong port.”")
    assert find(a, "the ferry is essential").speaker.name == "Jon Moen"


def test_quotes_a_sentence_opening_on_a_participle_cue_goes_on_with_the_speaker_before():
    a = run('Later in the show, Ola Vos stated that the report "was not good." '
            'Adding, "Now, like with all harbour scandals, what they do is never that bad."')
    q = find(a, "never that bad")
    assert q.cue.text == "Adding" and q.speaker is not None and q.speaker.name == "Ola Vos"
    # a participle with a subject of its own keeps it
    b = run("Lund left the meeting early.\n\nNoting that the fares had doubled, the harbour board called for a review.")
    assert find(b, "the fares had doubled").speaker_mention.text == "the harbour board"


def test_quotes_what_a_relative_clause_called_something_is_the_name_not_the_speaker():
    a = run('The council voted on Monday to end the night ferry, a decision that opponents called "a betrayal of the islands".')
    q = find(a, "a betrayal of the islands")
    assert q.cue.text == "called" and q.speaker.name == "opponents"
    assert "called" not in q.text and "opponents" not in q.text


def test_quotes_a_clause_subject_parsed_as_the_cues_object_stays_in_the_content():
    a = run("In an open letter, 140 of them warned the merger would add weeks to waiting lists.")
    q = find(a, "would add weeks")
    assert q.text == "the merger would add weeks to waiting lists"
    assert q.speaker.name == "140 of them"
    # an addressee before a clause with a subject of its own stays out
    b = run("Lund told reporters the ferry would stop in winter.")
    assert find(b, "would stop").text == "the ferry would stop in winter"


def test_quotes_a_share_of_a_group_is_named_with_its_group():
    a = run("Two of the doctors warned that the merger would add weeks to waiting lists.")
    assert find(a, "would add weeks").speaker.name == "Two of the doctors"


def test_quotes_a_subject_that_denies_anyone_spoke_is_no_speaker():
    # "Neither man" is not the last man named; the official inside is still heard
    a = run("Lavrov and Blinken met in Geneva on Friday. Neither man mentioned the talks planned for next month, "
            'which a Turkish official said were "still on".')
    assert not [q for q in a.quotes if q.cue is not None and q.cue.text == "mentioned"]
    assert find(a, "still on").speaker.name == "a Turkish official"
    assert not run("Nobody said the ferry would stop in winter.").quotes


def test_quotes_a_that_before_a_verb_is_the_contents_subject():
    a = run("Vos said the ships had kept sailing.Blinken said that was thanks to Turkey, not Russia.")
    assert find(a, "thanks to Turkey").text == "that was thanks to Turkey, not Russia"
    assert find(a, "ships had kept sailing").text == "the ships had kept sailing"


def test_quotes_a_headline_is_not_read_by_the_learned_cues():
    # headline grammar: "delays" is the verb, not the subject of "vote"
    a = run("School board delays vote on later start times\n\n"
            "Board chair Denise Alvarez said the delay would give staff time to study bus costs.")
    assert [q.cue.text for q in a.quotes] == ["said"]
    # a headline's own report is still read by the rules
    b = run("Lund says ferry will stop in winter\n\nThe harbour board met on Monday.")
    assert find(b, "ferry will stop in winter").speaker.name == "Lund"


@pytest.mark.parametrize("cue", ["said", "confirmed"])
def test_quotes_a_speaker_the_parser_hangs_on_the_content_as_an_apposition(cue):
    a = run(f"Shipping lines have begun diverting vessels to Bergen, a spokesperson for the shipping association {cue}.")
    q = find(a, "diverting vessels")
    assert q.text == "Shipping lines have begun diverting vessels to Bergen"
    assert q.speaker_mention.text.startswith("a spokesperson")
