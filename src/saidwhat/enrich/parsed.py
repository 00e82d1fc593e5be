"""Document offsets to the parsed segments: the one view of spaCy that the enrich stage needs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..names import people
from ..records import Segment, Speaker



@dataclass(slots=True)
class Parsed:
    segments: list[Segment]
    docs: list[Doc]
    text: str | None = None
    # per segment, built on first use: sentence start tokens, sentences, noun chunks (Span.sent and
    # Span.noun_chunks walk the whole Doc on every call)
    _sent_starts: dict[int, list[int]] = field(default_factory=dict)
    _sents: dict[int, list[Span]] = field(default_factory=dict)
    _chunks: dict[int, tuple[list[int], list[Span]]] = field(default_factory=dict)
    _spans: dict[tuple[int, int, int | None], Span | None] = field(default_factory=dict)

    def sent(self, segment: int, token: int) -> Span:
        """The sentence of token `token` of segment `segment`."""
        if segment not in self._sents:
            sents = list(self.docs[segment].sents)
            self._sents[segment] = sents
            self._sent_starts[segment] = [s.start for s in sents]
        k = bisect.bisect_right(self._sent_starts[segment], token) - 1
        return self._sents[segment][max(k, 0)]

    def chunks(self, segment: int, span: Span) -> list[Span]:
        """Noun chunks inside `span`."""
        if segment not in self._chunks:
            doc = self.docs[segment]
            found = list(doc.noun_chunks) if doc.has_annotation("DEP") else []
            self._chunks[segment] = ([c.start for c in found], found)
        starts, found = self._chunks[segment]
        lo = bisect.bisect_left(starts, span.start)
        out = []
        for c in found[lo:]:
            if c.start >= span.end:
                break
            if c.end <= span.end:
                out.append(c)
        return out

    def span(self, start: int, end: int, segment: int | None = None) -> Span | None:
        """The tokens covering document offsets [start, end), or None. Kept once found: the
        enrich steps ask for the same quotes and cues again, and char_span walks the tokens."""
        key = (start, end, segment)
        if key in self._spans:
            return self._spans[key]
        found = None
        idx = range(len(self.segments)) if segment is None else [segment]
        for s in idx:
            seg = self.segments[s]
            if seg.start <= start and end <= seg.end and s < len(self.docs):
                found = self.docs[s].char_span(start - seg.start, end - seg.start, alignment_mode="expand")
                break
        self._spans[key] = found
        return found


class SpeakerPatterns(list):
    """The (speaker id, pattern) list, with an index from a key word of each name to the patterns
    that can match, so a comment section of thousands of sentences is not scanned once per
    speaker (`in_text`). Every word (\\w+ run) of a name stands whole in any text the name's
    pattern matches, so a text without a name's key word cannot match it."""

    def __init__(self, items: list[tuple[str, re.Pattern[str]]], keys: list[set[str] | None]):
        super().__init__(items)
        self._always = [k for k, words in enumerate(keys) if words is None]
        self._by_word: dict[str, list[int]] = {}
        for k, words in enumerate(keys):
            for w in words or ():
                self._by_word.setdefault(w, []).append(k)

    def in_text(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The patterns that may match `text`, in list order (the others cannot)."""
        ks = set(self._always)
        for w in set(_WORD.findall(text)) & self._by_word.keys():
            ks.update(self._by_word[w])
        return [self[k] for k in sorted(ks)]


_WORD = re.compile(r"\w+")


def speaker_patterns(speakers: tuple[Speaker, ...], lang: str = "en") -> SpeakerPatterns:
    """(speaker id, pattern) for the ways a text names each speaker: full name, surname, other name
    aliases. Descriptions ("the minister") and pronouns are left out: they are ambiguous out of context."""
    p = people(lang)
    out = []
    keys: list[set[str] | None] = []
    for sp in speakers:
        names = {sp.name}
        if sp.kind == "person":
            parts = sp.name.split()
            if len(parts) > 1 and parts[-1][:1].isupper():
                names.add(parts[-1])
        for a in sp.aliases:
            words = a.split()
            if not words or a.lower() in p.pronouns or a.lower() in p.possessives or words[0].lower() in p.determiners:
                continue
            if all(w[:1].isupper() for w in words if w.isalpha()):
                names.add(a)
        names = {n for n in names if len(n) > 2}
        if not names:
            continue
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        out.append((sp.id, re.compile(rf"(?<![\w-])(?:{alt})(?:['’]s)?(?![\w-])")))
        runs = [_WORD.findall(n) for n in names]  # each name's rarest-looking word: its longest
        keys.append({max(r, key=len) for r in runs} if all(runs) else None)
    return SpeakerPatterns(out, keys)


class RoleWords(dict):
    """speaker id -> the words of their role, with the reverse look-up (`owners`) built once, so
    "the mayor" in each of thousands of comment sentences costs one dictionary look-up."""

    def __init__(self, items: dict[str, set[str]]):
        super().__init__(items)
        self._owners: dict[str, list[str]] = {}
        for sid, words in items.items():
            for w in words:
                self._owners.setdefault(w, []).append(sid)

    def owners(self, word: str) -> list[str]:
        """The speakers whose role has `word`, in speaker order."""
        return self._owners.get(word, [])


_THE_WORD = re.compile(r"\bthe (\w+)\b")


def role_mentions(text: str, roles: dict[str, set[str]], exclude: str | None = None) -> list[tuple[int, str]]:
    """(offset, speaker id) of each "the mayor" in `text` whose word is the role of one speaker
    only (leaving out `exclude`): the narration's or a reader's way of naming them."""
    out = []
    for m in _THE_WORD.finditer(text.lower()):
        word = m.group(1)
        owners = roles.owners(word) if isinstance(roles, RoleWords) else [s for s, ws in roles.items() if word in ws]
        owners = [s for s in owners if s != exclude]
        if len(owners) == 1:
            out.append((m.start(), owners[0]))
    return out


def role_words(speakers: tuple[Speaker, ...]) -> RoleWords:
    """The words of each person's role ("mayor", "treasurer"), for "the mayor" in narration or comments."""
    return RoleWords({s.id: {w.lower() for w in (s.role or "").split() if len(w) > 3}
                      for s in speakers if s.kind == "person"})
