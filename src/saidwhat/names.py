"""Names as strings: the people lexicon, the key two spellings of a name share, a name's titles
and gender. Used by the speaker resolver within a document and by the store across documents;
nothing here needs the parse."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lang import load


@dataclass(frozen=True, slots=True)
class People:
    pronouns: dict
    honorifics: dict
    gendered_nouns: dict
    male: frozenset[str]
    female: frozenset[str]
    roles: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    orgs: frozenset[str]
    groups: frozenset[str]


@lru_cache(maxsize=None)
def people(lang: str = "en") -> People:
    d = load(lang, "people")
    return People(
        pronouns=d["pronouns"], honorifics=d["honorifics"], gendered_nouns=d["gendered_nouns"],
        male=frozenset(d["male_names"]), female=frozenset(d["female_names"]),
        roles=frozenset(d["role_nouns"]), titles=frozenset(d["title_words"]),
        org_words=frozenset(d["org_name_words"]), orgs=frozenset(d["org_nouns"]), groups=frozenset(d["group_nouns"]),
    )


def name_key(words: list[str], lang: str = "en") -> tuple[str, ...]:
    """Lower-case name words without honorifics, possessives and punctuation."""
    p = people(lang)
    out = []
    for w in words:
        w = w.strip(".,'’\"").lower()
        if w.endswith("’s") or w.endswith("'s"):
            w = w[:-2]
        if not w or w in ("s",) or w in p.honorifics or w + "." in p.honorifics:
            continue
        out.append(w)
    return tuple(out)


def gender_of_name(words: list[str], lang: str = "en") -> str | None:
    p = people(lang)
    for w in words:
        lw = w.lower()
        if lw in p.honorifics and p.honorifics[lw]:
            return p.honorifics[lw]
    if words:
        first = words[0].lower().strip(".")
        if first in p.honorifics:
            first = words[1].lower() if len(words) > 1 else ""
        if first in p.male and first not in p.female:
            return "m"
        if first in p.female and first not in p.male:
            return "f"
    return None


def strip_titles(words: list[str], lang: str = "en") -> list[str]:
    """The name without the titles and roles in front of it ("Veloria's Foreign Minister Anton
    Brezko" -> "Anton Brezko", "State Helena Varga" -> "Helena Varga")."""
    p = people(lang)
    cut = 0
    for k, w in enumerate(words[:-1]):
        lw = w.lower()
        if lw in p.titles or lw in p.honorifics or lw in p.roles:
            cut = k + 1
    return list(words[cut:]) or list(words)


def looks_like_person(words: list[str], label: str, *, after_role: bool = False, lang: str = "en") -> bool:
    """Whether a proper name is a person's, whatever label the small tagger gave it."""
    p = people(lang)
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in p.org_words for w in lowered):
        return False
    if label == "PERSON":
        return True
    names = strip_titles(words, lang)
    after_role = after_role or len(names) < len(words)
    first = names[0].lower() if names else ""
    if first in p.male or first in p.female:
        return True
    capitalised = all(w[:1].isupper() for w in names)
    return after_role and capitalised and 1 <= len(names) <= 3


def speaker_name(name: str) -> str:
    """A speaker's name as reported: without control and invisible format characters (bidi
    overrides that would reorder what follows the name, zero-width joiners, escapes) and with
    single spaces; "" when no letter is left ("🇺", half a flag emoji, names nobody)."""
    name = " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in name
                            if unicodedata.category(ch) != "Cf").split())
    return name if any(unicodedata.category(ch).startswith("L") for ch in name) else ""
