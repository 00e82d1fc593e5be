"""The relation scorer (enrich/pairs.py) and the annotated debate set it is trained on (data/debate/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run

from saidwhat.enrich import pairs
from saidwhat.eval.debate import evaluate_debate

ROOT = Path(__file__).resolve().parents[1]
DEBATE = ROOT / "data" / "debate"


def _pairs(text: str) -> set[tuple[str, str, str]]:
    a = run(text)
    names = {s.id: s.name.split()[-1] for s in a.speakers}
    return {(r.kind, names[r.source], names[r.target]) for r in a.relations if r.kind != "responds_to"}


def test_a_reply_that_calls_the_other_side_wrong_is_a_disagreement_without_a_cue_word():
    # No "rejected", "denied" or "disputed": the second speaker answers the first with words of
    # rebuttal ("misleading", "only half"), the first answers back. Nobody agrees.
    got = _pairs("date 2025-03-04 Harbour chief Olga Brandvik said on Monday that the new cranes had doubled "
                 "the port's traffic.\n\n"
                 "Dock workers' leader Tomasz Wielki said the figure was misleading. \"Half of those ships "
                 "only stopped to refuel,\" Wielki said.\n\n"
                 "Brandvik said Wielki had counted the wrong year.\n")
    assert ("disagrees", "Wielki", "Brandvik") in got
    assert ("disagrees", "Brandvik", "Wielki") in got
    assert not any(k == "agrees" for k, _, _ in got)


def test_a_negated_cue_and_a_third_speaker_on_another_matter_give_no_relation():
    got = _pairs("date 2025-03-04 Fisheries minister Rolf Amundsen announced a ban on cod fishing on Monday.\n\n"
                 "\"The stock has never been this low,\" Amundsen said.\n\n"
                 "Fishermen's leader Siri Dahle said she would not dispute the minister's figures. \"Nobody "
                 "here argues with the science,\" Dahle said.\n\n"
                 "The town's mayor, Pelle Roos, said the new ferry would start in May.\n")
    assert not any(k == "disagrees" for k, _, _ in got), got
    assert not any("Roos" in (s, t) for _, s, t in got), got


def test_an_endorsement_by_name_is_an_agreement_and_not_a_dispute():
    got = _pairs("date 2025-03-04 Councillor Ada Whitmore proposed a night bus to the hospital on Tuesday.\n\n"
                 "\"Nurses on late shifts have no way home,\" Whitmore said.\n\n"
                 "Councillor Jon Brask said he backed Whitmore's plan and would vote for it.\n")
    assert ("agrees", "Brask", "Whitmore") in got
    assert not any(k == "disagrees" for k, _, _ in got)


def test_a_body_is_never_a_side_of_a_relation():
    got = _pairs("date 2025-03-04 The Harlow city council rejected the stadium plan on Tuesday.\n\n"
                 "Councillor Ben Ashdown, who proposed it, said the council had thrown away two thousand jobs.\n\n"
                 "Councillor Julia Moss said the jobs figure was a fantasy.\n")
    assert not any("council" in (s.lower(), t.lower()) for _, s, t in got), got
    assert ("disagrees", "Moss", "Ashdown") in got


def test_the_shipped_model_matches_the_features_the_code_computes():
    model = json.loads((ROOT / "src/saidwhat/lang/en/relation_model.json").read_text(encoding="utf-8"))
    assert model["features"] == list(pairs.FEATURES)
    for kind in ("disagrees", "agrees"):
        assert set(model["weights"][kind]) == {"bias", *pairs.FEATURES}
        assert 0 < model["threshold"][kind] < 1


def test_the_annotated_set_is_built_from_its_text_files_and_checked():
    done = subprocess.run([sys.executable, str(ROOT / "scripts/build_debate_set.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    docs = [json.loads(x) for split in ("train", "dev") for x in (DEBATE / f"{split}.jsonl").open(encoding="utf-8")]
    assert len(docs) >= 80
    assert {d["split"] for d in docs} == {"train", "dev"}
    for d in docs:
        for ev in d["evidence"]:
            assert d["text"][ev["start"]:ev["start"] + len(ev["text"])] == ev["text"]


def test_an_annotation_whose_evidence_is_not_in_the_text_is_refused_with_the_document_named(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_debate_set as build
    finally:
        sys.path.pop(0)
    bad = tmp_path / "bad.txt"
    bad.write_text("### bad-doc | 2024-01-01 | trial | dev\nLund said the plan was wrong.\n\nBerg said so too.\n"
                   "@@\ndisagrees Lund > Berg : Lund rejected it\n", encoding="utf-8")
    try:
        build.parse(bad)
    except build.AnnotationError as e:
        assert "bad-doc" in str(e) and "evidence" in str(e)
    else:
        raise AssertionError("a wrong evidence line was accepted")


def test_disagreements_on_the_dev_split_are_found_with_their_direction():
    # The dev split was written before the scorer was trained and is never trained on; the issue's
    # bar for held-out data is directed F1 70 for disagreements and 60 for agreements.
    s = evaluate_debate(DEBATE / "dev.jsonl").summary()
    assert s["relations"]["disagrees"]["directed"]["f1"] >= 70
    assert s["relations"]["agrees"]["directed"]["f1"] >= 60
    assert s["stance"]["accuracy"] >= 70
    assert s["incivility"]["span_precision"] == 100.0  # no name or handle is flagged ("Maxi", "Dick Lowe")


def test_a_cue_whose_subject_is_another_person_is_not_the_speakers_on_a_scraped_page():
    # Glued sentences ("published.Solvang"), a handle line, no comment heading: the councillor's
    # "backed Achterberg" sits in the sentence before the director's quote, and must not make the
    # director agree with the man she answers; her "denied" is the dispute.
    got = _pairs("date 2025-06-03 Talks collapsed on Tuesday.Port director Ingrid Solvang said the union's "
                 "demand would bankrupt the port.The union's leader, Tomas Achterberg, said the director was "
                 "hiding the port's real profits.\n"
                 "Solvang denied that any bonuses had been paid to managers.\n"
                 "Harbour councillor Mette Lind backed Achterberg and called for the accounts to be "
                 "published.Solvang said they would be published in March.\n"
                 "dockhand_77\nAchterberg is right, everyone knows about the bonuses.\n")
    assert ("disagrees", "Solvang", "Achterberg") in got
    assert not any(k == "agrees" and s == "Solvang" for k, s, _ in got), got
