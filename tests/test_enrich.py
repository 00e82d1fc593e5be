"""The debate map and the readers' reaction (issue grouping, relations, dates, stances, incivility),
on documents written for these tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import assert_offsets, find, run

from saidwhat.cli import main
from saidwhat.enrich.dates import normalise

PRESS = """date 2016-09-07
Grand Duke's Chancellor Mirela Stoyan and Kelvaran Foreign Minister Bastian Roe met on Wednesday in Tarn for talks on the shared power grid and on fishing rights in the Vell estuary.

Stoyan said the grid link would be finished by the end of next year. "Every household on both banks will have cheaper power," she said.

Roe disagreed. "The grid link has no money behind it, and the contract for the cables has not even been signed," he told reporters.

On the estuary, Stoyan said the fishing rights would be shared equally. "Our boats and their boats will fish the estuary side by side," she said.

Roe insisted that Kelvaran boats had fished the estuary alone for a century. "Sharing the estuary is out of the question," he said.

The two ministers will meet again on September 21, and a joint commission will report in three months.
"""

STORY = """date 2019-11-04
The hospital board of Lindham met on Monday to decide the future of the maternity ward and the new car park.

Board chair Henrik Vass said the maternity ward would stay open. "Mothers in Lindham will not have to drive ninety minutes to give birth," Vass said.

Dr Amelia Kross, the head of obstetrics, agreed with Vass. "Closing the ward would put lives at risk," she said.

Finance director Oskar Brun said the car park would cost two million. "The car park pays for itself within five years through parking fees," Brun said.

Nurse Pia Holm, who speaks for the staff union, said the parking fees were already too high for night staff. "Nurses should not pay to park at their own hospital," Holm said.
"""

COMMENTS = """date 2016-09-08
Minister Rolf Haber defended the new curfew on Thursday. "The curfew will make the old town safe again," Haber said.

The opposition leader, Sina Park, rejected the curfew. "A curfew punishes every young person for what a few did," Park said.

Comments

nightowl
Park is right. My kids have done nothing wrong.

grey_fox
"The curfew will make the old town safe again" - we have heard that before, Haber.

nightowl
@grey_fox exactly, the last curfew changed nothing.

brick_layer
Haber is an idiot and his voters are sheep.

mira_s
Thank you Haber, finally someone cares about the old town.
"""


@pytest.fixture(scope="module")
def press():
    return run(PRESS, doc_id="press")


@pytest.fixture(scope="module")
def story():
    return run(STORY, doc_id="story")


@pytest.fixture(scope="module")
def comments():
    return run(COMMENTS, doc_id="comments")


def _issue(a, fragment):
    return find(a, fragment).issue


def test_enrich_issue_grouping_keeps_the_two_topics_apart(press):
    grid = _issue(press, "cheaper power")
    assert grid is not None
    assert _issue(press, "no money behind it") == grid
    estuary = _issue(press, "side by side")
    assert estuary == _issue(press, "out of the question")
    assert estuary != grid
    labels = {i.id: i.label for i in press.issues}
    assert "grid" in labels[grid].lower() and "estuary" in labels[estuary].lower()


def test_enrich_explicit_disagreement_links_the_two_speakers(press):
    names = {s.id: s.name for s in press.speakers}
    pairs = {(names[r.source], names[r.target]) for r in press.relations if r.kind == "disagrees"}
    assert ("Bastian Roe", "Mirela Stoyan") in pairs
    rel = next(r for r in press.relations if r.kind == "disagrees" and names[r.source] == "Bastian Roe")
    assert rel.evidence is not None and rel.evidence.text == "disagreed"
    # a position per speaker on each issue they spoke on
    grid = _issue(press, "cheaper power")
    speakers = {names[p.speaker] for p in press.positions if p.issue == grid}
    assert speakers == {"Mirela Stoyan", "Bastian Roe"}


def test_enrich_dates_are_normalised_against_the_document_date(press):
    by_text = {d.text: d for d in press.dates}
    assert by_text["Wednesday"].value == "2016-09-07"
    assert by_text["September 21"].value == "2016-09-21"
    assert by_text["the end of next year"].value == "2017" and by_text["the end of next year"].modifier == "end"
    assert by_text["three months"].value == "P3M" and by_text["three months"].granularity == "duration"
    events = {e.date: e for e in press.events}
    assert "2016-09-21" in events and "meet" in events["2016-09-21"].label
    assert_offsets(press)
    for d in press.dates:
        assert press.text[d.start:d.end] == d.text


@pytest.mark.parametrize("text,base,tense,value,granularity", [
    ("On April 14", "2017-04-12", "past", "2017-04-14", "day"),
    ("three days ago", "2017-04-12", "past", "2017-04-09", "day"),
    ("last Tuesday", "2017-04-12", "past", "2017-04-11", "day"),
    ("Friday", "2017-04-12", "past", "2017-04-07", "day"),
    ("Friday", "2017-04-12", "future", "2017-04-14", "day"),
    ("since 2011", "2017-04-12", "past", "2011", "year"),
    ("next week", "2017-04-12", "future", "2017-W16", "week"),
    ("March", "2017-04-12", "future", "2018-03", "month"),
    ("March", "2017-04-12", "past", "2017-03", "month"),
    ("the 1990s", "2017-04-12", "past", "199X", "decade"),
    ("two decades", "2017-04-12", "past", "P20Y", "duration"),
    ("January 5", "2017-12-20", "future", "2018-01-05", "day"),
])
def test_enrich_normalise_dates(text, base, tense, value, granularity):
    got = normalise(text, dt.date.fromisoformat(base), tense=tense)
    assert got[0] == value and got[1] == granularity


def test_enrich_relative_dates_stay_open_without_a_document_date():
    assert normalise("last Tuesday", None)[0] is None
    assert normalise("2011", None)[0] == "2011"


def test_enrich_multi_speaker_story(story):
    names = {s.id: s.name for s in story.speakers}
    ward = _issue(story, "give birth")
    assert _issue(story, "put lives at risk") == ward
    park = _issue(story, "pays for itself")
    assert _issue(story, "pay to park") == park and park != ward
    agree = {(names[r.source], names[r.target]) for r in story.relations if r.kind == "agrees"}
    assert ("Amelia Kross", "Henrik Vass") in agree
    assert len({p.speaker for p in story.positions}) == 4


def test_enrich_reader_stances_incivility_and_replies(comments):
    names = {s.id: s.name for s in comments.speakers}
    by_author = {}
    for r in comments.reactions:
        by_author.setdefault(r.author, []).append(r)
    first = by_author["nightowl"][0]
    assert {names[s.speaker]: s.stance for s in first.stances} == {"Sina Park": "support"}
    uncivil = by_author["brick_layer"][0]
    assert {names[s.speaker]: s.stance for s in uncivil.stances}["Rolf Haber"] == "oppose"
    assert sorted(i.text for i in uncivil.incivility) == ["idiot", "sheep"]
    for i in uncivil.incivility:
        assert comments.text[i.start:i.end] == i.text
    thanks = by_author["mira_s"][0]
    assert {names[s.speaker]: s.stance for s in thanks.stances}["Rolf Haber"] == "support"
    assert not first.incivility and not thanks.incivility
    # the reply graph: nightowl's second comment answers grey_fox's comment
    reply = by_author["nightowl"][1]
    assert comments.segments[reply.reply_to_segment].author == "grey_fox"
    assert comments.readers is not None and comments.readers.uncivil == 1
    assert comments.readers.incivility_rate == pytest.approx(1 / 5, abs=0.01)


def test_enrich_quote_back_is_credited_and_marked_as_a_requote(comments):
    names = {s.id: s.name for s in comments.speakers}
    grey = next(r for r in comments.reactions if r.author == "grey_fox")
    assert len(grey.quotebacks) == 1
    back = grey.quotebacks[0]
    assert names[back.speaker] == "Rolf Haber"
    assert comments.text[back.article_start:back.article_end] == "The curfew will make the old town safe again"
    requote = [q for q in comments.quotes if q.requote_of is not None]
    assert len(requote) == 1 and requote[0].speaker.name == "Rolf Haber"
    assert comments.segments[requote[0].segment].author == "grey_fox"
    assert comments.readers.most_quoted[0].text == "The curfew will make the old town safe again"


def test_enrich_report_and_html_show_the_debate_and_readers(tmp_path):
    src = tmp_path / "curfew.txt"
    src.write_text(COMMENTS, encoding="utf-8")
    out = tmp_path / "curfew.html"
    r = CliRunner().invoke(main, ["analyze", str(src), "--html", str(out)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Debate map" in r.output and "Readers" in r.output and "insult: idiot" in r.output
    html = out.read_text(encoding="utf-8")
    assert "<table class='map'>" in html and "class='bar'" in html
    assert "<mark class='uncivil' title='uncivil'>idiot</mark>" in html


def test_enrich_json_is_schema_v2_and_validates(tmp_path):
    import jsonschema
    from importlib import resources

    schema = json.loads(resources.files("saidwhat.output").joinpath("schema.json").read_text())
    src = tmp_path / "press.txt"
    src.write_text(PRESS + "\nComments\n\nreader1\nRoe is right, the cables are not even ordered.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["analyze", str(src), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    jsonschema.validate(out, schema)
    assert out["schema"] == "saidwhat/2"
    assert out["issues"] and out["relations"] and out["dates"] and out["reactions"]


def test_enrich_eval_debate_reports_the_annotated_figures():
    gold = Path(__file__).parent / "data" / "debate_gold.jsonl"
    r = CliRunner().invoke(main, ["eval", "--task", "debate", str(gold), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["documents"] == 6 and s["stance"]["pairs"] == 30
    # floors, below the figures measured when this was written (README, accuracy section)
    assert s["stance"]["accuracy"] >= 80
    assert s["incivility"]["span_recall"] >= 80 and s["incivility"]["span_precision"] >= 80
    assert s["dates"]["accuracy"] >= 85
    assert s["relations"]["disagrees"]["recall"] >= 70


def test_incivility_never_fires_on_a_name_or_a_handle():
    # Readers named after words on the profanity list are still people, addressed by name; the
    # same word aimed at someone is still uncivil.
    text = ('date 2017-04-12 Mayor Ellen Park said the harbour tax would rise next year.\n\n'
            '"We have no choice," Park said.\n\nComments\n\nmaxi\nThe tax is fair enough.\n\n'
            'river_watch\nMaxi, I disagree. Park is a clown.\n\n'
            'dick_tracy\nMaxi is right, Dick here agrees. Park is a dick though.\n')
    a = run(text)
    flagged = {(r.author, i.text, i.kind) for r in a.reactions for i in r.incivility}
    assert ("river_watch", "Maxi", "vulgarity") not in flagged
    assert ("dick_tracy", "Maxi", "vulgarity") not in flagged
    assert ("dick_tracy", "Dick", "vulgarity") not in flagged
    assert ("river_watch", "clown", "insult") in flagged
    assert ("dick_tracy", "dick", "vulgarity") in flagged


def test_relations_a_denied_dismissal_is_no_dispute():
    # "would not dismiss" and "nobody can reject" deny the dispute; "rejected X's timetable" is one.
    text = ('date 2019-05-02 Senator Ada Holm and Governor Piet Vance clashed over the dam on Tuesday.\n\n'
            '"The dam must be rebuilt this year," Vance said.\n\n'
            '"I would not dismiss the idea," Holm said of the plan. "We should study it first."\n\n'
            '"Nobody can reject the science," Vance added.\n\n'
            'Holm rejected Vance\'s timetable. "A year is far too short," she said.\n')
    a = run(text)
    ids = {s.name: s.id for s in a.speakers}
    disputes = {(r.source, r.target, r.reason) for r in a.relations if r.kind == "disagrees"}
    assert (ids["Ada Holm"], ids["Piet Vance"], "cue: rejected") in disputes
    assert not any(reason in ("cue: dismiss", "cue: reject") for _, _, reason in disputes)


def test_readers_side_from_the_framing_of_a_quote_back_and_a_pronoun_sentence():
    # "As X rightly said, '...'. She is right." takes X's side; "He is a disgrace" opposes the
    # one speaker the comment just named.
    text = ('date 2019-05-02 Defence Minister Lena Stark and Finance Minister Olav Brun argued over the budget.\n\n'
            '"The peace dividend will pay for the new schools," Brun said.\n\n'
            'Stark dismissed Brun\'s talk of a peace dividend. "There is no such thing while the border is '
            'tense," she said.\n\nComments\n\nharbour_cat\nAs Stark rightly said, "there is no such thing while '
            'the border is tense". She is right.\n\ngull_eye\nBrun explained the plan well. He is a disgrace though.\n')
    a = run(text)
    names = {s.id: s.name for s in a.speakers}
    sides = {(r.author, names[s.speaker]): s.stance for r in a.reactions for s in r.stances}
    assert sides[("harbour_cat", "Lena Stark")] == "support"
    assert sides[("gull_eye", "Olav Brun")] == "oppose"


def test_enrich_reader_stances_on_a_scraped_page_with_mockery_and_quotes():
    """"has no clue" opposes; quoting one speaker while backing the other is no support for the
    quoted one ("as well" is no praise); "lol" after an insult is mockery, not warmth."""
    text = ('Harbour Minister Lotte Quanz and union leader Ruben Ekdahl clashed on Friday. The cranes were "too old '
            'to run around the clock," Quanz said. "The cranes are fine," Ekdahl told reporters.\n'
            "i cant believe this again!! Quanz has no clue what she is talking about. who pays for all this??\n"
            "dock_rat-21\n"
            'Ekdahl is right, Quanz said "too old to run around the clock" last year as well.\n'
            "gulls\n"
            "dock_rat-21, I agree. the minister is a clown lol\n")
    a = run(text)
    names = {s.id: s.name for s in a.speakers}
    got = [{names[s.speaker]: s.stance for s in r.stances} for r in a.reactions]
    assert got == [{"Lotte Quanz": "oppose"},
                   {"Ruben Ekdahl": "support", "Lotte Quanz": "neutral"},
                   {"Lotte Quanz": "oppose"}]


def test_a_noun_cue_is_aimed_only_at_whom_its_phrase_names():
    # "backing the mayor" is agreement with the mayor; "had strong support" names nobody, so it is
    # no agreement with the councillor who attacked the project.
    a = run("date 2024-05-02 Mayor Ines Lund defended the tram line.\n"
            "\"The tram will pay for itself,\" Lund said.\n"
            "Councillor Paul Ridge attacked the project. \"It is a waste of money,\" Ridge said.\n"
            "Councillor Mira Holt, backing the mayor, said the tram had strong support.\n"
            "A committee said the tram was a mistake.\n")
    names = {s.id: s.name for s in a.speakers}
    pairs = {(r.kind, names[r.source], names[r.target]) for r in a.relations}
    assert ("disagrees", "Paul Ridge", "Ines Lund") in pairs
    assert ("agrees", "Mira Holt", "Ines Lund") in pairs
    assert not any(k == "agrees" and t == "Paul Ridge" for k, _, t in pairs)
    # a speaker no name explains ("A committee") is never a side of a relation
    assert not any("A committee" in (s, t) for _, s, t in pairs)


def test_what_a_speaker_says_of_another_is_a_relation_without_a_cue_word():
    # No "rejected" or "disputed": the union leader's own words say the minister is not telling
    # the truth, and the minister says the union leader is wrong. Naming someone without a side
    # ("as the minister knows") is no relation.
    a = run("date 2021-02-10 Harbour minister Lars Eklund said the union had been offered a fair deal.\n\n"
            "Union leader Maja Berglund said the minister was not telling the truth about the offer.\n\n"
            "Eklund said Berglund was wrong about night pay.\n\n"
            "Port director Ola Strand said the ships would wait, as the minister knows.\n")
    names = {s.id: s.name.split()[-1] for s in a.speakers}
    pairs = {(r.kind, names[r.source], names[r.target]) for r in a.relations if r.kind != "responds_to"}
    assert ("disagrees", "Berglund", "Eklund") in pairs and ("disagrees", "Eklund", "Berglund") in pairs
    assert not any(s == "Strand" for _, s, _ in pairs)
