"""Scores for quote attribution.

Quote spans are compared after trimming quotation marks, edge punctuation and a leading
"that" (PolNeAR's content spans include both). Each piece of a split quote is one unit.
- exact: trimmed spans identical;
- coverage >t: the prediction covers more than t of the gold span's characters;
- overlap: they share at least one word;
- soft token F1: words in predicted spans against words in gold spans, pooled per document.
Matching is one-to-one, greedy by overlap. On quotes matched under overlap: speaker accuracy
(the predicted mention overlaps the gold source span, or the resolved name contains it),
cue accuracy (the cues overlap). End to end: a prediction counts when it matches under overlap
and its speaker is right.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Analysis
from .gold import GoldDoc, read_gold

EDGE = " \t\r\n,;:.!?—–-\"“”‘’'«»„()"
_WORD = re.compile(r"\w+")


def normalise(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without edge quotation marks, punctuation and a leading "that". The metric's own
    rule, written here: it must not move when the extractor's trimming (`quotes.spans`) changes."""
    while True:
        before = (start, end)
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        if text[start:end].lower().startswith("that "):
            start += 5
        if (start, end) == before:
            return start, end


def _words(text: str, span: tuple[int, int]) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, span[0], span[1])}


@dataclass
class Pred:
    span: tuple[int, int]
    type: str
    speaker_mention: tuple[int, int] | None
    speaker_name: str | None
    cue: tuple[int, int] | None


@dataclass
class DocScore:
    id: str
    n_gold: int
    n_pred: int
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    f1_overlap: float = 0.0


@dataclass
class EvalResult:
    counts: dict[str, float]
    docs: list[DocScore]
    seconds: float
    n_docs: int

    def summary(self) -> dict[str, Any]:
        c = self.counts

        def prf(tp_p: float, tp_r: float) -> dict[str, float]:
            p = tp_p / c["pred"] if c["pred"] else 0.0
            r = tp_r / c["gold"] if c["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}

        soft_p = c["soft_tp"] / c["soft_pred"] if c["soft_pred"] else 0.0
        soft_r = c["soft_tp"] / c["soft_gold"] if c["soft_gold"] else 0.0
        out: dict[str, Any] = {
            "documents": self.n_docs,
            "gold_quotes": int(c["gold"]),
            "predicted_quotes": int(c["pred"]),
            "exact": prf(c["exact_p"], c["exact_r"]),
            "coverage>0.3": prf(c["cov3_p"], c["cov3_r"]),
            "coverage>0.8": prf(c["cov8_p"], c["cov8_r"]),
            "overlap": prf(c["ovl_p"], c["ovl_r"]),
            "soft_token": {"precision": round(100 * soft_p, 1), "recall": round(100 * soft_r, 1),
                           "f1": round(100 * (2 * soft_p * soft_r / (soft_p + soft_r) if soft_p + soft_r else 0.0), 1)},
            "recall_by_type": {
                t: {"exact": round(100 * c[f"{t}_exact"] / c[f"{t}_gold"], 1) if c[f"{t}_gold"] else None,
                    "overlap": round(100 * c[f"{t}_ovl"] / c[f"{t}_gold"], 1) if c[f"{t}_gold"] else None,
                    "gold": int(c[f"{t}_gold"])}
                for t in ("direct", "mixed", "indirect")
            },
            "speaker_accuracy": round(100 * c["spk_ok"] / c["spk_n"], 1) if c["spk_n"] else None,
            "cue_accuracy": round(100 * c["cue_ok"] / c["cue_n"], 1) if c["cue_n"] else None,
            "end_to_end": prf(c["e2e"], c["e2e"]),
            "seconds": round(self.seconds, 1),
        }
        return out


def _match(gold: list[tuple[int, int]], pred: list[tuple[int, int]], accept) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = min(g[1], p[1]) - max(g[0], p[0])
            if ov > 0 and accept(g, p, ov):
                pairs.append((ov, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def score_documents(pairs: list[tuple[GoldDoc, list[Pred]]]) -> tuple[dict[str, float], list[DocScore]]:
    c: dict[str, float] = {k: 0.0 for k in (
        "gold", "pred", "exact_p", "exact_r", "cov3_p", "cov3_r", "cov8_p", "cov8_r", "ovl_p", "ovl_r",
        "soft_tp", "soft_pred", "soft_gold", "spk_ok", "spk_n", "cue_ok", "cue_n", "e2e",
        "direct_gold", "mixed_gold", "indirect_gold", "direct_exact", "mixed_exact", "indirect_exact",
        "direct_ovl", "mixed_ovl", "indirect_ovl")}
    docs: list[DocScore] = []
    for gd, preds in pairs:
        text = gd.text
        gspans = [normalise(text, *q.quote) for q in gd.quotes]
        keep = [i for i, s in enumerate(gspans) if s[1] > s[0]]
        gquotes = [gd.quotes[i] for i in keep]
        gspans = [gspans[i] for i in keep]
        pspans = [normalise(text, *p.span) for p in preds]
        pkeep = [i for i, s in enumerate(pspans) if s[1] > s[0]]
        preds = [preds[i] for i in pkeep]
        pspans = [pspans[i] for i in pkeep]
        c["gold"] += len(gspans)
        c["pred"] += len(pspans)
        exact = _match(gspans, pspans, lambda g, p, ov: g == p)
        cov3 = _match(gspans, pspans, lambda g, p, ov: ov / (g[1] - g[0]) > 0.3)
        cov8 = _match(gspans, pspans, lambda g, p, ov: ov / (g[1] - g[0]) > 0.8)
        ovl = _match(gspans, pspans, lambda g, p, ov: bool(_words(text, (max(g[0], p[0]), min(g[1], p[1])))))
        for key, m in (("exact", exact), ("cov3", cov3), ("cov8", cov8), ("ovl", ovl)):
            c[f"{key}_p"] += len(m)
            c[f"{key}_r"] += len(m)
        for gi, _ in exact:
            t = gquotes[gi].type or "indirect"
            c[f"{t}_exact"] += 1
        for q in gquotes:
            c[f"{q.type or 'indirect'}_gold"] += 1
        for gi, pi in ovl:
            gq, pq = gquotes[gi], preds[pi]
            c[f"{gq.type or 'indirect'}_ovl"] += 1
            speaker_ok = False
            if gq.speaker is not None:
                c["spk_n"] += 1
                gtext = text[gq.speaker[0]:gq.speaker[1]].lower()
                speaker_ok = _overlap(gq.speaker, pq.speaker_mention) or bool(
                    pq.speaker_name and len(gtext) > 2 and (gtext in pq.speaker_name.lower()))
                c["spk_ok"] += speaker_ok
            else:
                speaker_ok = pq.speaker_mention is None and pq.speaker_name is None
            if gq.cue is not None:
                c["cue_n"] += 1
                c["cue_ok"] += _overlap(gq.cue, pq.cue)
            c["e2e"] += speaker_ok
        gw: set[int] = set().union(*[_words(text, s) for s in gspans]) if gspans else set()
        pw: set[int] = set().union(*[_words(text, s) for s in pspans]) if pspans else set()
        c["soft_tp"] += len(gw & pw)
        c["soft_pred"] += len(pw)
        c["soft_gold"] += len(gw)
        matched_g = {gi for gi, _ in ovl}
        matched_p = {pi for _, pi in ovl}
        ds = DocScore(gd.id, len(gspans), len(pspans))
        ds.missed = [text[s[0]:s[1]] for i, s in enumerate(gspans) if i not in matched_g]
        ds.spurious = [text[s[0]:s[1]] for i, s in enumerate(pspans) if i not in matched_p]
        p = len(ovl) / len(pspans) if pspans else 1.0
        r = len(ovl) / len(gspans) if gspans else 1.0
        ds.f1_overlap = 2 * p * r / (p + r) if p + r else 0.0
        docs.append(ds)
    return c, docs


def preds_from_analysis(a: Analysis) -> list[Pred]:
    return [Pred((q.start, q.end), q.type,
                 (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
                 q.speaker.name if q.speaker else None,
                 (q.cue.start, q.cue.end) if q.cue else None) for q in a.quotes]


def _preds_from_json(obj: dict[str, Any]) -> list[Pred]:
    out = []
    for q in obj.get("quotes", []):
        sm = q.get("speaker_mention")
        cue = q.get("cue")
        sp = q.get("speaker")
        out.append(Pred((q["start"], q["end"]), q.get("type", "indirect"),
                        (sm["start"], sm["end"]) if sm else None, sp["name"] if sp else None,
                        (cue["start"], cue["end"]) if cue else None))
    return out


def evaluate(gold_path: Path, *, pred: Path | None = None, limit: int | None = None,
             speech_only: bool = False) -> EvalResult:
    """Score the analyzer (or saved predictions) against gold. `speech_only` runs the analyzer
    as `--speech-only` does; the gold is unchanged, so against a broad gold (PolNeAR) its
    precision is meaningful and its recall counts the thoughts it leaves out as misses."""
    from ..analyze import analyze_batch
    from ..records import Document
    from ..settings import Settings

    gold = read_gold(gold_path, limit=limit)
    t0 = time.perf_counter()
    pairs: list[tuple[GoldDoc, list[Pred]]] = []
    if pred is not None:
        by_id: dict[str, list[Pred]] = {}
        with pred.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    by_id[str(obj.get("id"))] = _preds_from_json(obj)
        pairs = [(g, by_id.get(g.id, [])) for g in gold]
    else:
        docs = [Document(id=g.id, text=g.text, date=g.date) for g in gold]
        results = analyze_batch(docs, settings=Settings(include_thoughts=not speech_only, enrich=False))
        for g, r in zip(gold, results):
            pairs.append((g, preds_from_analysis(r) if isinstance(r, Analysis) else []))
    counts, docs_scores = score_documents(pairs)
    return EvalResult(counts, docs_scores, time.perf_counter() - t0, len(gold))


def render_scores(result: EvalResult, console, *, n_errors: int = 0) -> None:
    from rich.table import Table

    s = result.summary()
    table = Table(title=f"Quote attribution — {s['documents']} documents, {s['gold_quotes']} gold / "
                        f"{s['predicted_quotes']} predicted quotes, {s['seconds']} s")
    for col in ("measure", "P", "R", "F1"):
        table.add_column(col, justify="right" if col != "measure" else "left")
    for key in ("exact", "coverage>0.3", "coverage>0.8", "overlap", "soft_token", "end_to_end"):
        v = s[key]
        table.add_row(f"quote {key}" if key != "end_to_end" else "quote + speaker (end to end)",
                      f"{v['precision']:.1f}", f"{v['recall']:.1f}", f"{v['f1']:.1f}")
    console.print(table)
    t2 = Table(title="Recall by type, and attribution on matched quotes")
    t2.add_column("measure")
    t2.add_column("exact", justify="right")
    t2.add_column("overlap", justify="right")
    t2.add_column("gold", justify="right")
    for t, v in s["recall_by_type"].items():
        t2.add_row(f"recall {t}", _fmt(v["exact"]), _fmt(v["overlap"]), str(v["gold"]))
    t2.add_row("speaker accuracy", "", _fmt(s["speaker_accuracy"]), "")
    t2.add_row("cue accuracy", "", _fmt(s["cue_accuracy"]), "")
    console.print(t2)
    if n_errors:
        worst = sorted(result.docs, key=lambda d: (d.f1_overlap, -d.n_gold))[:n_errors]
        for d in worst:
            et = Table(title=f"{d.id}: overlap F1 {100 * d.f1_overlap:.1f} ({d.n_gold} gold, {d.n_pred} predicted)",
                       show_lines=True, expand=True)
            et.add_column("missed (gold)", ratio=1)
            et.add_column("spurious (predicted)", ratio=1)
            for k in range(max(len(d.missed), len(d.spurious))):
                et.add_row(_clip(d.missed[k]) if k < len(d.missed) else "",
                           _clip(d.spurious[k]) if k < len(d.spurious) else "")
            console.print(et)


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def _clip(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
