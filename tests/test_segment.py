from __future__ import annotations

from conftest import run, speaker_of
from saidwhat.ingest import document_from_text
from saidwhat.segment import split_segments

ARTICLE = "The council met on Monday.\n\n\"We will decide soon,\" the mayor said.\n\n"


def segs(text):
    doc = document_from_text(text, doc_id="t")
    return [(s.kind, text[s.start:s.end], s.author, s.reply_to) for s in split_segments(doc)]


def test_segment_article_only():
    assert segs(ARTICLE) == [("article", ARTICLE.strip(), None, None)]


def test_segment_header_then_handles_on_their_own_lines():
    text = ARTICLE + "Comments\n\nold_timer42\nThe mayor never decides anything.\n\nMaxi\nThis time she might.\n"
    out = segs(text)
    assert out[0][0] == "article" and "Comments" not in out[0][1]
    assert out[1:] == [
        ("comment", "The mayor never decides anything.", "old_timer42", None),
        ("comment", "This time she might.", "Maxi", None),
    ]


def test_segment_handle_starts_comments_without_a_header():
    text = ARTICLE + "@river_fan\nAnother empty promise.\n"
    out = segs(text)
    assert [o[0] for o in out] == ["article", "comment"]
    assert out[1][2] == "river_fan"


def test_segment_run_together_comments_split_where_the_voice_changes():
    text = ARTICLE + "Comments\n\nThe mayor is stalling again. Maxi, I would like to see your numbers first.\n"
    out = segs(text)
    assert [o[1] for o in out[1:]] == ["The mayor is stalling again.", "Maxi, I would like to see your numbers first."]
    assert out[2][3] == "Maxi"


def test_segment_reply_to_known_author_and_at_mention():
    text = ARTICLE + "Comments\n\nold_timer42\nShe said the same last year.\n\nold_timer42, you are too cynical.\n\n@old_timer42 agreed.\n"
    out = segs(text)
    assert out[2][3] == "old_timer42"
    assert out[3][3] == "old_timer42"


def test_segment_inline_handle_with_wrote():
    text = ARTICLE + "Comments\n\nanna wrote: Both of them are right.\n"
    out = segs(text)
    assert out[1] == ("comment", "Both of them are right.", "anna", None)


def test_segment_interjection_is_not_an_author_or_addressee():
    text = ARTICLE + "Comments\n\nWell, I think the mayor is right.\n"
    out = segs(text)
    assert out[1][2] is None and out[1][3] is None


def test_segment_scraped_page_runs_into_comments_signed_by_machine_made_handles():
    # No "Comments" heading: the article's last line runs on into a reader's words, then a handle
    # like "river_watch-88" stands alone. The comments are found, with their authors, and no
    # reader's words are given to the officials.
    text = ("Foreign Minister Anton Brezko and his Lantian counterpart Petra Novak met in Vienna.\n\n"
            '"We came to listen," Brezko said.The talks lasted four hours. Novak told reporters that her '
            "government wanted a deal. She added that nobody had been consulted.\n\n"
            "The ministers meet again in May, the ministry said.I think this is all talk.. seriously\n"
            "river_watch-88\nNovak is right, Brezko said the same thing last year!! Brezko is a clown.\n"
            "maxi\nriver_watch-88, I agree. Who believes these people anyway? lol\n")
    a = run(text)
    comments = [s for s in a.segments if s.kind == "comment"]
    # the reader's words glued to the article's last sentence are the first, unsigned comment
    assert [c.author for c in comments] == [None, "river_watch-88", "maxi"]
    assert text[comments[0].start:comments[0].end] == "I think this is all talk.. seriously"
    assert a.text[a.segments[0].start:a.segments[0].end].endswith("the ministry said.")
    assert not any(q.text.startswith("Novak is right") for q in a.quotes)
    assert speaker_of(a, "nobody had been consulted") == "Petra Novak"


def test_segment_an_unsigned_reader_under_the_article_and_readers_words_never_quotes_of_officials():
    text = ('Foreign ministers met in Orlan on Wednesday. "The border stays open," Velorian Foreign Minister '
            "Anton Brezko told reporters. Secretary of State Helena Varga said the talks had been useful.\n"
            "Varga added that a new round would start in June.\n"
            "i dont buy any of it, nothing happened last time!! Brezko was just repeating talking points. why do "
            "we even bother?\n"
            "gravel-77\n"
            'Varga is right for once. Brezko said "The border stays open" and the next day they closed it.\n'
            "mo\n"
            "gravel-77, I agree. Honestly who writes this stuff. ok rant over.\n")
    a = run(text)
    comments = [s for s in a.segments if s.kind == "comment"]
    assert [c.author for c in comments] == [None, "gravel-77", "mo"]
    assert text[comments[0].start:comments[0].end].startswith("i dont buy any of it")
    assert comments[2].reply_to == "gravel-77"
    assert speaker_of(a, "a new round would start in June") == "Helena Varga"  # the article keeps its last line
    in_comments = [q for q in a.quotes if a.segments[q.segment].kind == "comment"]
    assert not any("talking points" in q.text for q in a.quotes)  # a reader's words, not Brezko's
    back = [q for q in in_comments if "border stays open" in q.text]
    assert back and all(q.requote_of is not None for q in back)  # the article quoted back


# -- page layouts (issue 13) -------------------------------------------------------------------

def test_segment_blogger_said_lines_keep_the_posted_by_line_in_the_article():
    text = ("Ferry fares rise in May\n\nThe ferry company will raise fares by ten percent, its director said.\n\n"
            "Posted by Island Notes at 9:12 AM\n\n2 comments:\n\nMaren Holt said...\n\nTen percent for the same "
            "rusty boat.\n\nThe timetable has not changed either.\n\nkestrel_77 said...\n\nMaren, it is the fuel.\n")
    out = segs(text)
    assert out[0][0] == "article" and out[0][1].endswith("Posted by Island Notes at 9:12 AM")
    assert out[1:] == [
        ("comment", "Ten percent for the same rusty boat.\n\nThe timetable has not changed either.", "Maren Holt", None),
        ("comment", "Maren, it is the fuel.", "kestrel_77", "Maren"),
    ]


def test_segment_numbered_says_lines_with_reply_buttons_and_signatures():
    text = ("Library hours cut\n\nThe library will close on Wednesdays.\n\n"
            "  1. Tomas R. says:\n\n     Heating for a building nobody can enter.\n\n     Reply\n"
            "  2. Good call by quietwire · · Score: 4, Insightful\n\n     Paper cannot be patched remotely.\n\n"
            "     --\n     my other sig is a haiku\n")
    out = segs(text)
    assert out[1:] == [
        ("comment", "Heating for a building nobody can enter.", "Tomas R.", None),
        ("comment", "Paper cannot be patched remotely.", "quietwire", None),
    ]


def test_segment_a_numbered_list_running_to_the_end_is_the_comments_one_inside_the_article_is_not():
    listed = ("Market moves to Saturdays\n\nThe town agreed to the traders' request.\n\n"
              "  1. Saturday is better, but the parking is a disaster.\n\n  2. Finally.\n\n     Bring back the cheese van.\n")
    out = segs(listed)
    assert [o[1] for o in out[1:]] == ["Saturday is better, but the parking is a disaster.",
                                      "Finally.\n\n     Bring back the cheese van."]
    inside = ("The council listed its priorities:\n\n  1. Repair the harbour wall.\n  2. Reopen the library.\n\n"
              "The mayor said the list would be reviewed in September.\n")
    assert [o[0] for o in segs(inside)] == ["article"]


def test_segment_a_colon_quote_in_the_article_is_not_a_comment_author():
    text = ("Trump answered with Chicago.\n\nHe said:\n\n\"We have a situation in our inner cities.\"\n\n"
            "Clinton said:\n\n\"That is not true.\"\n")
    assert [o[0] for o in segs(text)] == ["article"]


def test_segment_eval_on_our_comment_page_layouts():
    """`saidwhat eval --task segments` on tests/data/segments_gold.jsonl (pages written for the
    project in eleven layouts; rebuilt by scripts/build_segments_gold.py)."""
    import json
    from pathlib import Path

    from click.testing import CliRunner
    from saidwhat.cli import main

    gold = Path(__file__).parent / "data" / "segments_gold.jsonl"
    r = CliRunner().invoke(main, ["eval", "--task", "segments", str(gold), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["sections_found"]["of"] >= 10 and s["sections_found"]["found"] == s["sections_found"]["of"]
    assert s["boundary"]["right"] >= s["boundary"]["of"] - 1
    assert s["comments"]["f1"] >= 90 and s["authors"]["accuracy"] >= 90


def test_segment_readers_after_the_share_links_with_no_heading_and_no_handles():
    text = ("The council voted to close the pool.\n\nThe mayor said the building was too costly to heat.\n"
            "Share this:\n- Share on Facebook (Opens in new window) Facebook\n- Email a link to a friend\n- More\n\n\n"
            "I swam there every week for twenty years and nobody asked me about any of this.\n\n"
            "You could heat it with the money spent on the new signs, honestly.\n")
    out = segs(text)
    assert out[0][0] == "article" and out[0][1].endswith("- More")
    assert [o[0] for o in out[1:]] == ["comment", "comment"]
    assert out[1][1].startswith("I swam there")


def test_segment_an_article_line_naming_a_reporter_before_a_quotation_is_not_a_comment():
    text = ("It was reported live that evening.\n\nReporter Jomana Salih says:\n\n"
            "\"Well, according to an eyewitness, the situation there is a front line.\"\n\nThe report was confirmed later.\n")
    assert [o[0] for o in segs(text)] == ["article"]


def test_segment_replies_from_threading_and_from_names_addressed():
    text = ("Ballots\n\nThe council kept paper ballots.\n\n12 of 40 comments (clear)\n\n"
            "  1. Good call by quietwire · · Score: 4, Insightful\n\n     Paper cannot be patched remotely.\n\n"
            "     1. Re:Good call by Lena_K · · Score: 2, Funny\n\n        Paper can be patched with a pencil.\n\n"
            "  2. Cost? by oldterm · · Score: 3\n\n     Hi quietwire, counting by hand costs more.\n\n"
            "  3. Meh by anon_77 · · Score: 1\n\n     Nobody asked the counters, Martha.\n")
    out = segs(text)
    replies = {o[2]: o[3] for o in out[1:]}
    assert replies == {"quietwire": None, "Lena_K": "quietwire", "oldterm": "quietwire", "anon_77": "Martha"}


def test_segment_comments_signed_after_and_a_writer_quoted_with_writes():
    signed = ("We asked our followers about the stadium vote.\n\nForty million and the pool is still closed.\n\n"
              "@harbour_dad.\n\nGood. The old one was falling apart.\n\n@kestrel_fan22.\n\n"
              "Follow @CityDesk on Twitter for more of your views.\n")
    out = segs(signed)
    assert out[0][1] == "We asked our followers about the stadium vote."
    assert [(o[1], o[2]) for o in out[1:]] == [("Forty million and the pool is still closed.", "harbour_dad"),
                                              ("Good. The old one was falling apart.", "kestrel_fan22")]
    writer = ("The film leaves out the president, the columnist Hugh Hewitt notes.\n\nHewitt writes:\n\n"
              "The movie mentions neither the president nor the secretary of state by name.\n")
    assert [o[0] for o in segs(writer)] == ["article"]


def test_segment_author_lines_after_each_comment_with_the_next_run_on():
    text = ("The editors resigned on Friday.\n3 Comments so far\nLeave a comment\n"
            "I heard the order came from the owner himself.\n"
            "Comment by Anne 10.25.24 @ 11:31 pmWe will see if it makes a difference.\n"
            "Comment by Sharon Stanger 10.26.24 @ 5:36 pmI had never read that paper before.\n"
            "Comment by ccr in MA 10.28.24 @ 7:32 am")
    out = segs(text)
    assert [(o[1], o[2]) for o in out[1:]] == [("I heard the order came from the owner himself.", "Anne"),
                                              ("We will see if it makes a difference.", "Sharon Stanger"),
                                              ("I had never read that paper before.", "ccr in MA")]


def test_segment_a_long_comment_section_keeps_every_author_and_reply():
    """Thousands of commenters, each answering one far above: every reply is found by the
    commenters' index (the cost is measured by bench/comments.py)."""
    parts = ["The council met on Monday.\n\nComments\n"]
    for k in range(3000):
        parts.append(f"\nuser_{k}\nHi user_{k // 3}, the pool matters to the kids here.\n")
    out = segs("".join(parts))
    comments = out[1:]
    assert len(comments) == 3000
    assert all(c[2] == f"user_{k}" and c[3] == f"user_{k // 3}" for k, c in enumerate(comments))


def test_segment_the_last_comment_under_a_handle_is_never_taken_for_page_furniture():
    text = ("The ministers met in Vienna on Tuesday. Novak said talks would resume in May.\n"
            "I honestly think both of them are clowns!! nothing ever changes\n"
            "grey_owl-7\n"
            "Novak is right tho. Dessen talks like a child.\n")
    out = segs(text)
    assert [(o[1], o[2]) for o in out[1:]] == [
        ("I honestly think both of them are clowns!! nothing ever changes", None),
        ("Novak is right tho. Dessen talks like a child.", "grey_owl-7")]


def test_a_readers_tail_glued_to_the_articles_last_line_takes_only_the_readers_words():
    # The last article line runs into a reader's words with no break, and the reader's handle
    # comes after: only "I think they are both lying lol" is the reader's. The minister's answer
    # before it ("Trust is earned") stays hers, in the article.
    text = ('Foreign Minister Helena Varga met her counterpart Anton Brezko on Tuesday.\n'
            'Varga rejected his account. Asked whether she trusted Brezko, she paused. "Trust is earned," '
            'she said.Officials expect another round in May.I think they are both lying lol\n'
            'riverwatch_88\nBrezko is just repeating talking points as usual.\n')
    a = run(text)
    trust = next(q for q in a.quotes if "Trust is earned" in q.text)
    assert a.segments[trust.segment].kind == "article" and trust.speaker.name == "Helena Varga"
    reader = next(s for s in a.segments if s.kind == "comment" and "lying lol" in text[s.start:s.end])
    assert text[reader.start:reader.end].startswith("I think")


def test_segment_a_comments_heading_with_its_count_and_a_handle_mid_line():
    # "Comments (3)" opens the section; a second reader's "karin_h:" follows the first reader's
    # words on the same line with no full stop between them
    text = ("The minister said the plan was sound.\n"
            "Comments (3)\n"
            "the old hospital is falling apart anyway  karin_h: \"the plan was sound\" lol whose plan?? ask the doctors\n")
    out = segs(text)
    assert out[0] == ("article", "The minister said the plan was sound.", None, None)
    assert [(k, a) for k, _t, a, _r in out[1:]] == [("comment", None), ("comment", "karin_h")]
    assert out[2][1].startswith('"the plan was sound" lol')
    # a time of day or a count is no handle
    text2 = ARTICLE + "Comments: 12\n\nold_timer42\nThe vote is at 10: 30 tomorrow, see you there.\n"
    assert [(k, a) for k, _t, a, _r in segs(text2)[1:]] == [("comment", "old_timer42")]


def test_segment_a_readers_words_glued_to_the_last_paragraph_with_no_heading_or_handle():
    text = ("The board will vote on later start times.\n\n"
            "Superintendent Mark Okafor said the change would cost $2 million a year. "
            "The board meets again on March 3. my kids get up at 5:45 its insane. "
            "Okafor said it costs 2 million?? then cut the admin salaries\n"
            "why does nobody ask the students\n")
    out = segs(text)
    assert out[0][0] == "article" and out[0][1].endswith("meets again on March 3.")
    assert [k for k, *_ in out[1:]] == ["comment", "comment"] and out[1][1].startswith("my kids get up")
    # the analyzer no longer gives the reader's words to the superintendent as an article quote
    a = run(text)
    assert [(q.segment, q.text) for q in a.quotes] == [(0, "the change would cost $2 million a year")]
    # a lower-case word after an abbreviation, or inside a quotation, starts nothing
    quoted = ('The board met.\n\n"We could keep the money spent on stadiums, etc. and spend it on '
              'our own kids instead," one parent wrote.\n')
    assert [k for k, *_ in segs(quoted)] == ["article"]


def test_segment_a_handle_glued_to_its_comment():
    text = ARTICLE + ("Comments\n\n"
                      "Per_Olsen Falk is right, the old hospital is falling apart anyway\n\n"
                      "gulls_22 Novak is right too\n\n"
                      "nobody here has read the budget\n")
    out = segs(text)
    assert [(t, a) for _k, t, a, _r in out[1:3]] == [
        ("Falk is right, the old hospital is falling apart anyway", "Per_Olsen"),
        ("Novak is right too", "gulls_22"),
    ]
    assert out[3][1:3] == ("nobody here has read the budget", None)  # no underscore, no handle
