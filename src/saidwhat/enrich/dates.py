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
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..records import DateMention, Event

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "a dozen": 12,
                "dozen": 12, "several": None, "few": None, "many": None}
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "Y", "century": "Y"}
RELATIONS = {"on", "since", "until", "till", "by", "before", "after", "from", "in", "during", "through", "for"}
MODIFIERS = {"early": "start", "late": "end", "mid": "mid", "the end of": "end", "the beginning of": "start",
             "the start of": "start", "the middle of": "mid", "end of": "end", "beginning of": "start",
             "the first half of": "start", "the second half of": "end", "the turn of": "start"}
DAY_PARTS = {"this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "last night": -1,
             "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1, "tomorrow morning": 1}
EVENT_NOUNS = {"summit", "vote", "election", "referendum", "deadline", "meeting", "talks", "hearing", "conference",
               "visit", "trial", "ceremony", "launch", "session", "round", "debate", "negotiations", "inauguration",
               "poll", "ballot", "rally", "congress", "convention", "review", "report", "decision", "ruling",
               "sentencing", "auction", "strike", "march", "protest", "deal", "agreement", "treaty", "release",
               "publication", "announcement", "opening", "closure", "withdrawal", "ceasefire", "exercise"}
DURATION = re.compile(r"^(?:the )?(?:past |last |next |first |coming )?(?P<n>\d+|[a-z]+)?[ -]?"
                      r"(?P<unit>day|week|month|year|decade|century|centurie)s?$", re.I)


def find_dates(sdoc: Doc, offset: int, base: dt.date | None, *, segment: int = 0) -> list[DateMention]:
    """Date mentions of one parsed segment; offsets are shifted by `offset` to the document text."""
    out: list[DateMention] = []
    for ent in sdoc.ents:
        if ent.label_ == "TIME" and ent.text.lower() not in DAY_PARTS and not any(
                w in ent.text.lower() for w in WEEKDAYS + ("yesterday", "tomorrow", "tonight")):
            continue
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if re.search(r"\byears?[- ]old\b", ent.text, re.I):
            continue  # an age, not a date
        relation = _relation(ent)
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
    t = " ".join(text.lower().replace("’", "'").split())
    t = re.sub(r"^(?:on|since|until|till|by|before|after|from|in|during|through|for|as of|every|each)\s+", "", t)
    modifier = None
    for phrase, mod in sorted(MODIFIERS.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(phrase + " ") or t.startswith(phrase + "-"):
            modifier, t = mod, t[len(phrase):].strip(" -")
            break
    if t in DAY_PARTS:
        return (_iso(base + dt.timedelta(days=DAY_PARTS[t])) if base else None), "day", None
    if t in ("today", "now"):
        return (_iso(base) if base else None), "day", modifier
    if t == "yesterday":
        return (_iso(base - dt.timedelta(days=1)) if base else None), "day", modifier
    if t == "tomorrow":
        return (_iso(base + dt.timedelta(days=1)) if base else None), "day", modifier
    m = re.fullmatch(r"(?:the )?(?:(\d{2})|(\d{3})0)'?s", t)
    if m:
        return (f"19{m.group(1)[0]}X" if m.group(1) else f"{m.group(2)}X"), "decade", modifier
    if re.fullmatch(r"\d{4}", t):
        return t, "year", modifier
    m = re.fullmatch(r"(this|next|last|the coming|the past|the previous|the following) (week|month|year)", t)
    if m:
        if base is None:
            return None, m.group(2), modifier
        step = {"this": 0, "next": 1, "the coming": 1, "the following": 1}.get(m.group(1), -1)
        return _shift(base, m.group(2), step), m.group(2), modifier
    if t in ("the month", "the week", "the year"):
        unit = t.split()[1]
        return (_shift(base, unit, 0) if base else None), unit, modifier
    m = re.fullmatch(r"(?:(last|next|this|this coming|coming) )?(" + "|".join(WEEKDAYS) + r")(?: (morning|afternoon|evening|night))?", t)
    if m:
        if base is None:
            return None, "day", modifier
        return _iso(_weekday(base, WEEKDAYS.index(m.group(2)), m.group(1), tense)), "day", modifier
    m = re.fullmatch(r"(?:(last|next|this) )?(" + "|".join(MONTHS) + r")", t)
    if m:
        if base is None:
            return None, "month", modifier
        month = MONTHS.index(m.group(2)) + 1
        year = base.year
        direction = m.group(1) or {"future": "next", "past": "last"}.get(tense)
        if direction == "next" and month < base.month:
            year += 1
        elif direction == "last" and month > base.month:
            year -= 1
        return f"{year:04d}-{month:02d}", "month", modifier
    m = re.fullmatch(r"(?:(?P<n>\d+|[a-z]+) )?(?P<unit>day|week|month|year|decade)s? (?:ago|earlier|before)", t)
    if m:
        n = _number(m.group("n"))
        if base is None or n is None:
            return None, m.group("unit"), modifier
        return _ago(base, m.group("unit"), n), m.group("unit"), modifier
    m = DURATION.match(t)
    if m and (m.group("n") is None or _number(m.group("n")) is not None):
        n = _number(m.group("n")) if m.group("n") else 1
        unit = m.group("unit").replace("centurie", "century")
        assert n is not None
        count = n * 10 if unit == "decade" else n * 100 if unit == "century" else n
        return f"P{count}{UNIT_CODES[unit]}", "duration", modifier
    return _dateparser(t, base, tense, modifier, lang)


def _dateparser(t: str, base: dt.date | None, tense: str, modifier: str | None, lang: str
                ) -> tuple[str | None, str, str | None]:
    parser = _parser(base, "future" if tense == "future" else "current_period", lang)
    try:
        data = parser.get_date_data(t)
    except Exception:  # dateparser raises on some odd strings; a date we cannot read is None, not a failure
        return None, "unknown", modifier
    when, period = data.date_obj, data.period
    if when is None:
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


def _number(word: str | None) -> int | None:
    if word is None:
        return 1
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


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


def _weekday(base: dt.date, wd: int, which: str | None, tense: str) -> dt.date:
    delta = wd - base.weekday()
    if which in ("next", "coming", "this coming"):
        return base + dt.timedelta(days=delta % 7 or 7)
    if which == "last":
        return base - dt.timedelta(days=(-delta) % 7 or 7)
    if which == "this":
        return base + dt.timedelta(days=delta)
    if tense == "future":
        return base + dt.timedelta(days=delta % 7)
    return base - dt.timedelta(days=(-delta) % 7)


def _relation(ent: Span) -> str | None:
    first = ent[0].lower_
    if first in RELATIONS:
        return first
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in RELATIONS:
        return "until" if prev.lower_ == "till" else prev.lower_
    if prev is not None and prev.lower_ == "of" and ent.start > 1 and ent.doc[ent.start - 2].lower_ == "as":
        return "since"
    return None


def _governor(tok: Token) -> Token:
    """The verb a date hangs from."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.head is t:
            return t
        t = t.head
    return t


def _tense(tok: Token) -> str:
    verb = _governor(tok)
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} | {verb.lower_}
    if words & {"will", "shall", "'ll", "wo"}:
        return "future"
    if verb.tag_ in ("VB",) and "to" in words:
        return "future"
    if any(c.lower_ in ("going", "due", "set", "scheduled", "planned", "expected") for c in [verb, *verb.children]):
        return "future"
    if verb.lemma_ in ("plan", "schedule", "expect") or verb.tag_ == "VBN" and verb.lower_ in ("planned", "scheduled"):
        return "future"
    if verb.tag_ in ("VBD",) or any(c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass")):
        # "would" is the past of "will": reported future ("would be published on April 14")
        if "would" in words:
            return "future"
        return "past"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ != "be":
        return "present"
    if "would" in words:
        return "future"
    return "past"


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
    best = None
    for tok in sent:
        if date.start <= tok.i < date.end or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.lemma_.lower() in EVENT_NOUNS or tok.lower_ in EVENT_NOUNS:
            # the noun nearest the date in the parse wins
            dist = abs(tok.i - date.root.i)
            if best is None or dist < best[0]:
                best = (dist, tok)
    if best is None:
        return None
    tok = best[1]
    # "the next round of talks": the noun that the of-phrase hangs from names the event
    while tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN" and tok.head.head.i != tok.i:
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
        if r.dep_ == "prep" and r.lower_ == "of":
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
    while words and words[0].lower() in ("if", "that", "when", "and", "but", ","):
        words.pop(0)
    text = " ".join(words[:12])
    return re.sub(r"\s+([,.;:!?'])", r"\1", text).strip(" ,.")
