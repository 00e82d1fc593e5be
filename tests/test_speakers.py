"""Speaker resolution: names, pronouns, descriptions, roles and context."""

from __future__ import annotations

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
