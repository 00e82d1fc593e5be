"""Resolve speaker mentions to the canonical speakers of one document.

No coreference model is available offline, so this is built on the parse, the entities and the
lexicons in `lang/en/people.json`:
- names: a full name and its later surname ("Sergey Lavrov" ... "Lavrov") join one speaker;
  a bare surname shared by two people goes to the one mentioned last;
- pronouns: he/she/they go to the most salient earlier mention of a compatible person
  (gender from honorifics, first names, gendered role nouns and earlier pronouns; salience from
  recency, being a previous speaker, and subject position, following the ranking of Lappin & Leass
  1994 in a reduced form);
- relative "who": the noun it modifies;
- descriptions: "the Russian foreign minister" goes to the person whose role (from "Russian
  Foreign Minister Sergey Lavrov" or an apposition) shares the role noun and most modifiers;
  "the 61-year-old" to the person with that age or the last one named; "the ministry" to the
  organisation with that word in its name;
- groups ("officials", "a source") become one group speaker per head noun.
Quotes attributed by context take the speaker of the quote they follow.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..nlp import text_of
from ..quotes.candidate import Candidate
from ..names import gender_of_name, looks_like_person, name_key, people, strip_titles
from .mentions import AGE, mention_tokens

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "GPE", "FAC"}
_WORD = re.compile(r"[\w’'.-]+")


@dataclass(slots=True)
class Cluster:
    cid: int
    kind: str  # person | organization | group | unknown
    names: list[tuple[str, ...]] = field(default_factory=list)  # name keys
    surfaces: list[str] = field(default_factory=list)
    name_surfaces: list[str] = field(default_factory=list)  # surfaces that are names, not descriptions
    gender: str | None = None
    role: str | None = None
    age: str | None = None
    lang: str = "en"
    # For a group that speaks together ("Berg and Lund said"): its members, in the order written.
    members: list["Cluster"] = field(default_factory=list)

    @property
    def best_name(self) -> str:
        if self.members:
            names = [m.best_name for m in self.members]
            return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if self.kind == "person" and self.name_surfaces:
            return max(self.name_surfaces, key=lambda s: (len(name_key(s.split(), self.lang)), len(s)))
        return (self.name_surfaces or self.surfaces or ["unknown"])[0]

    def add_surface(self, text: str, *, name: bool = False) -> None:
        text = text.strip()
        if text and text not in self.surfaces:
            self.surfaces.append(text)
        if name and text and text not in self.name_surfaces:
            self.name_surfaces.append(text)


@dataclass(slots=True)
class _Event:
    pos: int  # global char offset
    sent: int  # global sentence number
    cluster: Cluster
    subject: bool
    speaker: bool
    in_content: bool
    segment: int


@dataclass(frozen=True, slots=True)
class ResolvedSpeaker:
    cluster: Cluster | None
    mention: tuple[int, int] | None  # global char offsets of the mention as written


class SpeakerResolver:
    """Feed segments in text order with `add_segment`, then read `speakers()`."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang  # the language of the documents: its people lexicon (`lang/<lang>/people.json`)
        self.clusters: list[Cluster] = []
        self.events: list[_Event] = []
        self._sent_base = 0
        self._by_group: dict[str, Cluster] = {}
        self._by_org: dict[tuple[str, ...], Cluster] = {}

    # -- building clusters from names ------------------------------------------------------
    def _new(self, kind: str) -> Cluster:
        c = Cluster(cid=len(self.clusters), kind=kind, lang=self.lang)
        self.clusters.append(c)
        return c

    def person_for(self, words: list[str], *, create: bool = True) -> Cluster | None:
        key = name_key(words, self.lang)
        if not key:
            return None
        best: Cluster | None = None
        best_rank = -1
        for c in self.clusters:
            if c.kind != "person":
                continue
            for known in c.names:
                rank = _name_match(known, key)
                if rank > best_rank or (rank == best_rank and rank > 0 and best is not None and self._last_pos(c) > self._last_pos(best)):
                    best, best_rank = c, rank
        if best is not None and best_rank > 0:
            if key not in best.names:
                best.names.append(key)
            best.gender = best.gender or gender_of_name(words, self.lang)
            return best
        if not create:
            return None
        c = self._new("person")
        c.names.append(key)
        c.gender = gender_of_name(words, self.lang)
        return c

    def org_for(self, words: list[str]) -> Cluster:
        key = tuple(w.lower() for w in words if w.lower() not in ("the", "'s", "’s"))
        c = self._by_org.get(key)
        if c is None:
            for k, v in self._by_org.items():
                if set(key) <= set(k) or set(k) <= set(key):
                    c = v
                    break
        if c is None:
            c = self._new("organization")
            self._by_org[key] = c
        return c

    def _last_pos(self, c: Cluster) -> int:
        for e in reversed(self.events):
            if e.cluster is c:
                return e.pos
        return -1

    def add_segment(self, seg_index: int, doc: Doc, offset: int, cands: list[Candidate],
                    *, comment: bool = False) -> list[ResolvedSpeaker]:
        """Register the names in `doc` and resolve each candidate's speaker, in text order."""
        sent_starts = [s.start_char for s in doc.sents]
        contents = [p for c in cands for p in c.pieces]
        speaker_heads = {c.subject.i for c in cands if c.subject is not None}

        def sent_no(char: int) -> int:
            return self._sent_base + max(0, bisect.bisect_right(sent_starts, char) - 1)

        ent_events = [(ent.start_char, ent) for ent in doc.ents if ent.label_ in PERSON_LABELS | ORG_LABELS]

        def register(upto: int) -> None:
            # Names are joined to speakers in text order, so a bare surname shared by two
            # people goes to the one mentioned last.
            nonlocal ev_i
            while ev_i < len(ent_events) and ent_events[ev_i][0] < upto:
                pos, ent = ent_events[ev_i]
                ev_i += 1
                cluster = self._register_ent(ent)
                if cluster is not None:
                    self._event(pos + offset, sent_no(pos), cluster, ent.root, contents, speaker_heads, seg_index)

        results: dict[int, ResolvedSpeaker] = {}
        ordered = sorted(range(len(cands)), key=lambda k: cands[k].cue[0].idx if cands[k].cue else cands[k].start)
        ev_i = 0
        for k in ordered:
            cand = cands[k]
            anchor = cand.subject.idx if cand.subject is not None else cand.start
            register(anchor)
            if cand.subject is None:
                continue
            members = coordinated_names(cand.subject)
            if len(members) > 1:  # "Anna Berg, Omar Haddad and Ines Lund said": the three of them
                parts = [self._resolve_member(m, doc, offset, sent_no(m.idx), seg_index, comment=comment)
                         for m in members]
                toks = mention_tokens(members[0]) + mention_tokens(members[-1])
                cluster = self._group_of([c for c in parts if c is not None], doc_slice(toks))
            else:
                cluster = self._resolve_token(cand.subject, doc, offset, sent_no(cand.subject.idx), seg_index,
                                              comment=comment)
                toks = mention_tokens(cand.subject)
            mention = (toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset)
            results[k] = ResolvedSpeaker(cluster, mention)
            if cluster is not None:
                self.events.append(_Event(cand.subject.idx + offset, sent_no(cand.subject.idx), cluster,
                                          True, True, False, seg_index))
        register(len(text_of(doc)) + 1)
        # Context attributions take the speaker of the quote they follow.
        out: list[ResolvedSpeaker] = []
        index = {id(c): k for k, c in enumerate(cands)}
        for k, cand in enumerate(cands):
            if k in results:
                out.append(results[k])
            elif cand.context_of is not None and index.get(id(cand.context_of)) in results:
                prev = results[index[id(cand.context_of)]]
                out.append(ResolvedSpeaker(prev.cluster, prev.mention))
            else:
                out.append(ResolvedSpeaker(None, None))
        self._sent_base += len(sent_starts)
        return out

    def _resolve_member(self, tok: Token, doc: Doc, offset: int, sent: int, seg: int, *, comment: bool
                        ) -> Cluster | None:
        """One name of a list of people who speak together: a person whatever label the tagger gave
        the name ("Ines Lund" tagged PRODUCT beside two PERSONs), unless it is an organisation's."""
        if tok.ent_type_ not in ORG_LABELS:
            words = [t.text for t in run_of(tok, mention_tokens(tok), self._is_person)
                     if t.pos_ == "PROPN" and t.is_alpha]
            words = strip_titles(words, self.lang) if words else []
            if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
                cluster = self.person_for(words)
                if cluster is not None:
                    cluster.add_surface(" ".join(words), name=True)
                    return cluster
        return self._resolve_token(tok, doc, offset, sent, seg, comment=comment)

    def _is_person(self, run: list[Token]) -> bool:
        """A run of name tokens that is a person: a PERSON entity, a known first name, or a name
        already known as a person's in this document ("Vass/Kross")."""
        words = [t.text for t in run if t.is_alpha]
        return _person_run(run) or (bool(words) and self.person_for(words, create=False) is not None)

    def _group_of(self, members: list[Cluster], text: str) -> Cluster | None:
        """The group of several speakers who say one thing together, named as the text lists them
        ("Anna Berg, Omar Haddad and Ines Lund"); the same members make the same group."""
        if len(members) < 2:
            return members[0] if members else None
        key = "+".join(str(c.cid) for c in members)
        c = self._by_group.get(key)
        if c is None:
            c = self._new("group")
            c.members = list(members)
            self._by_group[key] = c
        c.add_surface(text, name=True)
        return c

    def _register_ent(self, ent: Span) -> Cluster | None:
        doc = ent.doc
        runs = name_runs(list(ent), self._is_person)
        if len(runs) > 1:  # "Vass/Kross", "Berg and Lund": several people, each registered alone
            clusters = [self._register_ent(Span(doc, r[0].i, r[-1].i + 1, label=ent.label_)) for r in runs]
            at_root = next((c for r, c in zip(runs, clusters) if ent.root in r), None)
            return at_root or next((c for c in clusters if c is not None), None)
        words = [t.text for t in ent if not t.is_punct and t.dep_ != "case"]
        after_role = ent.start > 0 and doc[ent.start - 1].lower_ in people(self.lang).roles | people(self.lang).titles
        if looks_like_person(words, ent.label_, after_role=after_role, lang=self.lang) or (
                ent.label_ != "PERSON" and len(words) <= 2 and self.person_for(words, create=False) is not None):
            words = strip_titles(words, self.lang)
            cluster = self.person_for(words)
        elif ent.label_ == "ORG":
            cluster = self.org_for(words)
        else:
            return None
        if cluster is None:
            return None
        cluster.add_surface(_strip_possessive(" ".join(words) if cluster.kind == "person" else ent.text), name=True)
        if cluster.kind == "person":
            self._note_role(cluster, ent)
        return cluster

    def _event(self, pos: int, sent: int, cluster: Cluster, root: Token, contents, speaker_heads, seg: int) -> None:
        local = root.idx
        in_content = any(s <= local < e for s, e in contents)
        self.events.append(_Event(pos, sent, cluster, root.dep_ in ("nsubj", "nsubjpass"),
                                  root.i in speaker_heads, in_content, seg))

    # -- roles ------------------------------------------------------------------------------
    def _note_role(self, cluster: Cluster, ent: Span) -> None:
        p = people(self.lang)
        doc = ent.doc
        # Title words before the name: "Russian Foreign Minister Sergey Lavrov".
        words: list[Token] = []
        i = ent.start - 1
        sent_start = ent.sent.start
        while i >= sent_start and len(words) < 7:
            t = doc[i]
            if t.is_punct or t.is_space:
                break
            if t.pos_ in ("DET", "VERB", "AUX", "PRON", "ADP", "CCONJ", "SCONJ") and t.lower_ != "of":
                break
            if t.ent_type_ in PERSON_LABELS and t.i < ent.start - 1 and not t.is_title:
                break
            if t.is_lower and t.lower_ not in p.roles and t.pos_ not in ("ADJ",) and t.lower_ != "of":
                break
            words.insert(0, t)
            i -= 1
        while words and words[0].lower_ in ("of", "and", "'s", "’s"):
            words.pop(0)
        # Title words the tagger put inside the name belong to the role ("Secretary of | State Varga").
        inner = [t for t in ent if t.lower_ in p.titles or t.lower_ in p.roles]
        inner = [t for t in inner if t.i < ent.end - 1 and all(x.lower_ in p.titles or x.lower_ in p.roles for x in ent[: t.i - ent.start + 1])]
        role = _role_text(words + inner, p.roles | p.titles)
        if role is None:
            # Apposition: "Sergey Lavrov, Russia's foreign minister, said ..." or "Lavrov, 67,".
            for child in ent.root.children:
                if child.dep_ == "appos" and child.i >= ent.end:
                    sub = [t for t in child.subtree if not t.is_punct]
                    if len(sub) == 1 and sub[0].like_num:
                        cluster.age = sub[0].text
                        continue
                    sub = [t for t in sub if t.dep_ not in ("relcl",)][:8]
                    if sub and sub[0].pos_ == "DET":
                        sub = sub[1:]
                    role = _role_text(sub, p.roles)
            nxt = doc[ent.end:ent.end + 3]
            if len(nxt) == 3 and nxt[0].text == "," and nxt[1].like_num and nxt[2].text == ",":
                cluster.age = nxt[1].text
        if role and not cluster.role:
            cluster.role = role
        for w in words:
            g = p.gendered_nouns.get(w.lower_)
            if g and not cluster.gender:
                cluster.gender = g

    # -- resolving one mention --------------------------------------------------------------
    def _resolve_token(self, tok: Token, doc: Doc, offset: int, sent: int, seg: int, *, comment: bool) -> Cluster | None:
        p = people(self.lang)
        low = tok.lower_
        pron = p.pronouns.get(low)
        if tok.pos_ == "NOUN":
            named = self._apposed_name(tok, doc, offset, sent, seg, comment=comment)
            if named is not None:
                return named
        if low in ("who", "that", "which") and tok.head.dep_ in ("relcl", "acl") :
            antecedent = tok.head.head
            if antecedent.i != tok.i:
                return self._resolve_token(antecedent, doc, offset, sent, seg, comment=comment)
        if tok.pos_ == "PROPN" or tok.ent_type_ in PERSON_LABELS | ORG_LABELS:
            # "Anton Haddad and Harbour Master Tomas Ridge": the name around the head, never a merge
            span = run_of(tok, mention_tokens(tok), self._is_person)
            # "Board chair Henrik Vass": the name starts after the last role or title word before the head
            cut = max((k + 1 for k, t in enumerate(span) if t.i < tok.i and t.is_lower
                       and (t.lower_ in p.roles or t.lower_ in p.titles)), default=0)
            toks = [t for t in span[cut:]
                    if (t.pos_ == "PROPN" or t.ent_type_ in PERSON_LABELS | ORG_LABELS) and t.is_alpha or t is tok]
            words = [t.text for t in toks if t.dep_ != "case" and not t.is_punct] or [tok.text]
            label = tok.ent_type_ or "PROPN"
            known = self.person_for(strip_titles(words, self.lang), create=False)
            role_appos = any(c.dep_ == "appos" and any(t.lower_ in p.roles for t in c.subtree) for c in tok.children)
            lone_surname = (len(words) == 1 and label in ("ORG", "PROPN", "PERSON") and tuple(w.lower() for w in words)
                            not in self._by_org and words[0].lower() not in p.org_words)
            if known is not None or looks_like_person(words, label, lang=self.lang) or role_appos or lone_surname or (
                    label in ("PROPN", "NORP") and len(strip_titles(words, self.lang)) in (2, 3)):
                cluster = known or self.person_for(strip_titles(words, self.lang))
                if cluster is not None:
                    cluster.add_surface(" ".join(strip_titles(words, self.lang)), name=True)
                    return cluster
            ent_words = _ent_words(tok) if tok.ent_type_ else words
            c = self.org_for(ent_words)
            c.add_surface(" ".join(ent_words), name=True)
            return c
        if pron is not None:
            return self._resolve_pronoun(pron, sent, offset + tok.idx, seg, comment=comment)
        return self._resolve_description(tok, sent, offset + tok.idx, seg)

    def _apposed_name(self, tok: Token, doc: Doc, offset: int, sent: int, seg: int, *, comment: bool) -> Cluster | None:
        """"The company's chief executive, Tomas Hale, said" / "The chairman of Hollin Athletic,
        Gregor Vance, said": the name in apposition is the speaker, the description its role."""
        holders = [tok] + [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                           for g in c.children if g.dep_ == "pobj"]
        for holder in holders:
            for child in holder.children:
                if child.dep_ != "appos" or not (child.ent_type_ in PERSON_LABELS or child.pos_ == "PROPN"):
                    continue
                named = self._resolve_token(child, doc, offset, sent, seg, comment=comment)
                if (named is None or named.kind != "person") and tok.lower_ in people(self.lang).roles:
                    # a role noun with a name beside it: the name is a person's, whatever the tagger said
                    words = [t.text for t in mention_tokens(child) if t.pos_ == "PROPN" and t.is_alpha]
                    named = self.person_for(strip_titles(words, self.lang)) if words else None
                    if named is not None:
                        named.add_surface(" ".join(strip_titles(words, self.lang)), name=True)
                if named is not None and named.kind == "person":
                    owner = {t.i for c in tok.children if c.dep_ in ("poss", "det") for t in c.subtree}
                    role = " ".join(t.text for t in mention_tokens(tok) if t.i <= tok.i and t.i not in owner)
                    if role and not named.role:
                        named.role = role
                    return named
        return None

    def _candidates_before(self, pos: int, seg: int, *, comment: bool, max_sents: int, sent: int):
        for e in reversed(self.events):
            if e.pos >= pos:
                continue
            if comment and e.segment != seg:
                continue
            if not comment and e.segment != seg:
                continue
            if sent - e.sent > max_sents:
                break
            yield e

    def _resolve_pronoun(self, pron: dict, sent: int, pos: int, seg: int, *, comment: bool) -> Cluster | None:
        gender, number = pron.get("gender"), pron.get("number")
        if pron.get("person") in (1, 2):
            return None
        best, best_score = None, float("-inf")
        for e in self._candidates_before(pos, seg, comment=comment, max_sents=8, sent=sent):
            c = e.cluster
            if number == "sg" and gender in ("m", "f"):
                if c.kind != "person" or (c.gender and c.gender != gender):
                    continue
            elif number == "pl":
                if c.kind == "person":
                    continue
            elif gender == "n" and c.kind == "person":
                continue
            score = -1.0 * (sent - e.sent) + (2.5 if e.speaker else 0) + (1.0 if e.subject else 0) - (1.5 if e.in_content else 0)
            score += 0.001 * e.pos / max(pos, 1)
            if gender in ("m", "f") and c.gender == gender:
                score += GENDER_KNOWN  # "She" is more likely the woman the text named than someone of unknown gender
            if score > best_score:
                best, best_score = c, score
        if best is not None and gender in ("m", "f") and not best.gender:
            best.gender = gender
        return best

    def _resolve_description(self, tok: Token, sent: int, pos: int, seg: int) -> Cluster | None:
        p = people(self.lang)
        toks = mention_tokens(tok)
        words = [t.lower_ for t in toks]
        head = tok.lemma_.lower()
        text = doc_slice(toks)
        age_match = AGE.search("".join(t.text_with_ws for t in toks))
        if age_match:
            age = age_match.group(1)
            fallback = None
            for e in self._candidates_before(pos, seg, comment=False, max_sents=30, sent=sent):
                if e.cluster.kind != "person":
                    continue
                if e.cluster.age == age:
                    return e.cluster
                if fallback is None and e.speaker:
                    fallback = e.cluster
            if fallback is not None and not (tok.lower_ in p.roles or head in p.roles):
                return fallback
        if tok.lower_ in p.roles or head in p.roles or tok.lower_ in p.gendered_nouns:
            mods = {w for w in words if w not in ("the", "a", "an", "this", "that")}
            best, best_score = None, 0.0
            for e in self._candidates_before(pos, seg, comment=False, max_sents=10_000, sent=sent):
                c = e.cluster
                if c.kind != "person" or not c.role:
                    continue
                role_words = {w.lower() for w in _WORD.findall(c.role)}
                if head not in role_words and tok.lower_ not in role_words:
                    continue
                score = 1 + len(mods & role_words) + 0.001 * e.pos / max(pos, 1)
                if score > best_score:
                    best, best_score = c, score
            if best is not None:
                best.add_surface(text)
                return best
        if tok.lower_ in p.groups or head in p.groups or tok.tag_ in ("NNS", "NNPS"):
            key = head
            c = self._by_group.get(key)
            if c is None:
                c = self._new("group")
                self._by_group[key] = c
            c.add_surface(text)
            return c
        if head in p.orgs or tok.lower_ in p.orgs:
            best = None
            for e in self._candidates_before(pos, seg, comment=False, max_sents=10_000, sent=sent):
                if e.cluster.kind == "organization" and any(tok.lower_ in n or head in n for n in e.cluster.names + list(self._org_keys(e.cluster))):
                    best = e.cluster
                    break
            if best is None:
                best = self.org_for([t.text for t in toks])
            best.add_surface(text)
            return best
        c = self.org_for([t.text for t in toks]) if head in p.orgs else self._new("unknown")
        c.add_surface(text)
        return c

    def _org_keys(self, c: Cluster):
        return [k for k, v in self._by_org.items() if v is c]


@lru_cache(maxsize=65_536)
def _name_match(known: tuple[str, ...], new: tuple[str, ...]) -> int:
    """How well a name key matches a known one: 3 same, 2 one contains the other, 1 same surname
    with compatible first names, 0 no match. Cached: a long document asks the same pairs again."""
    if known == new:
        return 3
    if set(new) <= set(known) or set(known) <= set(new):
        # A lone first name matches too ("Hillary" for "Hillary Clinton").
        return 2
    if known[-1] == new[-1] or (_may_reach(known[-1], new[-1], 0.88)
                                and difflib.SequenceMatcher(None, known[-1], new[-1]).ratio() >= 0.88):
        if len(known) > 1 and len(new) > 1:
            a, b = known[0], new[0]
            if a[0] != b[0] or difflib.SequenceMatcher(None, a, b).ratio() < 0.7:
                return 0
            return 1
        return 1 if known[-1] == new[-1] else 0
    return 0


def _may_reach(a: str, b: str, ratio: float) -> bool:
    """Whether two strings' lengths allow a similarity ratio (2 * matches / total) this high."""
    return 2 * min(len(a), len(b)) >= ratio * (len(a) + len(b))


def _role_text(tokens: list[Token], roles: frozenset[str]) -> str | None:
    if not tokens:
        return None
    words = [t.text for t in tokens]
    lowered = [w.lower() for w in words]
    if not any(w in roles for w in lowered):
        return None
    # The role ends at its last role noun or the noun phrase that follows "of".
    return " ".join(words).strip(" ,")


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _ent_words(tok: Token) -> list[str]:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            run = run_of(tok, list(ent))
            return [t.text for t in run if not t.is_punct and t.dep_ != "case"]
    return [tok.text]


# Bonus of a person whose gender the text showed and the pronoun matches, over one of unknown gender.
GENDER_KNOWN = 1.5

# Words and marks that join names into a list: what they join is several people, never one name.
LIST_SEPARATORS = {"and", "or", "nor", "&", "/", ",", ";", "+", "vs", "vs.", "versus"}


def coordinated_names(head: Token) -> list[Token]:
    """The name heads of a coordinated subject ("Berg and Lund", "Berg, Haddad and Lund"; also when
    the parser hung the middle name as an apposition), or [head] alone. Only names count: "the
    minister and her aide" is left to the description resolver."""
    p = people(head.doc.lang_)

    def is_name(t: Token) -> bool:
        return (t.pos_ == "PROPN" or t.ent_type_ in PERSON_LABELS) and t.ent_type_ not in ORG_LABELS \
            and t.lower_ not in p.roles and t.lower_ not in p.titles

    if not is_name(head):
        return [head]
    while head.dep_ in ("conj", "appos") and head.head is not head and is_name(head.head):
        head = head.head  # start from the first name of the list
    out = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("conj", "appos") and is_name(c) and c not in out and (
                    c.dep_ == "conj" or any(g.dep_ == "conj" for g in c.children) or
                    any(g.dep_ == "cc" for g in t.children)):
                out.append(c)
                stack.append(c)
    has_cc = any(c.dep_ == "cc" for t in out for c in t.children)
    return sorted(out, key=lambda t: t.i) if len(out) > 1 and has_cc else [head]


def name_runs(toks: list[Token], is_person: Callable[[list[Token]], bool] | None = None) -> list[list[Token]]:
    """`toks` cut at list separators ("A and B", "A/B", "A, B and C") where the parts on both
    sides are people's names (`is_person`, by default: a PERSON entity or a known first name), so
    "the Trade and Investment Partnership" stays one name. A token the parser made a coordinating
    conjunction counts as a separator too."""
    is_person = is_person or _person_run
    pieces: list[list[Token]] = [[]]
    for t in toks:
        if t.lower_ in LIST_SEPARATORS or t.dep_ == "cc":
            pieces.append([t])  # the separator, kept to glue back what is one name
            pieces.append([])
        else:
            pieces[-1].append(t)
    runs: list[list[Token]] = []
    k = 0
    while k < len(pieces):
        run = list(pieces[k])
        while k + 2 < len(pieces) and not (run and pieces[k + 2] and is_person(run) and is_person(pieces[k + 2])):
            run += pieces[k + 1] + pieces[k + 2]
            k += 2
        if run:
            runs.append(run)
        k += 2
    runs = [[t for t in r if not (t.lower_ in LIST_SEPARATORS or t.dep_ == "cc")] or r for r in runs]
    return runs or [toks]


def _person_run(run: list[Token]) -> bool:
    names = people(run[0].doc.lang_)
    return any(t.ent_type_ == "PERSON" for t in run) or any(t.lower_ in names.male or t.lower_ in names.female
                                                             for t in run)


def run_of(tok: Token, toks: list[Token], is_person: Callable[[list[Token]], bool] | None = None) -> list[Token]:
    """The name run of `toks` that holds `tok` (`[tok]` when a separator is all there is)."""
    return next((r for r in name_runs(toks, is_person) if tok in r), [tok])


def doc_slice(toks: list[Token]) -> str:
    """The text of contiguous tokens as written."""
    doc = toks[0].doc
    return text_of(doc)[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
