"""Reading gold files in the format of `shared/datasets/README.md`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError


@dataclass(frozen=True, slots=True)
class GoldQuote:
    quote: tuple[int, int]
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    type: str | None
    attr_id: str | None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    date: str | None
    quotes: tuple[GoldQuote, ...]
    language: str = "en"


def _span(v, where: str) -> tuple[int, int] | None:
    if v is None:
        return None
    if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v)):
        raise GoldFormatError(f"{where}: a span must be [start, end], got {v!r}")
    return (v[0], v[1])


def gold_lines(path: Path):
    """(line number, where, object) for each non-empty line of a JSON Lines gold file, `where`
    being "PATH:LINE"; a line that is not a JSON object raises GoldFormatError naming it."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: malformed JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise GoldFormatError(f"{where}: each line must be a JSON object")
            yield lineno, where, obj


def read_gold(path: Path, *, limit: int | None = None) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for lineno, where, obj in gold_lines(path):
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("quotes"), list):
            raise GoldFormatError(f"{where}: each line needs 'text' and 'quotes'")
        quotes = []
        for q in obj["quotes"]:
            span = _span(q.get("quote"), where)
            if span is None:
                continue
            quotes.append(GoldQuote(span, _span(q.get("speaker"), where), _span(q.get("cue"), where),
                                    q.get("type"), q.get("attr_id")))
        docs.append(GoldDoc(str(obj.get("id", lineno)), obj["text"], obj.get("date"), tuple(quotes),
                            obj.get("language", "en")))
        if limit and len(docs) >= limit:
            break
    return docs


def analysed(gold: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Any]]:
    """Each gold document (`text`, `date`, `id`) with the `Analysis` of its text, the documents
    parsed together in batches as `analyze_batch` does; a text that cannot be read (empty)
    raises GoldFormatError naming it."""
    from ..analyze import analyze_batch
    from ..ingest import document_from_text
    from ..records import Failure

    docs = []
    for n, g in enumerate(gold, start=1):
        doc = document_from_text(g["text"], doc_id=str(g.get("id", n)), date=g.get("date"))
        if isinstance(doc, Failure):
            raise GoldFormatError(f"gold document {doc.doc_id}: {doc.reason}")
        docs.append(doc)
    return list(zip(gold, analyze_batch(docs, catch=False)))


def score_each(gold: list[dict[str, Any]], scores, score_document):
    """`scores` after `score_document(gold document, its analysis, scores)` for every gold
    document, with the time the analyses and scoring took in `scores.seconds`."""
    import time

    t0 = time.perf_counter()
    for g, a in analysed(gold):
        score_document(g, a, scores)
    scores.seconds = time.perf_counter() - t0
    return scores
