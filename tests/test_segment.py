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
    assert [c.author for c in comments] == ["river_watch-88", "maxi"]
    assert not any(q.text.startswith("Novak is right") for q in a.quotes)
    assert speaker_of(a, "nobody had been consulted") == "Petra Novak"
