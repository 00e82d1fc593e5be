"""A user's people file (`--people FILE`): the people a project follows, under the names it wants
reported, with their aliases, their offices over time and, optionally, their Wikidata id.

CSV, one row per office (repeat the name for a second office; `aliases` separated by `;`):

    name,aliases,role,start,end,qid
    Anna Berg,A. Berg;Anna M. Berg,Ruritanian Foreign Minister,2019-01-01,,Q123

or JSON, a list of `{"name", "aliases": [...], "roles": [{"role", "start", "end"}], "qid"}`.

A mention that matches a name or an alias is reported under the file's name (with its QID); a
description that no earlier mention explains ("the Ruritanian foreign minister") goes to the one
person whose office, held on the document's date, has all its words.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from ..errors import SaidwhatError
from ..names import name_key
from .coref import place_keys

_QID = re.compile(r"^Q[1-9][0-9]*$")
_WORD = re.compile(r"[\w’'-]+")


class PeopleFileError(SaidwhatError):
    """The people file cannot be read: the message names the file and the line or entry."""


@dataclass(frozen=True, slots=True)
class Office:
    role: str
    start: str | None = None  # ISO date, inclusive
    end: str | None = None

    def held_on(self, day: str | None) -> bool:
        if not day:
            return True
        d = day[:10]
        return (self.start is None or _not_after(self.start, d)) and (self.end is None or _not_after(d, self.end))

    def words(self) -> set[str]:
        return {w.lower() for w in _WORD.findall(self.role)}


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    qid: str | None = None

    def keys(self) -> list[tuple[str, ...]]:
        return [k for k in (name_key(n.split()) for n in (self.name, *self.aliases)) if k]


@dataclass(frozen=True, slots=True)
class PeopleFile:
    path: str
    people: tuple[Person, ...]

    def match(self, key: tuple[str, ...]) -> Person | None:
        """The one person a name key (`names.name_key`) is: the same name or alias, or a part of one
        with its surname ("Berg" when only one Berg is listed)."""
        if not key:
            return None
        exact = [p for p in self.people if key in p.keys()]
        if exact:
            return exact[0] if len(exact) == 1 else None
        part = [p for p in self.people if any(k[-1] == key[-1] and set(key) <= set(k) for k in p.keys())]
        return part[0] if len(part) == 1 else None

    def by_office(self, head: str, mods: set[str], day: str | None) -> tuple[Person, Office] | None:
        """The one person whose office on `day` has the description's head noun and every other
        word ("the Ruritanian foreign minister"; "Ruritanian" also matches an office that names
        Ruritania)."""
        found: dict[str, tuple[Person, Office]] = {}
        for p in self.people:
            for o in p.offices:
                if not o.held_on(day):
                    continue
                words = o.words()
                places = {k for w in words for k in place_keys(w)}
                if head in words and all(m in words or place_keys(m) & places for m in mods):
                    found.setdefault(p.name, (p, o))
        return next(iter(found.values())) if len(found) == 1 else None


def _not_after(a: str, b: str) -> bool:
    """a <= b for ISO dates of any precision ("2019" is not after "2019-06-01", nor after it)."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def load_people(path: str | Path) -> PeopleFile:
    """Read a people file (.csv or .json); a bad row raises `PeopleFileError` naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PeopleFileError(f"{path}: cannot read the people file: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PeopleFileError(f"{path}: not JSON: {exc.msg} (line {exc.lineno})") from exc
        if not isinstance(data, list):
            raise PeopleFileError(f"{path}: expected a JSON list of people")
        people = [_person_from_json(path, n, obj) for n, obj in enumerate(data, 1)]
    else:
        people = _people_from_csv(path, text)
    return PeopleFile(str(path), tuple(people))


def _person_from_json(path: Path, n: int, obj) -> Person:
    where = f"{path}: entry {n}"
    if not isinstance(obj, dict) or not isinstance(obj.get("name"), str) or not obj["name"].strip():
        raise PeopleFileError(f"{where}: each entry needs a 'name'")
    aliases = obj.get("aliases") or []
    roles = obj.get("roles") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise PeopleFileError(f"{where}: 'aliases' must be a list of names")
    if not isinstance(roles, list):
        raise PeopleFileError(f"{where}: 'roles' must be a list of {{role, start, end}}")
    offices = []
    for r in roles:
        if isinstance(r, str):
            r = {"role": r}
        if not isinstance(r, dict) or not isinstance(r.get("role"), str):
            raise PeopleFileError(f"{where}: each role needs a 'role'")
        offices.append(_office(where, r["role"], r.get("start"), r.get("end")))
    return Person(obj["name"].strip(), tuple(a.strip() for a in aliases if a.strip()), tuple(offices),
                  _qid(where, obj.get("qid")))


def _people_from_csv(path: Path, text: str) -> list[Person]:
    rows = list(csv.DictReader(text.splitlines()))
    if rows and "name" not in rows[0]:
        raise PeopleFileError(f"{path}: the first line must name the columns: name,aliases,role,start,end,qid")
    by_name: dict[str, Person] = {}
    for n, row in enumerate(rows, 2):
        where = f"{path}:{n}"
        name = (row.get("name") or "").strip()
        if not name:
            raise PeopleFileError(f"{where}: the row has no name")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        offices = (_office(where, row["role"].strip(), row.get("start"), row.get("end")),) \
            if (row.get("role") or "").strip() else ()
        qid = _qid(where, row.get("qid"))
        old = by_name.get(name)
        if old is None:
            by_name[name] = Person(name, aliases, offices, qid)
        else:
            by_name[name] = Person(name, tuple(dict.fromkeys(old.aliases + aliases)), old.offices + offices,
                                   old.qid or qid)
    return list(by_name.values())


def _office(where: str, role: str, start, end) -> Office:
    return Office(role, _day(where, start), _day(where, end))


def _day(where: str, value) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    try:
        Date.fromisoformat(value[:10] if len(value) >= 10 else value + "-01-01"[len(value) - 4:])
    except ValueError as exc:
        raise PeopleFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc
    return value


def _qid(where: str, value) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if not _QID.match(value):
        raise PeopleFileError(f"{where}: {value!r} is not a Wikidata id (Q followed by digits)")
    return value
