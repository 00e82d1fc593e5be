"""Canonical-speaker accuracy on documents whose every quote names the person (or organisation)
who said it, whatever the text calls them there.

Gold, one JSON document a line: `{"id", "date", "text", "quotes": [{"quote": a phrase of the
quote, "speaker": the canonical name, "form": "name" | "pronoun" | "description" | "context"}]}`
(`tests/data/speakers_gold.jsonl` is ours). A gold quote is found when a predicted quote covers
its phrase; it is right when the predicted speaker's name is the gold name, or a part of it with
the same surname ("Brezko" for "Anton Brezko"). Reported by the form the text uses at the quote,
and over all found quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..names import name_key
from .gold import gold_lines, score_each

FORMS = ("name", "pronoun", "description", "context")


@dataclass(slots=True)
class SpeakerScores:
    documents: int = 0
    found: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # doc, phrase, gold, predicted
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents, "seconds": round(self.seconds, 1)}
        for form in (*FORMS, "all"):
            g = self.gold.get(form, 0)
            if not g:
                continue
            f, r = self.found.get(form, 0), self.right.get(form, 0)
            out[form] = {"gold": g, "found": f, "right": r,
                         "accuracy": round(100 * r / f, 1) if f else 0.0}
        return out


def same_speaker(gold: str, predicted: str | None) -> bool:
    if not predicted:
        return False
    g, p = name_key(gold.split()), name_key(predicted.split())
    if not g or not p:
        return False
    return g == p or (g[-1] == p[-1] and (set(p) <= set(g) or set(g) <= set(p)))


def read_speaker_gold(path: Path) -> list[dict[str, Any]]:
    out = []
    for _, where, obj in gold_lines(path):
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("quotes"), list):
            raise GoldFormatError(f"{where}: each line needs 'text' and 'quotes'")
        for q in obj["quotes"]:
            if obj["text"].find(q.get("quote", "\0")) < 0 or q.get("form") not in FORMS:
                raise GoldFormatError(f"{where}: quote phrase not in the text, or form not one of "
                                      f"{', '.join(FORMS)}: {q.get('quote')!r}")
        out.append(obj)
    return out


def evaluate_speakers(path: Path) -> SpeakerScores:
    return score_each(read_speaker_gold(path), SpeakerScores(), score_document)


def score_document(g: dict[str, Any], a, scores: SpeakerScores) -> None:
    """Count each gold quote of `g` as found (a predicted quote covers its phrase) and right
    (its predicted speaker is the gold person), by the form the text uses at the quote."""
    scores.documents += 1
    for q in g["quotes"]:
        start = g["text"].find(q["quote"])
        end = start + len(q["quote"])
        pred = next((p for p in a.quotes if p.start <= start < p.end or start <= p.start < end), None)
        predicted = pred.speaker.name if pred is not None and pred.speaker else None
        for form in (q["form"], "all"):
            scores.gold[form] = scores.gold.get(form, 0) + 1
            if pred is None:
                continue
            scores.found[form] = scores.found.get(form, 0) + 1
            ok = same_speaker(q["speaker"], predicted)
            scores.right[form] = scores.right.get(form, 0) + int(ok)
            if not ok and form != "all":
                scores.errors.append((str(g.get("id")), q["quote"], q["speaker"], predicted))


def render_speaker_scores(scores: SpeakerScores, console, *, show_errors: bool = False) -> None:
    from rich.table import Table

    s = scores.summary()
    table = Table(title=f"canonical speaker — {scores.documents} documents, {scores.seconds:.1f} s")
    for col in ("form at the quote", "gold", "found", "speaker right", "accuracy"):
        table.add_column(col, justify="left" if col.startswith("form") else "right")
    for form in (*FORMS, "all"):
        if form in s:
            v = s[form]
            table.add_row(form, str(v["gold"]), str(v["found"]), str(v["right"]), f"{v['accuracy']:.1f}")
    console.print(table)
    if show_errors:
        from ..output.safe import safe_line

        for doc, phrase, want, got in scores.errors:
            console.print(f"{safe_line(doc)}: {safe_line(phrase[:60])!r}: gold {safe_line(want)}, "
                          f"predicted {safe_line(got or 'none')}", markup=False)
