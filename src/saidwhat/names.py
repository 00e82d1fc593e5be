"""Names as strings: the people lexicon, the key two spellings of a name share, a name's titles
and gender. Used by the speaker resolver within a document and by the store across documents;
nothing here needs the parse."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
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
    # Role nouns that fit any office: "the Ruritanian leader" may be its president,
    # "his Ostrian counterpart" holds whatever office he holds.
    generic_roles: frozenset[str] = frozenset()
    # Role nouns that name one office in several ways: "the coach" may be the club's manager.
    role_synonyms: dict[str, frozenset[str]] = field(default_factory=dict)
    # Abbreviated titles and the role they stand for ("sen." -> "senator").
    title_roles: dict[str, str] = field(default_factory=dict)
    # Possessives that point back like a pronoun ("its plan") -> (gender, number).
    possessives: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    # Words and marks that join names into a list: what they join is several people, never one name.
    list_separators: frozenset[str] = frozenset()
    # An age written as a description: "the 58-year-old" (group 1: the age).
    age: re.Pattern[str] = re.compile(r"(?!)")
    # A party and state beside a name ("Lund (D-Ore.)"): an affiliation, not a name.
    affiliation: re.Pattern[str] = re.compile(r"(?!)")


@lru_cache(maxsize=None)
def people(lang: str = "en") -> People:
    d = load(lang, "people")
    return People(
        pronouns=d["pronouns"], honorifics=d["honorifics"], gendered_nouns=d["gendered_nouns"],
        male=frozenset(d["male_names"]), female=frozenset(d["female_names"]),
        roles=frozenset(d["role_nouns"]), titles=frozenset(d["title_words"]),
        org_words=frozenset(d["org_name_words"]), orgs=frozenset(d["org_nouns"]), groups=frozenset(d["group_nouns"]),
        generic_roles=frozenset(d.get("generic_roles", ())),
        role_synonyms=_synonyms(d.get("role_synonyms", ())),
        title_roles=dict(d.get("title_roles", {})),
        possessives={w: (v["gender"], v["number"]) for w, v in d.get("possessive_pronouns", {}).items()},
        determiners=frozenset(d.get("determiners", ())),
        list_separators=frozenset(d.get("list_separators", ())),
        age=re.compile(d["age"], re.I) if "age" in d else re.compile(r"(?!)"),
        affiliation=re.compile(d["affiliation"]) if "affiliation" in d else re.compile(r"(?!)"),
    )


def _synonyms(groups) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in groups:
        for w in group:
            out.setdefault(w, set()).update(group)
    return {w: frozenset(g) for w, g in out.items()}


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
        if len(words) > 1 and first.isalpha():
            return first_names().get(first)
    return None


# A first name gives a gender when at least this share of its bearers in the name data have it,
# and the data saw it this often.
FIRST_NAME_CERTAINTY = 0.9
FIRST_NAME_MIN_COUNT = 50


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """First name -> "m" or "f", from the name data of the `nomquamgender` package (MIT; Van
    Buskirk et al. 2023, gender shares of 720,000 names over 36 sources), kept where the share is
    at least FIRST_NAME_CERTAINTY. Read once per process; the reduced table is cached under the
    user's cache folder, so later processes read 1 MB instead of 22 MB. {} when the package is
    missing: pronouns then rely on the lexicon's names and the text alone."""
    import importlib.util
    import json
    import os
    from pathlib import Path

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "saidwhat" / \
        f"first_names-{FIRST_NAME_CERTAINTY}-{FIRST_NAME_MIN_COUNT}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    spec = importlib.util.find_spec("nomquamgender")  # located, not imported: its module loads pandas
    if spec is None or not spec.submodule_search_locations:
        return {}
    source = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    table = {name: ("f" if row[2] >= 0.5 else "m") for name, row in data.items()
             if name.isalpha() and row[1] >= FIRST_NAME_MIN_COUNT and abs(row[2] - 0.5) >= FIRST_NAME_CERTAINTY - 0.5}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, separators=(",", ":")), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home: the table is kept in memory only
    return table


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
