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
from ..quotes.cues import load_lexicon
from ..names import gender_of_name, looks_like_person, name_key, people, strip_titles
from .coref import (PLACE_LABELS, Anaphor, Entity, anaphor_for, is_demonym, is_org_noun, is_role, load_ranker,
                    name_places, place_clash, place_keys)
from .mentions import mention_tokens
from .people_file import PeopleFile

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
    # Keys of the countries and capitals said of it ("Russian Foreign Minister ...", "in Moscow, Lavrov said").
    places: set[str] = field(default_factory=set)
    # From the user's people file: the name to report and the Wikidata id.
    canonical: str | None = None
    qid: str | None = None
    count: int = 0  # mentions so far
    speaker_count: int = 0  # times a source so far
    # An unknown someone described by an office ("the mayor" of a text that names no mayor): no
    # person entity, but "she added" may go on with them.
    described: bool = False

    def words(self) -> set[str]:
        """The lower-case words of its names, descriptions and role: what a description may share
        ("Sen." also gives "senator")."""
        out = {w.lower() for s in self.surfaces for w in _WORD.findall(s)}
        if self.role:
            out |= {w.lower() for w in _WORD.findall(self.role)}
        titles = people(self.lang).title_roles
        return out | {titles[w] for w in out if w in titles}

    @property
    def best_name(self) -> str:
        if self.canonical:
            return self.canonical
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
    pronoun: str | None = None  # "m", "f", "n" or "pl" when the mention is a pronoun


# How a speaker was found, as the report shows it.
VIA_NAME = "name"  # the name is written at the cue, or in apposition to a description
VIA_PRONOUN = "pronoun"  # a pronoun, linked to an earlier mention by the learned ranker
VIA_DESCRIPTION = "description"  # a description ("the Russian foreign minister") linked to a named speaker
VIA_WRITTEN = "as written"  # a description or group no earlier mention explains ("officials")
VIA_CONTEXT = "context"  # no source at the quote: the speaker of the quote it follows
VIA_GROUP = "list"  # several people named together ("Berg and Lund said")
VIA_ROLE_TABLE = "role table"  # a description matched to a role held in the store's other documents
VIA_PEOPLE = "people file"  # a name or role from the user's people file


@dataclass(frozen=True, slots=True)
class ResolvedSpeaker:
    cluster: Cluster | None
    mention: tuple[int, int] | None  # global char offsets of the mention as written
    via: str | None = None  # how the speaker was found: one of the VIA_ values


class SpeakerResolver:
    """Feed segments in text order with `add_segment`, then read `speakers()`."""

    def __init__(self, lang: str = "en", *, people: PeopleFile | None = None, date: str | None = None) -> None:
        self.lang = lang  # the language of the documents: its people lexicon (`lang/<lang>/people.json`)
        self.people = people  # the user's people file
        self.date = date  # the document's date: which offices the people file's people held
        self.clusters: list[Cluster] = []
        self.events: list[_Event] = []
        self._sent_base = 0
        self._by_group: dict[str, Cluster] = {}
        self._by_org: dict[tuple[str, ...], Cluster] = {}
        self._via = VIA_NAME
        self.ranker = load_ranker(lang)
        self._places_doc: Doc | None = None
        self._doc_places: set[str] = set()

    # -- building clusters from names ------------------------------------------------------
    def _new(self, kind: str) -> Cluster:
        c = Cluster(cid=len(self.clusters), kind=kind, lang=self.lang)
        self.clusters.append(c)
        return c

    def person_for(self, words: list[str], *, create: bool = True) -> Cluster | None:
        """The person these name words are: a known one (recording the new spelling, its gender
        and the people file's name), else a new one. With `create=False`, only a look-up: nothing
        is recorded and no one is made."""
        key = name_key(words, self.lang)
        if not key:
            return None
        best, listed = self._match_person(key)
        if not create:
            return best
        if best is not None:
            if listed is not None and best.canonical is None:
                best.canonical, best.qid = listed.name, listed.qid
                best.add_surface(listed.name, name=True)
            if key not in best.names:
                best.names.append(key)
            best.gender = best.gender or gender_of_name(words, self.lang)
            return best
        p = people(self.lang)
        if all(w in p.titles or w in p.roles for w in key):
            return None  # "Judge", "Senator", "General": a title with no name is nobody's name
        c = self._new("person")
        c.names.append(key)
        c.gender = gender_of_name(words, self.lang)
        if listed is not None:
            c.canonical, c.qid = listed.name, listed.qid
            c.add_surface(listed.name, name=True)
        return c

    def _match_person(self, key: tuple[str, ...]):
        """(the known person a name key matches or None, the people file's entry for it or None).
        A bare surname shared by two people goes to the one mentioned last."""
        best: Cluster | None = None
        best_rank = -1
        for c in self.clusters:
            if c.kind != "person":
                continue
            for known in c.names:
                rank = _name_match(known, key)
                if rank > best_rank or (rank == best_rank and rank > 0 and best is not None and self._last_pos(c) > self._last_pos(best)):
                    best, best_rank = c, rank
        listed = self.people.match(key) if self.people is not None else None
        if listed is not None and (best is None or best_rank <= 0 or best.canonical not in (None, listed.name)):
            # An alias of someone the people file lists: the cluster that already is that person
            best = next((c for c in self.clusters if c.canonical == listed.name), None)
            best_rank = 3 if best is not None else 0
        return (best if best_rank > 0 else None), listed

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
        ent_events = sorted(ent_events + [(s.start_char, s) for s in titled_names(doc, self.lang)], key=lambda e: e[0])
        person_ents = [(pos, ent) for pos, ent in ent_events if ent.label_ in PERSON_LABELS]

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
            self._via = VIA_NAME
            if len(members) > 1:  # "Anna Berg, Omar Haddad and Ines Lund said": the three of them
                parts = [self._resolve_member(m, doc, offset, sent_no(m.idx), seg_index, comment=comment)
                         for m in members]
                toks = mention_tokens(members[0]) + mention_tokens(members[-1])
                cluster = self._group_of([c for c in parts if c is not None], doc_slice(toks))
                self._via = VIA_GROUP
            else:
                # a pronoun or a description is never someone named in the words it reports
                named_inside = self._content_names(doc, cand, person_ents) \
                    if cand.subject.lower_ in people(self.lang).pronouns or cand.subject.pos_ == "NOUN" else frozenset()
                cluster = self._resolve_token(cand.subject, doc, offset, sent_no(cand.subject.idx), seg_index,
                                              comment=comment, exclude=named_inside)
                toks = mention_tokens(cand.subject)
            mention = (toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset)
            results[k] = ResolvedSpeaker(cluster, mention, self._via if cluster is not None else None)
            if cluster is not None:
                sig = anaphor_for(cand.subject, 0, lang=self.lang)
                self._add_event(_Event(cand.subject.idx + offset, sent_no(cand.subject.idx), cluster,
                                       True, True, False, seg_index, sig.signature if sig is not None else None))
        register(len(text_of(doc)) + 1)
        # Context attributions take the speaker of the quote they follow.
        out: list[ResolvedSpeaker] = []
        index = {id(c): k for k, c in enumerate(cands)}
        for k, cand in enumerate(cands):
            if k in results:
                out.append(results[k])
            elif cand.context_of is not None and index.get(id(cand.context_of)) in results:
                prev = results[index[id(cand.context_of)]]
                out.append(ResolvedSpeaker(prev.cluster, prev.mention, VIA_CONTEXT if prev.cluster else None))
            else:
                out.append(ResolvedSpeaker(None, None))
        self._sent_base += len(sent_starts)
        return out

    def _content_names(self, doc: Doc, cand: Candidate, person_ents: list[tuple[int, Span]]) -> set[int]:
        """The people named inside what `cand` reports ("'I love Larry,' he said"; "He said Obama
        hopes ..."): its pronoun source is none of them."""
        out: set[int] = set()
        text = text_of(doc)
        cue = cand.cue_span()
        spans = []
        for s, e in cand.pieces:
            if cue is not None and s < cue[0]:
                # content before its cue: only the quotation itself, should the span hold more
                opening = min((k for k in (text.find(q, s, e) for q in '"“‘') if k >= 0), default=e)
                s = opening
            spans.append((s, e))
        starts = [pos for pos, _ in person_ents]
        for s, e in spans:
            for _, ent in person_ents[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]:
                c = self.person_for([t.text for t in ent if t.is_alpha], create=False)
                if c is not None:
                    out.add(c.cid)
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
        kept = [t for t in ent]
        while kept and _handle_like(kept[0]):
            kept.pop(0)
        while kept and _handle_like(kept[-1]):
            kept.pop()
        if len(kept) != len(ent):
            # "gulls_22 Eklund is right": a reader's handle the tagger ran into a name is no part of it
            return self._register_ent(Span(doc, kept[0].i, kept[-1].i + 1, label=ent.label_)) if kept else None
        runs = name_runs(list(ent), self._is_person)
        if len(runs) > 1:  # "Vass/Kross", "Berg and Lund": several people, each registered alone
            clusters = [self._register_ent(Span(doc, r[0].i, r[-1].i + 1, label=ent.label_)) for r in runs]
            at_root = next((c for r, c in zip(runs, clusters) if ent.root in r), None)
            return at_root or next((c for c in clusters if c is not None), None)
        words = [t.text for t in ent if not t.is_punct and t.dep_ != "case"]
        if len(words) == 1 and self._is_place(ent):
            return None  # "Veloria", tagged a person, beside "the Velorian minister"
        after_role = ent.start > 0 and doc[ent.start - 1].lower_ in people(self.lang).roles | people(self.lang).titles
        org_appos = any(c.dep_ == "appos" and c.pos_ == "NOUN" and is_org_noun(c, self.lang) for c in ent.root.children)
        if org_appos:  # "Hydro Velora, the province's power utility": an organisation, whatever the tagger said
            cluster = self.org_for(words)
        elif looks_like_person(words, ent.label_, after_role=after_role, lang=self.lang) or (
                ent.label_ != "PERSON" and len(words) <= 2 and self.person_for(words, create=False) is not None):
            words = strip_titles(words, self.lang)
            cluster = self.person_for(words)
        elif ent.label_ == "ORG" or any(w.lower() in people(self.lang).org_words for w in words):
            cluster = self.org_for(words)  # "Eastmere Water", whatever label the tagger gave it
        else:
            return None
        if cluster is None:
            return None
        cluster.add_surface(_strip_possessive(" ".join(words) if cluster.kind == "person" else ent.text), name=True)
        if cluster.kind == "person":
            self._note_role(cluster, ent)
            # The countries of its title or apposition: "the Velorian minister" may mean this one.
            cluster.places |= name_places(ent, self.lang)
        elif ent.root.pos_ == "PROPN":
            # "Eastmere Water, the utility that ...": what an organisation is, for "the utility" later
            for child in ent.root.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    cluster.add_surface(child.lower_)
        return cluster

    def _is_place(self, ent: Span) -> bool:
        """A one-word name that is a country or capital (`lang/<lang>/places.json`), or shares its
        stem with a people's or a place's name the tagger saw elsewhere in the text ("Veloria" and
        "Velorian")."""
        word = ent.text
        keys = place_keys(word, self.lang)
        if any(not k.startswith("~") for k in keys):
            return True
        doc = ent.doc
        if self._places_doc is not doc:
            self._places_doc = doc
            self._doc_places = {k for e in doc.ents if e.label_ in PLACE_LABELS
                                for t in e for k in place_keys(t.text, self.lang)}
        return bool(keys & self._doc_places)

    def _event(self, pos: int, sent: int, cluster: Cluster, root: Token, contents, speaker_heads, seg: int) -> None:
        local = root.idx
        in_content = any(s <= local < e for s, e in contents)
        self._add_event(_Event(pos, sent, cluster, root.dep_ in ("nsubj", "nsubjpass"),
                               root.i in speaker_heads, in_content, seg))

    def _add_event(self, e: _Event) -> None:
        self.events.append(e)
        e.cluster.count += 1
        e.cluster.speaker_count += int(e.speaker)

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
        head = ent.root.head
        if role is None and ent.root.dep_ == "appos" and head.i < ent.start and (head.lower_ in p.roles or
                                                                              head.lemma_.lower() in p.roles):
            # "Hollin Athletic sacked its manager, Gregor Vance": the noun he is in apposition to
            role = _role_text([t for t in mention_tokens(head) if t.dep_ not in ("poss", "det")] or [head], p.roles)
        nxt = doc[ent.end:ent.end + 3]
        if len(nxt) == 3 and nxt[0].text == "," and nxt[1].like_num and nxt[2].text == ",":
            cluster.age = nxt[1].text  # "Vance, 58, said"
        if role and not cluster.role:
            cluster.role = role
        for w in words:
            g = p.gendered_nouns.get(w.lower_)
            if g and not cluster.gender:
                cluster.gender = g

    # -- resolving one mention --------------------------------------------------------------
    def _resolve_token(self, tok: Token, doc: Doc, offset: int, sent: int, seg: int, *, comment: bool,
                       exclude: frozenset[int] | set[int] = frozenset()) -> Cluster | None:
        """The speaker `tok` names. `exclude`: clusters a pronoun or description may not be (the
        people named in the words the attribution reports)."""
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
                return self._resolve_token(antecedent, doc, offset, sent, seg, comment=comment, exclude=exclude)
        if tok.pos_ == "PROPN" or tok.ent_type_ in PERSON_LABELS | ORG_LABELS:
            # "Anton Haddad and Harbour Master Tomas Ridge": the name around the head, never a merge
            span = run_of(tok, mention_tokens(tok), self._is_person)
            # "Board chair Henrik Vass": the name starts after the last role or title word before the head
            # ("Parent Hannah Liu said": a role word capitalised only as the sentence's first word;
            # a title there, "Councillor Ines Lund", is left to `strip_titles`, which knows it)
            cut = max((k + 1 for k, t in enumerate(span) if t.i < tok.i
                       and (t.is_lower or (t.i == t.sent.start and t.lower_ not in p.titles))
                       and (t.lower_ in p.roles or t.lower_ in p.titles)), default=0)
            toks = [t for t in span[cut:]
                    if (t.pos_ == "PROPN" or t.ent_type_ in PERSON_LABELS | ORG_LABELS) and t.is_alpha or t.i == tok.i]
            words = [t.text for t in toks if t.dep_ != "case" and not t.is_punct] or [tok.text]
            label = tok.ent_type_ or "PROPN"
            known = self.person_for(strip_titles(words, self.lang), create=False)
            role_appos = any(c.dep_ == "appos" and any(t.lower_ in p.roles for t in c.subtree) for c in tok.children)
            lone_surname = (len(words) == 1 and label in ("ORG", "PROPN", "PERSON") and tuple(w.lower() for w in words)
                            not in self._by_org and words[0].lower() not in p.org_words
                            and words[0].lower() not in p.orgs  # "Congress said"
                            and not (len(words[0]) > 1 and words[0].isupper()))  # "FBI said": an acronym
            if known is not None or looks_like_person(words, label, lang=self.lang) or role_appos or lone_surname or (
                    label in ("PROPN", "NORP") and len(strip_titles(words, self.lang)) in (2, 3)):
                cluster = self.person_for(strip_titles(words, self.lang))
                if cluster is not None:
                    cluster.add_surface(" ".join(strip_titles(words, self.lang)), name=True)
                    return cluster
            ent_words = _ent_words(tok) if tok.ent_type_ else words
            c = self.org_for(ent_words)
            c.add_surface(" ".join(ent_words), name=True)
            return c
        if pron is not None:
            return self._resolve_pronoun(pron, sent, offset + tok.idx, seg, comment=comment, exclude=exclude)
        return self._resolve_description(tok, sent, offset + tok.idx, seg, exclude=exclude)

    def _apposed_name(self, tok: Token, doc: Doc, offset: int, sent: int, seg: int, *, comment: bool) -> Cluster | None:
        """"The company's chief executive, Tomas Hale, said" / "The chairman of Hollin Athletic,
        Gregor Vance, said" / "A spokeswoman for Calder, Ines Moreau, said": the name in apposition
        is the speaker, the description its role."""
        holders = [tok] + [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "at")
                           for g in c.children if g.dep_ == "pobj"]
        for holder in holders:
            for child in holder.children:
                if child.dep_ != "appos" or not (child.ent_type_ in PERSON_LABELS or child.pos_ == "PROPN"):
                    continue
                if _affiliation(child, self.lang):
                    continue  # "Lund (D-Ore.) said": a party and state, not the speaker's name
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

    def _entities(self, pos: int, seg: int, sent: int, *, comment: bool, max_sents: int,
                  keep: Callable[[Cluster], bool], head: str | None = None) -> tuple[list[Entity], list[Cluster]]:
        """The clusters mentioned before `pos` that `keep` allows, most recent first, as the
        ranker sees them (one entity each, from its most recent mention). With the `head` of a
        description: a generic role ("the leader", "his counterpart") matches any office."""
        generic = people(self.lang).generic_roles
        synonyms = people(self.lang).role_synonyms.get(head or "", frozenset())
        entities: list[Entity] = []
        clusters: list[Cluster] = []
        seen: set[int] = set()
        found: list[tuple[_Event, int]] = []
        for e in self._candidates_before(pos, seg, comment=comment, max_sents=max_sents, sent=sent):
            if e.cluster.cid in seen:
                continue
            seen.add(e.cluster.cid)
            if keep(e.cluster):
                found.append((e, len(seen) - 1))
        # "a senior EU official ... The official warned": an unnamed someone written with the very
        # word is who it means; the generic reading of "official" for every minister is left out then.
        literal = bool(head) and any(e.cluster.described and head in e.cluster.words() for e, _ in found)
        for e, rank in found:
            c = e.cluster
            kind = c.kind if c.kind in ("person", "organization", "group") else "person" if c.described else "thing"
            words = c.words()
            if head and not literal and (c.role or c.kind == "organization") and \
                    (c.role and (head in generic or words & generic) or words & synonyms):
                words.add(head)  # "the senator" for "Sen. Obi", "the company" for "the region's power producer"
            entities.append(Entity(sent=e.sent, kind=kind, gender=c.gender, plural=c.kind == "group" or e.pronoun == "pl",
                                   words=words, places=c.places, named=bool(c.name_surfaces), subject=e.subject,
                                   speaker=e.speaker, speaker_count=c.speaker_count, count=max(c.count, 1),
                                   in_content=e.in_content, rank=rank, pronoun=e.pronoun))
            clusters.append(c)
        return entities, clusters

    def _resolve_pronoun(self, pron: dict, sent: int, pos: int, seg: int, *, comment: bool,
                         exclude: frozenset[int] | set[int] = frozenset()) -> Cluster | None:
        gender, number = pron.get("gender"), pron.get("number")
        if pron.get("person") in (1, 2):
            return None

        def agrees(c: Cluster) -> bool:
            if c.cid in exclude:
                return False
            if c.kind not in ("person", "organization", "group") and not c.described:
                # A thing is never the speaker ("it" -> "a video"), but "it" may still mean one:
                # "The ad then ... It also mentions" is the ad, not the FBI the ad names.
                return gender == "n" and number == "sg"
            if number == "sg" and gender in ("m", "f"):
                return (c.kind == "person" or c.described) and (not c.gender or c.gender == gender)
            if number == "pl":
                return c.kind != "person"
            return c.kind == "organization"  # "it" is not a person, nor "officials"

        entities, clusters = self._entities(pos, seg, sent, comment=comment, max_sents=8, keep=agrees)
        ana = Anaphor("pronoun", sent, gender=gender, number=number, subject=True, source=True)
        pick = self.ranker.best(ana, entities)
        best = clusters[pick] if pick is not None else None
        if best is not None and best.kind not in ("person", "organization", "group") and not best.described:
            best = None  # "it" is the thing just mentioned: no speaker, rather than a wrong one
        if best is not None and gender in ("m", "f") and not best.gender:
            best.gender = gender
        self._via = VIA_PRONOUN
        return best

    def _continuing(self, ana: Anaphor, entities: list[Entity]) -> int | None:
        """"Bluewave Lines said ... The company added": a description that is the source of the
        next attribution continues the speaker just quoted (the last one, within a sentence),
        when nothing known of that speaker contradicts it (another office, another country).
        The ranker, learned on GUM where such descriptions are mostly new, would leave it."""
        kinds = people(self.lang).roles | _body_kinds(self.lang)  # "the minister" is not the coach
        for k, e in enumerate(entities):
            if not e.speaker:
                continue
            if ana.sent - e.sent > 1 or k > 0:
                return None
            other_office = bool(e.words & kinds) and ana.head not in e.words
            return None if other_office else k
        return None

    def _named_org_nearby(self, ana: Anaphor, entities: list[Entity], tok: Token) -> int | None:
        """"Statistics Ruritania published its survey. The report said ...": an organisation noun
        as the source of an attribution is, in news, the organisation the text just named (within
        three sentences), the best of them by the ranker; "the report" is its publisher's voice.
        GUM, where such nouns are often new entities, does not teach the ranker this. Not when
        the text wrote that noun before outside a name ("Acme and the workers' union met. The union
        said"): then it is that thing, which no name explains."""
        doc = tok.doc
        if any(t.lemma_.lower() == ana.head and not t.ent_type_ for t in doc[max(0, tok.i - 300):tok.i]):
            return None
        kinds = _body_kinds(self.lang)
        # "the fishermen's association", "the teachers' union": named by whose it is, so it is a
        # body of its own, not whichever organisation came before, unless that one has the word
        members = {c.lower_ for c in tok.children if c.dep_ == "poss" and c.tag_ == "NNS"}
        near = [(self.ranker.score(ana, e), k) for k, e in enumerate(entities)
                if e.named and e.kind == "organization" and ana.sent - e.sent <= 3 and members <= e.words
                and (ana.head in e.words or not e.words & kinds)]  # not "the agency" when it is "the company"
        return max(near)[1] if near else None

    def _aged_name(self, tok: Token, age: str) -> Cluster | None:
        """"Vance, 58, did not hide his anger": the name before the age, also where the tagger
        gave it no entity label (so no event holds its age)."""
        doc = tok.doc
        for t in reversed(doc[max(0, tok.i - 400):tok.i]):
            if t.text == age and t.i >= 2 and doc[t.i - 1].text == "," and doc[t.i - 2].pos_ == "PROPN" \
                    and t.i + 1 < len(doc) and doc[t.i + 1].text == ",":
                words = [x.text for x in mention_tokens(doc[t.i - 2]) if x.pos_ == "PROPN" and x.is_alpha]
                found = self.person_for(words) if words else None
                if found is not None:
                    found.age = found.age or age
                    found.add_surface(" ".join(words), name=True)
                    return found
        return None

    def _resolve_description(self, tok: Token, sent: int, pos: int, seg: int, *,
                             exclude: frozenset[int] | set[int] = frozenset()) -> Cluster | None:
        p = people(self.lang)
        toks = mention_tokens(tok)
        head = tok.lemma_.lower()
        text = doc_slice(toks)
        age_match = p.age.search("".join(t.text_with_ws for t in toks))
        if age_match is None and tok.lower_ == "old":
            # "the 58-year-old" parsed apart, its "old" alone as the subject
            before = tok.doc[max(tok.sent.start, tok.i - 5):tok.i + 1]
            age_match = p.age.search(before.text)
        self._via = VIA_DESCRIPTION
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
            aged = self._aged_name(tok, age)
            if aged is not None:
                return aged
            if fallback is not None and not (tok.lower_ in p.roles or head in p.roles):
                return fallback
        role, org = is_role(tok, self.lang), is_org_noun(tok, self.lang)
        # "a spokeswoman", "a group": an indefinite description brings someone new
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one", "some") for c in tok.children)
        # "the Obama administration", "the Clinton campaign": named by its modifier, so only an
        # entity with that name may be it
        owners = {t.lower_ for t in toks if t.i < tok.i and t.pos_ == "PROPN" and t.ent_type_ not in PLACE_LABELS
                  and not is_demonym(t.text, self.lang)}
        if (role or org) and tok.tag_ not in ("NNS", "NNPS") and not indefinite:
            # "the Velorian foreign minister", "the company": the learned ranker picks the earlier
            # speaker or name it refers to, or none ("the mayor" of a text that named no mayor).
            ana = anaphor_for(tok, sent, lang=self.lang)
            if ana is not None:
                ana.subject, ana.source = True, True
                want = "person" if role else "organization"
                entities, clusters = self._entities(pos, seg, sent, comment=False, max_sents=DESCRIPTION_WINDOW,
                                                    keep=lambda c: (c.kind == want or (role and c.described))
                                                    and owners <= c.words()
                                                    and c.cid not in exclude,
                                                    head=ana.head)
                # A description that names a country is that country's official: never another's
                # (a clash), and, when someone is known as that country's, not someone whose
                # country the text never said ("the Borvian minister" beside "her Borvian
                # counterpart Karl Dessen" and "Minister Petra Novak").
                kept = [k for k, e in enumerate(entities) if not place_clash(ana, e)]
                if ana.places and any(ana.places & entities[k].places for k in kept):
                    kept = [k for k in kept if ana.places & entities[k].places]
                entities, clusters = [entities[k] for k in kept], [clusters[k] for k in kept]
                pick = self.ranker.best(ana, entities)
                if pick is None:
                    pick = self._continuing(ana, entities)
                if pick is None and org:
                    pick = self._named_org_nearby(ana, entities, tok)
                if pick is not None:
                    clusters[pick].add_surface(text)
                    return clusters[pick]
                if role and self.people is not None:
                    # "the Ruritanian foreign minister": whoever the people file says held that office then
                    hit = self.people.by_office(ana.head, set(ana.mods), self.date)
                    if hit is not None:
                        cluster = self.person_for(hit[0].name.split())
                        if cluster is not None:
                            cluster.role = cluster.role or hit[1].role
                            cluster.add_surface(text)
                            self._via = VIA_PEOPLE
                            return cluster
        self._via = VIA_WRITTEN
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
                    self._via = VIA_DESCRIPTION
                    break
            if best is None:
                best = self.org_for([t.text for t in toks])
            best.add_surface(text)
            return best
        c = self.org_for([t.text for t in toks]) if head in p.orgs else self._new("unknown")
        c.described = c.kind == "unknown" and role and tok.tag_ not in ("NNS", "NNPS")
        if c.described and not c.gender:
            c.gender = p.gendered_nouns.get(tok.lower_)  # "a spokeswoman ... she said", never "he"
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


@lru_cache(maxsize=None)
def _body_kinds(lang: str) -> frozenset[str]:
    """What kind of body an organisation is ("agency", "union", "company"), not what it
    published ("the report", "a statement"): "the company" is not the union."""
    return frozenset(people(lang).orgs - load_lexicon(lang).document_sources - {"statement"})


# How many sentences back a description looks for the speaker it refers to.
DESCRIPTION_WINDOW = 40

def _handle_like(tok: Token) -> bool:
    """A commenter's handle, not a name word: digits or underscores in it, or an @ before it."""
    return tok.text.startswith("@") or "_" in tok.text or any(ch.isdigit() for ch in tok.text)


def titled_names(doc: Doc, lang: str = "en") -> list[Span]:
    """Names the entity tagger missed after a capitalised title ("Mayor Ines Lund presented her
    plan"): two or three capitalised proper-noun words, outside any entity, as PERSON spans."""
    p = people(lang)
    covered = {t.i for ent in doc.ents for t in ent}
    out = []
    n = len(doc)
    for tok in doc:
        if not (tok.is_title and tok.lower_ in p.titles) or tok.i in covered:
            continue
        k = tok.i + 1
        while k < n and k - tok.i <= 3 and doc[k].pos_ == "PROPN" and doc[k].is_title and doc[k].is_alpha \
                and k not in covered and doc[k].lower_ not in p.titles:
            k += 1
        if 2 <= k - tok.i - 1 <= 3 and (k >= n or doc[k].pos_ != "PROPN"):
            out.append(Span(doc, tok.i + 1, k, label="PERSON"))
    return out


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
    while head.dep_ in ("conj", "appos") and head.head.i != head.i and is_name(head.head):
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
    separators = people(toks[0].doc.lang_).list_separators if toks else frozenset()
    pieces: list[list[Token]] = [[]]
    for t in toks:
        if t.lower_ in separators or t.dep_ == "cc":
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
    runs = [[t for t in r if not (t.lower_ in separators or t.dep_ == "cc")] or r for r in runs]
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


def _affiliation(tok: Token, lang: str) -> bool:
    """Whether `tok`'s phrase, brackets and commas aside, is a party and state ("D-Ore.")."""
    words = "".join(t.text_with_ws for t in tok.subtree if t.text not in ("(", ")", ",")).strip()
    return bool(people(lang).affiliation.match(words))
