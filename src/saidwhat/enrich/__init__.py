"""The enrich stage: from a document's quotes and speakers to its debate map and readers' reaction.

    quotes + speakers -> issues (topics) -> positions, relations (debate) -> dates, events (dates)
                      -> reactions, quote-backs, re-quotes, summary (readers)

It takes the parsed segments once more (noun chunks, entities, sentences) and returns an
`Enrichment`, which `analyze` puts into the one `Analysis` it returns; nothing after it holds
spaCy objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from spacy.tokens import Doc

from ..records import Analysis, DateMention, Event, Issue, Position, Quote, Reaction, Readers, Relation, Segment
from ..speakers.resolve import VIA_WRITTEN
from .dates import find_dates, find_events
from .debate import cue_windows, find_relations, positions, reply_links
from .parsed import Parsed, role_words, speaker_patterns
from .quotebacks import requotes
from .reactions import react, summarise
from .topics import document_frequencies, group_issues, label_issue, quote_groups, speakers_of

__all__ = ["Enrichment", "enrich"]


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the enrich stage adds to a document's records: `analyze` puts it into the one
    `Analysis` it returns (`quotes` replace the records' quotes: each has its issue, and a
    reader's quote of the article its `requote_of`)."""

    quotes: tuple[Quote, ...]
    issues: tuple[Issue, ...]
    positions: tuple[Position, ...]
    relations: tuple[Relation, ...]
    dates: tuple[DateMention, ...]
    events: tuple[Event, ...]
    reactions: tuple[Reaction, ...]
    readers: Readers | None

    def fields(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def enrich(analysis: Analysis, segments: list[Segment], sdocs: list[Doc], *, lang: str = "en") -> Enrichment:
    """The debate map, dates and readers' reaction of one document, from its records (quotes and
    speakers) and its parsed segments; `lang` picks the word lists (`lang/<lang>/`)."""
    parsed = Parsed(list(segments), list(sdocs), analysis.text)
    article = {i for i, s in enumerate(segments) if s.kind == "article"}
    # issues
    groups = quote_groups(analysis.quotes, article)
    patterns = speaker_patterns(analysis.speakers, lang)
    roles = role_words(analysis.speakers)
    windows = cue_windows(parsed, groups)
    links = reply_links(windows, groups, patterns, roles, lang=lang)
    clusters, bags, chunks = group_issues(parsed, analysis.quotes, analysis.speakers, article, must_link=links,
                                          lang=lang)
    df = document_frequencies(bags)
    first = {g: qs[0] for g, qs in groups.items()}
    issues: list[Issue] = []
    issue_of: dict[str, str] = {}
    for k, members in enumerate(clusters, start=1):
        label, terms = label_issue(members, bags, chunks, df, len(bags))
        iid = f"i{k}"
        issues.append(Issue(id=iid, label=label, terms=terms, quotes=tuple(members),
                            speakers=speakers_of(members, first)))
        issue_of.update((g, iid) for g in members)
    with_issue = {id(q): replace(q, issue=issue_of.get(g)) for g, qs in groups.items() for q in qs}
    quotes = tuple(with_issue.get(id(q), q) for q in analysis.quotes)
    groups = {g: [with_issue[id(q)] for q in qs] for g, qs in groups.items()}
    persons = sorted((s for s in analysis.speakers if s.kind == "person"), key=lambda s: -len(analysis.quotes_by(s.id)))
    # Speakers no name explains ("a committee", "officials"): never a side of a relation
    unnamed = {s.id for s in analysis.speakers} - {q.speaker.id for q in analysis.quotes
                                                   if q.speaker is not None and q.resolved_by != VIA_WRITTEN}
    # ... nor is a body ("the city council", "Northline"): relations are between people
    unnamed |= {s.id for s in analysis.speakers if s.kind != "person"}
    relations = find_relations(parsed, windows, groups, issue_of, patterns, roles,
                               pair=[s.id for s in persons[:2]], lang=lang, unnamed=unnamed)
    pos = positions(issues, groups)
    # dates and events
    base = _date(analysis.date)
    dates: list[DateMention] = []
    events: list[Event] = []
    for i, (seg, sdoc) in enumerate(zip(segments, sdocs)):
        found = find_dates(sdoc, seg.start, base, segment=i)
        dates.extend(found)
        if seg.kind == "article":
            events.extend(find_events(sdoc, seg.start, found, base))
    # readers: they read the records' text, segments, speakers and article quotes
    reactions, backs = react(analysis, parsed, patterns, {i.id: i.terms for i in issues})
    if backs:
        quotes = tuple(requotes(quotes, backs, analysis))
    return Enrichment(quotes=quotes, issues=tuple(issues), positions=tuple(pos), relations=tuple(relations),
                      dates=tuple(dates), events=tuple(events), reactions=tuple(reactions),
                      readers=summarise(analysis, reactions))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
