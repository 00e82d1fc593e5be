"""Interview transcripts: a paragraph opening with a speaker label ("PENCE: Well, ...",
"Q: ...") is that speaker's direct speech, with no quotation marks."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..nlp import text_of
from .candidate import Candidate
from .cues import Lexicon
from .spans import trim

# An upper-case label of one to three words, then a colon, at the start of a paragraph.
LABEL = re.compile(r"[\"“]?(?P<label>[A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+){0,2}):[ \t]+(?=\S)")
# Title-case labels count when they name someone ("Pat Caddell: Voters are worried") or a poll
# (the lexicon's transcript_sources).
NAMED = {"PERSON", "ORG", "NORP", "GPE"}


def find_transcript_turns(doc: Doc, paragraphs: list[tuple[int, int]], lex: Lexicon) -> list[Candidate]:
    text = text_of(doc)
    not_speakers = lex.transcript_not_speakers
    found = []
    for ps, pe in paragraphs:
        start = ps
        while start < pe and text[start].isspace():
            start += 1
        m = LABEL.match(text, start, pe)
        if not m or len(m.group("label")) < 2 or any(w in not_speakers for w in (m.group("label"), *m.group("label").split())):
            continue
        found.append((m, pe))
    turns: dict[str, int] = {}
    for m, _ in found:
        turns[m.group("label")] = turns.get(m.group("label"), 0) + 1
    out = []
    for m, pe in found:
        label = m.group("label")
        if label.isupper() and " " not in label and turns[label] < 2 and not _named_elsewhere(label, text, m.start("label")):
            continue  # "CURRENCIES: The dollar ...": a one-word section label, not a speaker's turn
        label_tok = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        headline = False
        if label_tok is not None and not label.isupper():
            named = any(t.ent_type_ in NAMED for t in label_tok) or label.lower() in lex.transcript_sources
            if named and " " not in label and turns[label] == 1 and label.lower() not in lex.transcript_sources:
                # one word, once ("Background: the border was redrawn"): a name only if the story
                # names someone so; the tagger takes many a section label for a name
                named = _named_in_story(doc, label, m.start("label"))
            if not named and turns[label] == 1 and m.start() <= paragraphs[0][1]:
                # A headline in the news convention "Brezko: Troops Will Stay": its label is a name
                # the story itself gives someone; the rest is what they said, in the editor's words.
                named = headline = _named_in_story(doc, label, m.start("label"))
            if not named or len(text[m.end():pe].split()) < 4:
                continue
        colon = doc.char_span(m.end("label"), m.end("label") + 1, alignment_mode="expand")
        if label_tok is None or colon is None:
            continue
        s, e = trim(text, m.end(), pe, drop_that=False)
        if e - s < 2:
            continue
        out.append(Candidate(pieces=[(s, e)], act="speech", verbatim=not headline, cue=(colon[0],), subject=label_tok.root,
                             clause={t.i for t in label_tok} | {colon[0].i}))
    return out


def _named_in_story(doc: Doc, label: str, at: int) -> bool:
    """Whether the last word of a title-case label is part of a person's or an organisation's
    name the parser found elsewhere in the text ("Brezko" of "Foreign Minister Anton Brezko")."""
    last = label.split()[-1]
    return any(ent.label_ in ("PERSON", "ORG") and ent.start_char != at and last in ent.text.split() for ent in doc.ents)


def _named_elsewhere(label: str, text: str, at: int) -> bool:
    """Whether an upper-case label is a name the text also writes as a name ("Pence" for
    "PENCE:"): a speaker with one turn is named in the report around it."""
    last = label.split()[-1]
    name = last[:1] + last[1:].lower()
    return any(m.start() != at for m in re.finditer(rf"\b{re.escape(name)}\b", text))
