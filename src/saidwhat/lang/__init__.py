"""Language data, kept apart from the algorithms: word lists as JSON keyed by language."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The languages that have word lists: the folders here with a cue lexicon."""
    root = resources.files(__package__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("cues.json").is_file()))


@lru_cache(maxsize=None)
def load(lang: str, name: str) -> dict[str, Any]:
    """Load `lang/<lang>/<name>.json` from the package."""
    with resources.files(__package__).joinpath(lang, f"{name}.json").open("r", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_optional(lang: str, name: str) -> dict[str, Any] | None:
    """`load`, or None when the language has no such file (a learned model it was not trained for)."""
    try:
        return load(lang, name)
    except FileNotFoundError:
        return None
