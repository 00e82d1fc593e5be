"""Speaker resolution: names, pronouns, descriptions, roles and context."""

from __future__ import annotations

import pytest

from conftest import find, run, speaker_of

PRESS = """Lantia's Foreign Minister Petra Novak met Borvia's Interior Minister Karl Dessen in Vienna on Tuesday.

"We came here to listen," Novak said. She added that her government wanted a deal before winter.

Dessen disagreed with that timetable. "Winter is too soon," he told reporters.

The Lantian foreign minister insisted that the deadline would not move.

"Our position is clear. We will not wait another year."

The 61-year-old Dessen said he would consult his cabinet.
"""


def test_speakers_full_name_and_surname_merge():
    a = run(PRESS)
    novak = [s for s in a.speakers if s.name == "Petra Novak"]
    assert len(novak) == 1
    assert "Novak" in novak[0].aliases


def test_speakers_pronouns_resolve_to_the_right_person():
    a = run(PRESS)
    assert speaker_of(a, "her government wanted a deal") == "Petra Novak"
    assert speaker_of(a, "Winter is too soon") == "Karl Dessen"
    assert find(a, "Winter is too soon").speaker_mention.text == "he"


def test_speakers_description_resolves_to_the_person_with_that_role():
    a = run(PRESS)
    assert speaker_of(a, "the deadline would not move") == "Petra Novak"
    novak = next(s for s in a.speakers if s.name == "Petra Novak")
    assert novak.role is not None and "Foreign Minister" in novak.role


def test_speakers_quote_without_cue_takes_speaker_from_context():
    a = run(PRESS)
    q = find(a, "Our position is clear")
    assert q.attributed_by == "context"
    # It reports the cue and mention of the quote it continues, not one of its own sentence.
    assert q.cue is not None and q.cue.text == "insisted"
    assert q.speaker_mention.text == "The Lantian foreign minister"
    assert q.speaker is not None and q.speaker.name == "Petra Novak"


def test_speakers_same_person_keeps_one_id_across_the_document():
    a = run(PRESS)
    ids = {q.speaker.id for q in a.quotes if q.speaker and q.speaker.name == "Karl Dessen"}
    assert len(ids) == 1
    assert len(a.quotes_by(ids.pop())) >= 2


def test_speakers_relative_who_resolves_to_its_noun():
    a = run("The report was written by Nora Velde, who said the figures had been checked twice.")
    assert speaker_of(a, "figures had been checked twice") == "Nora Velde"


def test_speakers_organisation_description():
    a = run("The Ministry of Transport issued new rules on Monday. The ministry said that the fines would double.")
    assert "Ministry" in speaker_of(a, "the fines would double")


def test_speakers_the_ministry_is_not_the_office_named_before_it():
    # A ministry is referred back to as "the ministry" or "the department", not as any agency or
    # office: here it is a body of its own, while "the agency" still finds the authority.
    a = run("Three crossings were cancelled last week,according to the harbour office. "
            "The ministry said it would review the ferry contract.")
    assert "harbour" not in speaker_of(a, "it would review the ferry contract")
    assert "ministry" in speaker_of(a, "it would review the ferry contract").lower()
    a = run("The Coastal Safety Authority fined the operator on Monday. The agency said the fine would stand.")
    assert "Coastal Safety Authority" in speaker_of(a, "the fine would stand")


def test_speakers_group_sources():
    a = run("The talks collapsed late on Friday, two officials said.")
    q = find(a, "The talks collapsed")
    assert q.speaker is not None and "officials" in q.speaker.name


def test_speakers_two_people_same_surname_go_to_the_last_named():
    text = ("Anna Berg and her brother Lars Berg run the bakery. Lars Berg said the ovens were old. "
            "\"We need new ones,\" Berg said.")
    a = run(text)
    assert speaker_of(a, "We need new ones") == "Lars Berg"


# Two people written together are two people: a list, "and" or a slash never makes one name.
JOINT = """Fisheries Minister Anton Haddad and Harbour Master Tomas Ridge met on Wednesday at the quay.

"The quay will close in May," Haddad said.

"It will not close before June," Ridge said.

Comments

net_mender
Haddad/Ridge are both wrong, the quay is fine as it is.
"""


def test_speakers_joined_names_are_never_merged_into_one():
    a = run(JOINT)
    assert speaker_of(a, "The quay will close in May") == "Anton Haddad"
    ridge = speaker_of(a, "It will not close before June")
    assert ridge is not None and "Ridge" in ridge and "Haddad" not in ridge
    for s in a.speakers:
        words = set((s.name + " " + " ".join(s.aliases)).split())
        assert not {"Haddad", "Ridge"} <= words, s


SUMMIT = """President Ilse Vass opened the summit on Monday.

"We came to agree," Vass said.

Foreign Minister Jan Kross spoke after her.

"We agree on the border," Kross said.

Comments

maxi_88
Vass/Kross are fully right, the border deal is good.
"""


def test_speakers_a_readers_slash_leaves_the_canonical_names_alone():
    a = run(SUMMIT)
    assert speaker_of(a, "We came to agree") == "Ilse Vass"
    assert speaker_of(a, "We agree on the border") == "Jan Kross"
    assert sorted(s.name for s in a.speakers) == ["Ilse Vass", "Jan Kross"]


def test_speakers_a_list_speaking_together_is_a_group_of_those_people():
    # Several named people as one subject say it together: the speaker is the group, named by its
    # members; a later quote by one of them is theirs alone. An organisation whose name holds
    # "and" stays one name.
    text = ("Fisheries Minister Anna Berg, Omar Haddad and Ines Lund said the quay would close in May.\n\n"
            '"We have no other choice," Lund said.\n\n'
            "The Harbour and Fisheries Authority said the quay was unsafe.\n")
    a = run(text)
    group = speaker_of(a, "the quay would close in May")
    assert group == "Anna Berg, Omar Haddad and Ines Lund"
    assert next(s for s in a.speakers if s.name == group).kind == "group"
    assert speaker_of(a, "We have no other choice") == "Ines Lund"
    authority = speaker_of(a, "the quay was unsafe")
    assert authority is not None and "Harbour" in authority and "Fisheries Authority" in authority


# -- the learned resolver, descriptions by country, people files (issue 12) ----------------------

TWO_CAPITALS = """Talks between Kesterland and Moravia ended without a deal on Monday.

Kesterland's Interior Minister Jorun Halvard said the crossings would stay closed.Moravian envoy Teodor Vasko called that "a mistake".

Halvard rejected that. "Paper patrols are not patrols," she said.

The Moravian diplomat said his government would go to court.. The Kesterlandic minister said she would not change course.
"""


def test_speakers_a_nationality_description_goes_to_the_official_of_that_country():
    a = run(TWO_CAPITALS)
    assert speaker_of(a, "his government would go to court") == "Teodor Vasko"
    assert speaker_of(a, "she would not change course") == "Jorun Halvard"


def test_speakers_she_goes_to_the_woman_by_her_first_name_not_the_last_speaker():
    a = run(TWO_CAPITALS)
    q = find(a, "Paper patrols are not patrols")
    assert q.speaker is not None and q.speaker.name == "Jorun Halvard"
    assert q.resolved_by == "pronoun"


def test_speakers_each_quote_says_how_its_speaker_was_found():
    a = run(TWO_CAPITALS)
    assert find(a, "the crossings would stay closed").resolved_by == "name"
    assert find(a, "his government would go to court").resolved_by == "description"
    vasko = next(s for s in a.speakers if s.name == "Teodor Vasko")
    assert "description 1" in a.found_by(vasko.id)


def test_speakers_a_company_description_continues_the_company_just_quoted():
    a = run("Greystone Foods is recalling 20,000 loaves after plastic was found in two packs.\n\n"
            "Greystone Foods said no one had been hurt. The company added that only one bakery was affected. "
            "It said the recall would end on Friday.\n")
    assert speaker_of(a, "only one bakery was affected") == "Greystone Foods"
    assert speaker_of(a, "the recall would end on Friday") == "Greystone Foods"


def test_speakers_it_is_never_a_thing():
    a = run("A video posted on Tuesday showed the flooded tunnel. It said the road would reopen in May.\n")
    q = find(a, "the road would reopen in May")
    assert q.speaker is None or "video" not in q.speaker.name.lower()


def test_speakers_an_age_description_finds_the_name_the_tagger_did_not_label():
    a = run("Hollin Athletic sacked its manager on Thursday.\n\nVance, 58, did not hide his anger. "
            "\"I was given four months,\" the 58-year-old said. Club chairwoman Ruth Okonjo said the decision "
            "was final.\n")
    assert speaker_of(a, "I was given four months") == "Vance"


def test_speakers_people_file_names_resolves_offices_and_carries_the_qid(tmp_path):
    import json as _json

    from click.testing import CliRunner
    from saidwhat.cli import main

    people = tmp_path / "people.csv"
    people.write_text("name,aliases,role,start,end,qid\n"
                      "Anna Berg,A. Berg,Ruritanian Foreign Minister,2024-01-01,,Q777\n"
                      "Olek Marsh,,Ruritanian President,2020-01-01,,Q4242\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text("date 2025-03-01\n\nThe Ruritanian foreign minister said on Monday that talks would resume. "
                   "\"We are ready,\" A. Berg told reporters.Marsh said he agreed.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["analyze", str(doc), "--people", str(people), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = _json.loads(r.output)
    berg = [s for s in out["speakers"] if s["name"] == "Anna Berg"]
    assert len(berg) == 1 and berg[0]["qid"] == "Q777"
    by_text = {q["text"]: q for q in out["quotes"]}
    resume = next(q for t, q in by_text.items() if "talks would resume" in t)
    assert resume["speaker"]["name"] == "Anna Berg" and resume["resolved_by"] == "people file"
    ready = next(q for t, q in by_text.items() if "We are ready" in t)
    assert ready["speaker"]["id"] == berg[0]["id"]
    # Before her term the office is not hers.
    doc.write_text(doc.read_text().replace("2025-03-01", "2023-03-01"), encoding="utf-8")
    out = _json.loads(CliRunner().invoke(main, ["analyze", str(doc), "--people", str(people),
                                                "--format", "json"]).output)
    resume = next(q for q in out["quotes"] if "talks would resume" in q["text"])
    assert resume["resolved_by"] != "people file"


def test_speakers_a_bad_people_file_is_named_with_its_line(tmp_path):
    from click.testing import CliRunner
    from saidwhat.cli import main

    people = tmp_path / "people.csv"
    people.write_text("name,aliases,role,start,end,qid\nAnna Berg,,Minister,2024-13-45,,Q1\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text("Anna Berg said so.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["analyze", str(doc), "--people", str(people)])
    assert r.exit_code == 2
    assert "people.csv:2" in r.output and "2024-13-45" in r.output


def test_speakers_eval_on_our_held_out_invented_news(tmp_path):
    """The held-out set of invented news (tests/data/speakers_heldout.jsonl), scored through the CLI."""
    import json as _json
    from pathlib import Path

    from click.testing import CliRunner
    from saidwhat.cli import main

    gold = Path(__file__).parent / "data" / "speakers_heldout.jsonl"
    r = CliRunner().invoke(main, ["eval", "--task", "speakers", str(gold), "--json"])
    assert r.exit_code == 0, r.output
    s = _json.loads(r.output)
    assert s["all"]["found"] >= 28 and s["all"]["accuracy"] >= 90
    assert s["description"]["accuracy"] >= 85 and s["pronoun"]["accuracy"] >= 80


def test_speakers_coref_eval_reads_conll_and_links_pronouns(tmp_path):
    import json as _json

    from click.testing import CliRunner
    from saidwhat.cli import main

    rows = ["# begin document tiny"]
    words = [("Anna", "(person-1"), ("Berg", "person-1)"), ("met", "_"), ("Tom", "(person-2"), ("Hale", "person-2)"),
             ("in", "_"), ("Oslo", "(place-3)"), (".", "_"), (None, None),
             ("She", "(person-1)"), ("said", "_"), ("the", "(abstract-4"), ("talks", "abstract-4)"), ("went", "_"),
             ("well", "_"), (".", "_"), (None, None),
             ("He", "(person-2)"), ("said", "_"), ("the", "(abstract-4"), ("talks", "abstract-4)"),
             ("failed", "_"), (".", "_")]
    k = 0
    for w, m in words:
        if w is None:
            rows.append("")
            continue
        rows.append(f"{k}\t{w}\t{m}")
        k += 1
    rows.append("# end document")
    (tmp_path / "tiny.conll").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", "--task", "coref", str(tmp_path), "--json"])
    assert r.exit_code == 0, r.output
    s = _json.loads(r.output)
    assert s["learned he/she"] == {"accuracy": 100.0, "n": 2}
    assert s["learned descriptions"]["n"] == 2  # "the talks": new the first time, then the same talks


def test_speakers_an_organisation_noun_is_the_organisation_just_named_unless_the_text_wrote_that_noun():
    a = run("Statistics Ruritania published its labour survey on Monday. The report said unemployment rose "
            "to 7 percent.The agency added that wages fell.\n\n"
            "Acme Corp and the workers' union met on Tuesday. The union said talks had failed. The company said "
            "it would try again.\n")
    assert speaker_of(a, "unemployment rose") == "Statistics Ruritania"
    assert speaker_of(a, "wages fell") == "Statistics Ruritania"
    assert speaker_of(a, "talks had failed") == "The union"
    assert speaker_of(a, "it would try again") == "Acme Corp"


def test_speakers_a_name_in_apposition_to_an_organisation_noun_is_an_organisation():
    a = run("Hydro Velora, the province's power utility, raised prices on Monday. The utility said demand had "
            "doubled. It added that prices would fall next year.\n")
    assert speaker_of(a, "demand had doubled") == "Hydro Velora"
    assert speaker_of(a, "prices would fall") == "Hydro Velora"
    assert next(s for s in a.speakers if s.name == "Hydro Velora").kind == "organization"


def test_speakers_abbreviated_titles_sports_roles_and_kinds_of_company():
    a = run('Rep. Dana Whitlow and Sen. Marcus Obi sparred over the farm bill on Tuesday. "This bill abandons small '
            'farms," Whitlow said. Obi said the bill protected family farms. The senator called Whitlow\'s objections '
            '"theatre".\n\nStriker Leo Marks and goalkeeper Tom Baird spoke after the defeat. The goalkeeper said the '
            "team would recover. Marks said the fans deserved better.\n\nGreenfield Energy, the region's largest power producer, and the Harbour Workers "
            "Union clashed over closures. The company said two plants would close. The union said 400 jobs were at "
            "risk. The energy firm added that workers would be retrained.\n")
    assert speaker_of(a, "theatre") == "Marcus Obi"  # "Sen." is a senator, and not the Whitlow he names
    assert speaker_of(a, "the team would recover") == "Tom Baird"
    assert speaker_of(a, "two plants would close") == "Greenfield Energy"  # a power producer is a company
    assert speaker_of(a, "workers would be retrained") == "Greenfield Energy"
    assert "Leo Marks" in {s.name for s in a.speakers} or not any(s.name.startswith("Striker") for s in a.speakers)
    assert speaker_of(a, "the fans deserved better") == "Leo Marks"  # "Striker" is his role, not his name


def test_speakers_a_scraped_page_the_country_named_picks_its_official():
    """Glued sentences, ".." and comments run on under the article: "the Borvian minister" is
    the minister the text called Borvian, not the last speaker, and a reader's comparison
    ("like a child") is no praise."""
    text = ('Minister Petra Novak and her Borvian counterpart Karl Dessen traded barbs in Vienna on Tuesday."We came '
            'here to listen," Novak said.The Borvian minister replied that his country "will not be lectured". She '
            "said talks would resume in May.. Dessen told reporters he was not optimistic\n"
            "I honestly think both of them are clowns!! nothing ever changes\n"
            "grey_owl-7\n"
            'Novak is right tho. Dessen said "will not be lectured" like a child.\n')
    a = run(text)
    assert speaker_of(a, "will not be lectured") == "Karl Dessen"
    assert speaker_of(a, "talks would resume in May") == "Petra Novak"
    names = {s.id: s.name for s in a.speakers}
    signed = next(r for r in a.reactions if r.author == "grey_owl-7")
    stances = {names[s.speaker]: s.stance for s in signed.stances}
    assert stances["Petra Novak"] == "support" and stances.get("Karl Dessen") != "support"


def test_she_goes_on_with_an_official_the_text_never_named():
    # No name anywhere: "she" is the mayor just quoted, in a parenthetical cue too; a plural
    # description is never "he".
    a = run("The mayor insisted the bridge was safe.Engineers, she added, had checked it twice.\n\n"
            "Officials said the port was closed. \"It will reopen,\" he said.")
    for piece in ("Engineers", "had checked it twice"):
        q = find(a, piece)
        assert q.speaker is not None and q.speaker.name == "The mayor" and q.resolved_by == "pronoun"
    assert speaker_of(a, "It will reopen") is None
    b = run('A spokeswoman said the plant was closed. "We regret it," she said.')
    assert speaker_of(b, "We regret it") == "A spokeswoman"


def test_he_goes_on_with_the_person_the_sentence_before_introduced():
    # The earlier speaker is a man too, but the sentence just before names someone new as its
    # subject: "He said" is that newcomer, not the engineer quoted two sentences back.
    a = run("Water company engineer Martin Cole agreed with the report. \"Our sampling shows the same drop in "
            "oxygen,\" he said.\n\nEnvironmental campaigner Hugo Rennie challenged both of them. He said the "
            "company had released sewage into the river three days before the deaths.")
    assert speaker_of(a, "same drop in oxygen") == "Martin Cole"
    assert speaker_of(a, "released sewage") == "Hugo Rennie"


def test_a_titled_name_the_tagger_missed_still_names_the_speaker():
    # The entity tagger misses "Mayor Ines Lund" at the start of the story; the speaker of
    # "Lund said" is still reported by her full name.
    a = run('Mayor Ines Lund presented her harbour plan on Monday.\n"The port needs new cranes," Lund said.')
    assert speaker_of(a, "The port needs new cranes") == "Ines Lund"


def test_a_readers_handle_run_into_a_name_is_no_part_of_the_officials_name():
    # Scraped as it comes: sentences glued, a handle alone on its line, another glued to the
    # name it praises. The minister stays "Lars Eklund", never "gulls_22 Eklund".
    text = ('Harbour minister Lars Eklund said on Wednesday the union had been offered a fair deal.The union '
            'rejected it.\n"We will not sign this," union leader Maja Berglund told reporters.\n'
            '"The offer stands," Eklund said.\ndocker_ola\nBerglund has more guts than the whole cabinet.\n'
            'gulls_22 Eklund is right actually, the union always says no.\n')
    a = run(text)
    assert speaker_of(a, "The offer stands") == "Lars Eklund"
    assert all("gulls_22" not in s.name for s in a.speakers)


@pytest.mark.parametrize("text", [
    "Council member Piet Vos said the harbour would close. Vos added that the crews were angry.",
    "City council member Piet Vos said the harbour would close.\n\nlol_harbour\nsure it will",
])
def test_a_body_named_before_member_is_no_part_of_the_name(text):
    # "Council" (tagged an organisation) before "member" was glued to the name: "Council Piet Vos"
    a = run(text, date="2024-02-02")
    assert [s.name for s in a.speakers if s.kind == "person"] == ["Piet Vos"]


@pytest.mark.parametrize("name, party", [("Lund", "(D-Ore.)"), ("Vos", "(R-N.Y.)"), ("Berg", ", I-Vt.,")])
def test_a_party_and_state_beside_a_name_is_no_speaker(name, party):
    # "Lund (D-Ore.) said": the tagger reads "Ore." as a name in apposition, which became the speaker.
    sep = "" if party.startswith(",") else " "
    a = run(f"Ferry news.Sen. Anna {name} spoke on Monday.{name}{sep}{party} said the ferry would stop. "
            "lol\n\nmara_k\nsure", date="2024-02-02")
    assert speaker_of(a, "the ferry would stop") == f"Anna {name}"


def test_an_unnamed_official_is_the_official_who_speaks_next_and_a_members_body_is_its_own():
    # "The official" after "a senior EU official ... said" is that official, not the minister
    # before; "the fishermen's association" is a body of its own, not the EU named before it.
    a = run("Her Icelandic counterpart, Einar Gunnarsson, rejected that account. \"We came here ready to sign,\" he said.\n\n"
            "\"Nobody wins a quota war,\" a senior EU official who attended as an observer said. The official warned "
            "that Brussels could step in if the two sides did not agree by spring.\n\n"
            "According to the Norwegian fishermen's association, boats have already lost 40 million kroner this season.")
    assert find(a, "We came here ready").speaker.name == "Einar Gunnarsson"
    assert find(a, "Brussels could step in").speaker.name == "a senior EU official"
    assert find(a, "boats have already lost").speaker.name == "the Norwegian fishermen's association"


@pytest.mark.parametrize("text,name", [
    ('Parent Hannah Liu, whose son catches a bus at 6:10, called the delay "another excuse".', "Hannah Liu"),
    ("Commuter Ola Berg said the night ferry was the only way home.", "Ola Berg"),
])
def test_a_role_word_opening_the_sentence_is_not_part_of_the_name(text, name):
    # capitalised only because it starts the sentence, as "board chair" would be mid-sentence
    assert run(text).quotes[0].speaker.name == name
