"""Date expressions normalised against the document date, and the events announced for them.

Finding: spaCy's DATE entities (plus the TIME entities that name a day part, "this morning").
Normalising: our rules for what `dateparser` leaves open or gets wrong in news — bare weekdays
and months resolved by the tense of the verb that governs them (a past "on Friday" is the last
Friday, a future one the next), "the end of the month", decades, durations, "since/until/by"
relations — and `dateparser` (DateDataParser with the document date as RELATIVE_BASE) for
the rest. The value is ISO 8601 at the expression's own granularity (TimeML's TIMEX3 value
convention: "2017-04-14", "2017-W16", "2017-05", "2017", "201X", "P3D").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lang import load
from ..records import DateMention, Event

# ISO 8601 duration letters of the units the rules know (the words for them are the language's).
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "Y", "century": "Y"}


@dataclass(frozen=True)
class _Words:
    """A language's date words (lang/<lang>/dates.json) and the patterns built from them."""

    d: dict
    leading: re.Pattern[str]
    period: re.Pattern[str]
    weekday: re.Pattern[str]
    month: re.Pattern[str]
    ago: re.Pattern[str]
    duration: re.Pattern[str]
    age: re.Pattern[str]
    units: dict[str, str]  # every written form of a unit -> the unit
    singular: dict[str, str]  # the singular forms alone

    def __getitem__(self, key: str):
        return self.d[key]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _words(lang: str) -> _Words:
    d = load(lang, "dates")
    singular = dict(d["unit_words"])
    units = singular | dict(d["unit_plurals"])
    unit = _alt(units)
    short = _alt(u for u, base in singular.items() if base in ("week", "month", "year"))
    steps = _alt(d["steps"])
    return _Words(
        d=d,
        leading=re.compile(rf"^(?:{_alt(d['leading_words'])})\s+"),
        period=re.compile(rf"({steps}) ({short})"),
        weekday=re.compile(rf"(?:({steps}) )?({_alt(d['weekdays'])})(?: ({_alt(d['part_of_day'])}))?"),
        month=re.compile(rf"(?:({steps}) )?({_alt(d['months'])})"),
        ago=re.compile(rf"(?:(?P<n>\d+|[a-z]+) )?(?P<unit>{unit}) (?:{_alt(d['ago'])})"),
        duration=re.compile(rf"^(?:{re.escape(d['article'])} )?(?:(?:{_alt(d['duration_leads'])}) )?(?P<n>\d+|[a-z]+)?"
                            rf"[ -]?(?P<unit>{unit})$", re.I),
        age=re.compile(d["age"], re.I),
        units=units,
        singular=singular,
    )


def find_dates(sdoc: Doc, offset: int, base: dt.date | None, *, segment: int = 0) -> list[DateMention]:
    """Date mentions of one parsed segment; offsets are shifted by `offset` to the document text."""
    out: list[DateMention] = []
    w = _words(sdoc.lang_)
    for ent in sdoc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        low = ent.text.lower()  # a Span builds its text from its tokens on every access
        if ent.label_ == "TIME" and low not in w["day_parts"] and not any(
                word in low for word in (*w["weekdays"], *w["time_day_words"])):
            continue
        if w.age.search(ent.text):
            continue  # an age, not a date
        relation = _relation(ent, w)
        value, granularity, modifier = normalise(ent.text, base, tense=_tense(ent.root), lang=sdoc.lang_)
        out.append(DateMention(start=ent.start_char + offset, end=ent.end_char + offset, text=ent.text,
                               value=value, granularity=granularity,  # type: ignore[arg-type]
                               relation=relation, modifier=modifier, segment=segment))
    return out


def normalise(text: str, base: dt.date | None, *, tense: str = "past", lang: str = "en"
              ) -> tuple[str | None, str, str | None]:
    """(value, granularity, modifier) of one date expression.

    `tense` ("past", "present" or "future") decides the direction of bare weekdays and months;
    the present with a date is the scheduled future of news ("the exhibition opens on April 20").
    A date that falls outside the years 1 to 9999 ("next year" in a document dated 9999-12-31)
    has no value: ISO 8601 and DuckDB's DATE stop there, and nothing is lost but that value.
    """
    try:
        value, granularity, modifier = _normalise(text, base, tense=tense, lang=lang)
    except (OverflowError, ValueError):
        return None, "unknown", None
    if value is not None and not _IN_RANGE.match(value):
        return None, granularity, modifier
    return value, granularity, modifier


# A value within years 0001-9999 (durations "P3M" and decades "199X" included).
_IN_RANGE = re.compile(r"P|(?!0000)\d{3}[\dX](?:$|-)")


def _normalise(text: str, base: dt.date | None, *, tense: str, lang: str) -> tuple[str | None, str, str | None]:
    if tense == "present":
        tense = "future"
    w = _words(lang)
    t = " ".join(text.lower().replace("’", "'").split())
    t = w.leading.sub("", t)
    modifier = None
    for phrase, mod in sorted(w["modifiers"].items(), key=lambda kv: -len(kv[0])):
        if t.startswith(phrase + " ") or t.startswith(phrase + "-"):
            modifier, t = mod, t[len(phrase):].strip(" -")
            break
    if t in w["day_parts"]:
        return (_iso(base + dt.timedelta(days=w["day_parts"][t])) if base else None), "day", None
    if t in w["days"]:
        return (_iso(base + dt.timedelta(days=w["days"][t])) if base else None), "day", modifier
    m = re.fullmatch(rf"(?:{w['article']} )?(?:(\d{{2}})|(\d{{3}})0)'?s", t)
    if m:
        return (f"19{m.group(1)[0]}X" if m.group(1) else f"{m.group(2)}X"), "decade", modifier
    if re.fullmatch(r"\d{4}", t):
        return t, "year", modifier
    m = w.period.fullmatch(t)
    if m:
        unit = w.units[m.group(2)]
        if base is None:
            return None, unit, modifier
        return _shift(base, unit, w["steps"][m.group(1)]), unit, modifier
    unit = w.singular.get(t.removeprefix(w["article"] + " ")) if t.startswith(w["article"] + " ") else None
    if unit in ("week", "month", "year"):  # "the month": the one the document is in
        return (_shift(base, unit, 0) if base else None), unit, modifier
    m = w.weekday.fullmatch(t)
    if m:
        if base is None:
            return None, "day", modifier
        step = w["steps"][m.group(1)] if m.group(1) else None
        return _iso(_weekday(base, w["weekdays"].index(m.group(2)), step, tense)), "day", modifier
    m = w.month.fullmatch(t)
    if m:
        if base is None:
            return None, "month", modifier
        month = w["months"].index(m.group(2)) + 1
        year = base.year
        step = w["steps"][m.group(1)] if m.group(1) else {"future": 1, "past": -1}.get(tense)
        if step == 1 and month < base.month:
            year += 1
        elif step == -1 and month > base.month:
            year -= 1
        return f"{year:04d}-{month:02d}", "month", modifier
    m = w.ago.fullmatch(t)
    if m:
        unit = w.units[m.group("unit")]
        n = _number(m.group("n"), w)
        if base is None or n is None or unit == "century":
            return None, unit, modifier
        return _ago(base, unit, n), unit, modifier
    m = w.duration.match(t)
    if m and (m.group("n") is None or _number(m.group("n"), w) is not None):
        n = _number(m.group("n"), w) if m.group("n") else 1
        unit = w.units[m.group("unit").lower()]
        assert n is not None
        count = n * 10 if unit == "decade" else n * 100 if unit == "century" else n
        return f"P{count}{UNIT_CODES[unit]}", "duration", modifier
    return _dateparser(t, base, tense, modifier, lang)


# Words with no digit that dateparser could not read as a date ("the summer", "recent years"), by
# language: whether it can read them does not depend on the day they are read from, and each attempt
# costs about 0.6 ms.
_UNREADABLE: dict[str, set[str]] = {}


@lru_cache(maxsize=8192)  # the same words on the same day are read alike: a corpus repeats them
def _dateparser(t: str, base: dt.date | None, tense: str, modifier: str | None, lang: str
                ) -> tuple[str | None, str, str | None]:
    unreadable = _UNREADABLE.setdefault(lang, set())
    if t in unreadable:
        return None, "unknown", modifier
    parser = _parser(base, "future" if tense == "future" else "current_period", lang)
    try:
        data = parser.get_date_data(t)
    except Exception:  # dateparser raises on some odd strings; a date we cannot read is None, not a failure
        data = None
    when, period = (data.date_obj, data.period) if data is not None else (None, None)
    if when is None:
        if len(unreadable) < 100_000 and not any(ch.isdigit() for ch in t):  # "the 31st" may fail in February only
            unreadable.add(t)
        return None, "unknown", modifier
    explicit_year = bool(re.search(r"\b\d{4}\b", t))
    d = when.date()
    if base is not None and not explicit_year and period == "day":
        # A day and month with no year: the nearest such date in the direction of the tense.
        if tense == "past" and d > base + dt.timedelta(days=7):
            d = d.replace(year=d.year - 1)
        elif tense == "future" and d < base - dt.timedelta(days=7):
            d = d.replace(year=d.year + 1)
    if base is None and not explicit_year and period in ("day", "month"):
        return None, period, modifier
    if period == "year":
        return f"{d.year:04d}", "year", modifier
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month", modifier
    if period == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}", "week", modifier
    if period in ("day", "time"):
        return _iso(d), "day", modifier
    return None, "unknown", modifier


@lru_cache(maxsize=512)
def _parser(base: dt.date | None, prefer: str, lang: str):
    from dateparser.date import DateDataParser

    settings: dict = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=[lang], settings=settings)


def _number(word: str | None, w: _Words) -> int | None:
    if word is None:
        return 1
    if word.isdigit():
        return int(word)
    return w["number_words"].get(word)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _shift(base: dt.date, unit: str, step: int) -> str:
    if unit == "week":
        iso = (base + dt.timedelta(weeks=step)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "month":
        m = base.year * 12 + base.month - 1 + step
        return f"{m // 12:04d}-{m % 12 + 1:02d}"
    return f"{base.year + step:04d}"


def _ago(base: dt.date, unit: str, n: int) -> str:
    if unit == "day":
        return _iso(base - dt.timedelta(days=n))
    if unit == "decade":
        return f"{(base.year - 10 * n) // 10}X"
    return _shift(base, unit, -n)


def _weekday(base: dt.date, wd: int, step: int | None, tense: str) -> dt.date:
    """The weekday `wd` next (step 1), last (-1) or this week (0) from `base`; with no word
    saying which, the tense decides."""
    delta = wd - base.weekday()
    if step == 1:
        return base + dt.timedelta(days=delta % 7 or 7)
    if step == -1:
        return base - dt.timedelta(days=(-delta) % 7 or 7)
    if step == 0:
        return base + dt.timedelta(days=delta)
    if tense == "future":
        return base + dt.timedelta(days=delta % 7)
    return base - dt.timedelta(days=(-delta) % 7)


def _relation(ent: Span, w: _Words) -> str | None:
    """How the date relates to what happens: the preposition before it or at its start ("since",
    "by"), as the relation name it stands for."""
    relations = w["relations"]
    first = ent[0].lower_
    if first in relations:
        return relations[first]
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in relations:
        return relations[prev.lower_]
    since = w["since_phrase"]
    if ent.start >= len(since) and [t.lower_ for t in ent.doc[ent.start - len(since):ent.start]] == since:
        return "since"
    return None


def _governor(tok: Token) -> Token:
    """The verb a date hangs from."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _tense(tok: Token) -> str:
    verb = _governor(tok)
    w = _words(tok.doc.lang_)
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} | {verb.lower_}
    would = bool(words.intersection(w["past_of_future"]))
    if words.intersection(w["future_auxiliaries"]):
        return "future"
    if verb.tag_ == "VB" and words.intersection(w["infinitive"]):
        return "future"
    if any(c.lower_ in w["future_words"] for c in [verb, *verb.children]):
        return "future"
    if verb.lemma_ in w["future_lemmas"]:
        return "future"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass")):
        # "would" is the past of "will": reported future ("would be published on April 14")
        return "future" if would else "past"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ not in w["copula"]:
        return "present"
    return "future" if would else "past"


def find_events(sdoc: Doc, offset: int, dates: list[DateMention], base: dt.date | None) -> list[Event]:
    """Events announced for a date: a sentence naming an event (summit, vote, talks) or speaking of the
    future, with a date that is not in the past."""
    out: list[Event] = []
    for d in dates:
        if d.value is None or d.granularity in ("duration", "unknown", "decade"):
            continue
        span = sdoc.char_span(d.start - offset, d.end - offset, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        verb = _governor(span.root)
        tense = _tense(span.root)
        future = tense == "future"
        later = base is not None and d.value > _iso(base)[: len(d.value)]
        if base is not None and d.value < _iso(base)[: len(d.value)]:
            continue
        noun = _event_noun(sent, span)
        deadline = d.relation in ("by", "until", "before") and tense != "past" or \
            d.relation == "by" and d.modifier == "end"
        if not (future or deadline or (later and noun is not None)):
            continue
        label = _noun_phrase(noun) if noun is not None else _clause(verb, span)
        if not label:
            continue
        out.append(Event(label=label, date=d.value, granularity=d.granularity, date_text=d.text,
                         start=sent.start_char + offset, end=sent.end_char + offset, deadline=deadline))
    return out


def _event_noun(sent: Span, date: Span) -> Token | None:
    w = _words(sent.doc.lang_)
    events = w["event_nouns"]
    best = None
    for tok in sent:
        if date.start <= tok.i < date.end or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.lemma_.lower() in events or tok.lower_ in events:
            # the noun nearest the date in the parse wins
            dist = abs(tok.i - date.root.i)
            if best is None or dist < best[0]:
                best = (dist, tok)
    if best is None:
        return None
    tok = best[1]
    # "the next round of talks": the noun that the of-phrase hangs from names the event
    while tok.head.lower_ == w["of"] and tok.head.head.pos_ == "NOUN" and tok.head.head.i != tok.i:
        tok = tok.head.head
    return tok


def _noun_phrase(tok: Token) -> str:
    # "the next round of talks": the noun with its modifiers and an of-phrase
    left = [t for t in tok.lefts if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod")]
    start = min([t.left_edge.i for t in left] + [tok.i])
    end = tok.i + 1
    for r in tok.rights:
        if r.dep_ == "amod":
            end = max(end, r.right_edge.i + 1)
        if r.dep_ == "prep" and r.lower_ == _words(tok.doc.lang_)["of"]:
            end = r.right_edge.i + 1
    words = tok.doc[start:end].text
    return words


def _clause(verb: Token, date: Span) -> str:
    toks = [t for t in verb.subtree if not (date.start <= t.i < date.end)
            and not (t.dep_ in ("mark", "punct") and t.i in (verb.left_edge.i, verb.right_edge.i))]
    # drop the date's own preposition and anything after a subordinate clause of the verb
    skip = {date.root.head.i} if date.root.head.dep_ in ("prep", "agent") and date.root.head.head == verb else set()
    for c in verb.children:
        if c.dep_ in ("advcl", "ccomp", "conj", "cc", "mark") or c.dep_ == "prep" and c.i in skip:
            skip.update(t.i for t in c.subtree)
    words = [t.text for t in toks if t.i not in skip and not t.is_space and not t.is_quote]
    while words and words[0].lower() in _words(verb.doc.lang_)["clause_leads"]:
        words.pop(0)
    text = " ".join(words[:12])
    return re.sub(r"\s+([,.;:!?'])", r"\1", text).strip(" ,.")
