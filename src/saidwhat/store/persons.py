"""Corpus-level persons: the same person across documents gets one `person_id`.

"Sergey Lavrov", "Sergei Lavrov" and "Lavrov" merge: full names join when their surnames match
and their first names agree (same initial, close spelling, accents ignored); a bare surname joins
the full name with that surname that is quoted most, when one clearly dominates. The result does
not depend on the order documents were ingested in.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..names import name_key


def fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)).lower()


def key_of(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name_key(name.split()))


def _close(a: str, b: str, cutoff: float) -> bool:
    if a == b:
        return True
    # The cheap upper bounds first, as difflib.get_close_matches does: same answer, most pairs
    # of unlike names settled without the full comparison.
    sm = difflib.SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= cutoff and sm.quick_ratio() >= cutoff and sm.ratio() >= cutoff


@dataclass
class _Person:
    keys: list[tuple[str, ...]] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    qids: Counter = field(default_factory=Counter)  # Wikidata ids from the user's people file
    members: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, speaker_id)
    quotes: int = 0

    @property
    def surname(self) -> str:
        return self.keys[0][-1]

    @property
    def first(self) -> str | None:
        full = [k for k in self.keys if len(k) > 1]
        return full[0][0] if full else None


def merge_persons(speakers: list[tuple]) -> tuple[dict[tuple[str, str], str], list[tuple]]:
    """Args: rows of (doc_id, speaker_id, name, role, n_quotes[, qid]) for speakers of kind person.

    Returns: the person id of each (doc_id, speaker_id), and rows for the persons table
    (person_id, name, aliases, role, n_quotes, n_documents, qid).
    """
    by_key: dict[tuple[str, ...], list] = defaultdict(list)
    for row in speakers:
        k = key_of(row[2])
        if k:
            by_key[k].append(row)
    people: list[_Person] = []
    # Full names first, longest and most quoted first, so the clusters do not depend on input order.
    full = sorted((k for k in by_key if len(k) > 1), key=lambda k: (-sum(r[4] for r in by_key[k]), k))
    for k in full:
        target = None
        for p in people:
            if p.first and p.first[0] == k[0][0] and _close(p.surname, k[-1], 0.85) and _close(p.first, k[0], 0.7):
                target = p
                break
        if target is None:
            target = _Person()
            people.append(target)
        _add(target, k, by_key[k])
    for k in sorted(k for k in by_key if len(k) == 1):
        same = [p for p in people if _close(p.surname, k[0], 0.9)]
        same.sort(key=lambda p: -p.quotes)
        if same and (len(same) == 1 or same[0].quotes >= 3 * same[1].quotes):
            _add(same[0], k, by_key[k])
        else:
            p = _Person()
            people.append(p)
            _add(p, k, by_key[k])
    people.sort(key=lambda p: (_canonical(p).lower(), -p.quotes))
    ids: dict[tuple[str, str], str] = {}
    rows = []
    for n, p in enumerate(people, start=1):
        pid = f"p{n}"
        for m in p.members:
            ids[m] = pid
        name = _canonical(p)
        aliases = sorted(a for a in p.names if a != name)
        role = p.roles.most_common(1)[0][0] if p.roles else None
        qid = p.qids.most_common(1)[0][0] if p.qids else None
        rows.append((pid, name, aliases, role, p.quotes, len({d for d, _ in p.members}), qid))
    return ids, rows


def _add(p: _Person, key: tuple[str, ...], rows: list) -> None:
    p.keys.append(key)
    for doc_id, speaker_id, name, role, n, *rest in rows:
        p.names[name] += max(1, n)
        if role:
            p.roles[role] += 1
        if rest and rest[0]:
            p.qids[rest[0]] += 1
        p.members.append((doc_id, speaker_id))
        p.quotes += n


def _canonical(p: _Person) -> str:
    full = [(n, c) for n, c in p.names.items() if len(key_of(n)) > 1] or list(p.names.items())
    return sorted(full, key=lambda nc: (-nc[1], -len(nc[0]), nc[0]))[0][0]
