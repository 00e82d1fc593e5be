"""The role table of a corpus store: offices that documents name with a person ("Ruritanian
Foreign Minister Anna Berg"), used to resolve a speaker that another document leaves as a bare
description ("the Ruritanian foreign minister") — the way a reader who follows the news knows who
holds the office. Nothing here reads the store; `Store.resolve_roles` hands the rows in."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date as Date

from ..records import Analysis, SpeakerRef
from ..speakers.resolve import VIA_ROLE_TABLE

from ..lang import load
from ..names import name_key, people
from ..speakers.coref import place_keys

# An office is taken as held by the same person within this many days of the date it was seen.
OFFICE_DAYS = 365
_WORD = re.compile(r"[\w’'-]+")


def _day(value) -> Date | None:
    if value is None:
        return None
    if isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def description_fits(description: str, office: str, lang: str = "en") -> bool:
    """Whether an office has the description's head noun (a role noun) and every other word of it,
    a people's adjective also matching its country ("Ruritanian" and "Ruritania's")."""
    words = [w.lower() for w in _WORD.findall(description)]
    skip = load(lang, "people")["description_skip"]
    words = [w for w in words if w not in skip]
    if not words or words[-1] not in people(lang).roles:
        return False
    have = {w.lower() for w in _WORD.findall(office)}
    have_places = {k for w in _WORD.findall(office) if w[:1].isupper() for k in place_keys(w, lang)}
    if words[-1] not in have:
        return False
    return all(w in have or (place_keys(w, lang) & have_places) for w in words[:-1])


def resolve_descriptions(pending: list[tuple], offices: list[tuple]) -> list[tuple[str, str, str, str]]:
    """Args: `pending` rows (doc_id, speaker_id, description, date) of speakers left as written;
    `offices` rows (name, office, date) of people the store names with an office.

    Returns (doc_id, speaker_id, name, office) for each description that exactly one person fits
    (the office has its words, seen within OFFICE_DAYS of the document's date; without a date on
    either side, only when one person ever held it in the store)."""
    table = [(name, office, _day(day)) for name, office, day in offices if len(name_key(name.split())) >= 2]
    out = []
    for doc_id, speaker_id, description, day in pending:
        when = _day(day)
        best: dict[str, tuple[int, str]] = {}
        for name, office, seen in table:
            if not description_fits(description, office):
                continue
            gap = abs((when - seen).days) if when and seen else None
            if gap is not None and gap > OFFICE_DAYS:
                continue
            rank = gap if gap is not None else OFFICE_DAYS + 1
            if name not in best or rank < best[name][0]:
                best[name] = (rank, office)
        if not best:
            continue
        ranked = sorted(best.items(), key=lambda kv: kv[1][0])
        undated = ranked[0][1][0] > OFFICE_DAYS
        if len(ranked) == 1 or (not undated and ranked[0][1][0] < ranked[1][1][0] and
                                ranked[1][1][0] - ranked[0][1][0] > 30):
            name, (_, office) = ranked[0]
            out.append((doc_id, speaker_id, name, office))
    return out


def apply_role_table(a: Analysis, offices: list[tuple]) -> Analysis:
    """`a` with each speaker left as a description given to the one person the role table
    (`offices`: rows of name, office, date) says held that office at the document's date; their
    quotes say `resolved_by = 'role table'`. For `saidwhat analyze --roles-from STORE`."""
    pending = [(a.id, s.id, s.name, a.date) for s in a.speakers if s.kind == "unknown"]
    found = {sid: (name, office) for _, sid, name, office in resolve_descriptions(pending, offices)}
    if not found:
        return a
    speakers = tuple(replace(s, name=found[s.id][0], kind="person", role=s.role or found[s.id][1],
                             aliases=s.aliases + (s.name,)) if s.id in found else s for s in a.speakers)
    quotes = tuple(replace(q, speaker=SpeakerRef(q.speaker.id, found[q.speaker.id][0]), resolved_by=VIA_ROLE_TABLE)
                   if q.speaker is not None and q.speaker.id in found else q for q in a.quotes)
    return replace(a, speakers=speakers, quotes=quotes)
