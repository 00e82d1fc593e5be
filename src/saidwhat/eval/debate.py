"""Scores for the debate map and the readers' reaction against hand-annotated documents.

Gold format (JSON Lines, one document a line; see `tests/data/debate_gold.jsonl`):
    id, date, text
    dates:          [{"text": "April 14", "value": "2017-04-14"}, ...]   (value null: not resolvable)
    disagreements:  [["Okafor", "Marrow"], ...]   ([source, target] by surname: who disagrees with whom)
    agreements:     [["Amberg", "Delacroix"], ...]
    evidence:       [{"kind": "disagrees", "source": "Okafor", "target": "Marrow", "text": "Okafor rejected
                      her account", "start": 312}, ...]   (optional; data/debate/ builds it, see its GUIDE.md)
    issues:         [["a phrase of one quote", "a phrase of another on the same issue"], ...]
    comments:       [{"at": "a phrase unique to the comment", "stance": {"Surname": "support|oppose|neutral"},
                      "uncivil": ["the offending words", ...]}, ...]

- Stance: accuracy over the annotated (comment, speaker) pairs; a speaker the system did not
  find addressed counts as "neutral". Also per-class precision and recall.
- Incivility: span level (a gold span is found when a predicted span overlaps it) and comment level.
- Dates: a gold date is right when a found date mention overlaps it and has the gold value.
  Gold dates with a null value are counted apart (right when left unresolved or not reported).
- Relations: precision, recall and F1 of speaker pairs for "disagrees" and "agrees", unordered
  and directed (the gold pair is [source, target]: who disagrees with whom). Where the gold gives
  evidence, a directed pair found right is also checked for its evidence: located when the
  relation's evidence or its quote is in the gold evidence's paragraph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..records import Analysis
from .gold import gold_lines, score_each

STANCES = ("support", "oppose", "neutral")


@dataclass(slots=True)
class DebateScores:
    documents: int = 0
    stance_pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (where, gold, predicted)
    inc_gold: int = 0
    inc_found: int = 0
    inc_pred: int = 0
    inc_pred_right: int = 0
    comments_gold_uncivil: list[bool] = field(default_factory=list)
    comments_pred_uncivil: list[bool] = field(default_factory=list)
    dates: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)  # (doc, text, gold, pred)
    rel: dict[str, Counter[str]] = field(default_factory=lambda: {"disagrees": Counter(), "agrees": Counter()})
    rel_directed: dict[str, Counter[str]] = field(default_factory=lambda: {"disagrees": Counter(), "agrees": Counter()})
    issue_pairs: list[bool] = field(default_factory=list)  # gold same-issue quote pairs: kept together?
    evidence: list[bool] = field(default_factory=list)  # right directed pairs with gold evidence: located?
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        n = len(self.stance_pairs)
        right = sum(1 for _, g, p in self.stance_pairs if g == p)
        per_class = {}
        for c in STANCES:
            tp = sum(1 for _, g, p in self.stance_pairs if g == c and p == c)
            pp = sum(1 for _, _, p in self.stance_pairs if p == c)
            gp = sum(1 for _, g, _ in self.stance_pairs if g == c)
            per_class[c] = {"precision": _pct(tp, pp), "recall": _pct(tp, gp), "gold": gp}
        g, p = self.comments_gold_uncivil, self.comments_pred_uncivil
        tp_c = sum(1 for a, b in zip(g, p) if a and b)
        resolvable = [d for d in self.dates if d[2] is not None]
        unresolvable = [d for d in self.dates if d[2] is None]
        rel = {k: _prf(c) | {"directed": _prf(self.rel_directed[k])} for k, c in self.rel.items()}
        return {
            "documents": self.documents,
            "stance": {"accuracy": _pct(right, n), "pairs": n, "per_class": per_class},
            "incivility": {
                "span_precision": _pct(self.inc_pred_right, self.inc_pred), "span_recall": _pct(self.inc_found, self.inc_gold),
                "spans_gold": self.inc_gold,
                "comment_precision": _pct(tp_c, sum(p)), "comment_recall": _pct(tp_c, sum(g)),
                "comments": len(g), "comments_uncivil": sum(g),
            },
            "dates": {"accuracy": _pct(sum(1 for d in resolvable if d[2] == d[3]), len(resolvable)),
                      "gold": len(resolvable),
                      "unresolvable_left_open": _pct(sum(1 for d in unresolvable if d[3] is None), len(unresolvable)),
                      "unresolvable": len(unresolvable)},
            "relations": rel,
            "evidence": {"located": _pct(sum(self.evidence), len(self.evidence)), "pairs": len(self.evidence)},
            "issues": {"same_issue_pairs_together": _pct(sum(self.issue_pairs), len(self.issue_pairs)),
                       "pairs": len(self.issue_pairs)},
            "seconds": round(self.seconds, 1),
        }


def _pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 0.0


def _prf(c: Counter[str]) -> dict[str, float]:
    p, r = _pct(c["tp"], c["tp"] + c["fp"]), _pct(c["tp"], c["tp"] + c["fn"])
    return {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 1) if p + r else 0.0,
            "gold": c["tp"] + c["fn"]}


def read_debate_gold(path: Path) -> list[dict[str, Any]]:
    out = []
    for _, where, obj in gold_lines(path):
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("comments", []), list):
            raise GoldFormatError(f"{where}: each line needs 'text' (and 'comments' as a list)")
        out.append(obj)
    return out


def evaluate_debate(path: Path) -> DebateScores:
    return score_each(read_debate_gold(path), DebateScores(), score_document)


def _surname(a: Analysis, sid: str) -> str:
    name = next((s.name for s in a.speakers if s.id == sid), sid)
    return name.split()[-1] if name else sid


def score_document(g: dict[str, Any], a: Analysis, scores: DebateScores) -> None:
    scores.documents += 1
    text = a.text
    did = str(g.get("id"))
    by_segment = {r.segment: r for r in a.reactions}
    for c in g.get("comments", []):
        at = text.find(c["at"])
        if at < 0:
            raise GoldFormatError(f"{did}: comment phrase not in the text: {c['at']!r}")
        seg = next((i for i, s in enumerate(a.segments) if s.start <= at < s.end), None)
        r = by_segment.get(seg) if seg is not None else None
        if r is None:
            scores.errors.append(f"{did}: no comment found at {c['at']!r}")
        predicted = {_surname(a, st.speaker): st.stance for st in r.stances} if r else {}
        for who, stance in c.get("stance", {}).items():
            got = predicted.get(who, "neutral")
            scores.stance_pairs.append((f"{did}: {c['at']!r} → {who}", stance, got))
            if got != stance:
                scores.errors.append(f"{did}: stance toward {who} in {c['at']!r}: gold {stance}, got {got}")
        spans = [(inc.start, inc.end, inc.text) for inc in r.incivility] if r else []
        gold_spans = []
        seg_start, seg_end = (a.segments[seg].start, a.segments[seg].end) if seg is not None else (at, at)
        for word in c.get("uncivil", []):
            k = text.find(word, seg_start, seg_end)
            if k < 0:
                raise GoldFormatError(f"{did}: uncivil span {word!r} not in the comment at {c['at']!r}")
            gold_spans.append((k, k + len(word)))
        scores.inc_gold += len(gold_spans)
        scores.inc_found += sum(1 for gs in gold_spans if any(s < gs[1] and gs[0] < e for s, e, _ in spans))
        scores.inc_pred += len(spans)
        right = [t for s, e, t in spans if any(s < gs[1] and gs[0] < e for gs in gold_spans)]
        scores.inc_pred_right += len(right)
        for s, e, t in spans:
            if not any(s < gs[1] and gs[0] < e for gs in gold_spans):
                scores.errors.append(f"{did}: spurious incivility {t!r}")
        for gs in gold_spans:
            if not any(s < gs[1] and gs[0] < e for s, e, _ in spans):
                scores.errors.append(f"{did}: missed incivility {text[gs[0]:gs[1]]!r}")
        scores.comments_gold_uncivil.append(bool(gold_spans))
        scores.comments_pred_uncivil.append(bool(spans))
    used: set[int] = set()
    for d in g.get("dates", []):
        k = text.find(d["text"])
        while k >= 0 and k in used:
            k = text.find(d["text"], k + 1)
        if k < 0:
            raise GoldFormatError(f"{did}: date {d['text']!r} not in the text")
        used.add(k)
        hit = next((m for m in a.dates if m.start < k + len(d["text"]) and k < m.end), None)
        got = hit.value if hit else None
        scores.dates.append((did, d["text"], d.get("value"), got))
        if got != d.get("value"):
            scores.errors.append(f"{did}: date {d['text']!r}: gold {d.get('value')}, got {got}"
                                 + ("" if hit else " (not found)"))
    for group in g.get("issues", []):
        found = []
        for fragment in group:
            q = next((q for q in a.quotes if fragment in q.text), None)
            found.append(q.issue if q is not None else None)
        for i in range(len(found)):
            for j in range(i + 1, len(found)):
                together = found[i] is not None and found[i] == found[j]
                scores.issue_pairs.append(together)
                if not together:
                    scores.errors.append(f"{did}: issue split: {group[i]!r} / {group[j]!r}")
    for kind, key in (("disagrees", "disagreements"), ("agrees", "agreements")):
        gold_pairs = {frozenset(p) for p in g.get(key, [])}
        pred_pairs = {frozenset((_surname(a, r.source), _surname(a, r.target))) for r in a.relations if r.kind == kind}
        c = scores.rel[kind]
        c["tp"] += len(gold_pairs & pred_pairs)
        c["fp"] += len(pred_pairs - gold_pairs)
        c["fn"] += len(gold_pairs - pred_pairs)
        for p in pred_pairs - gold_pairs:
            scores.errors.append(f"{did}: spurious {kind} {sorted(p)}")
        for p in gold_pairs - pred_pairs:
            scores.errors.append(f"{did}: missed {kind} {sorted(p)}")
        gold_dir = {tuple(p) for p in g.get(key, [])}
        pred_dir = {(_surname(a, r.source), _surname(a, r.target)) for r in a.relations if r.kind == kind}
        d = scores.rel_directed[kind]
        for ev in g.get("evidence", []):
            if ev.get("kind") == kind and (ev["source"], ev["target"]) in pred_dir:
                found = _evidence_located(a, kind, ev)
                scores.evidence.append(found)
                if not found:
                    scores.errors.append(f"{did}: {kind} {ev['source']} > {ev['target']} found, but not its "
                                         f"evidence {ev['text']!r}")
        d["tp"] += len(gold_dir & pred_dir)
        d["fp"] += len(pred_dir - gold_dir)
        d["fn"] += len(gold_dir - pred_dir)


def _evidence_located(a: Analysis, kind: str, ev: dict[str, Any]) -> bool:
    """Whether a found relation's evidence or quote is in the paragraph of the gold evidence."""
    text = a.text
    start = int(ev.get("start", text.find(ev["text"])))
    end = start + len(ev["text"])
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end) if "\n" in text[end:] else len(text)
    for r in a.relations:
        if r.kind != kind or (_surname(a, r.source), _surname(a, r.target)) != (ev["source"], ev["target"]):
            continue
        spans = [(r.evidence.start, r.evidence.end)] if r.evidence is not None else []
        spans += [(q.start, q.end) for q in a.quotes if q.group == r.quote]
        spans += [(q.cue.start, q.cue.end) for q in a.quotes if q.group == r.quote and q.cue is not None]
        if any(s < hi and lo < e for s, e in spans):
            return True
    return False


def render_debate_scores(scores: DebateScores, console, *, show_errors: bool = False) -> None:
    from rich.table import Table

    s = scores.summary()
    t = Table(title=f"Debate map and readers: {s['documents']} documents ({s['seconds']} s)")
    t.add_column("measure")
    t.add_column("value", justify="right")
    t.add_column("of", justify="right")
    st = s["stance"]
    t.add_row("stance toward speakers, accuracy", f"{st['accuracy']:.1f}", str(st["pairs"]))
    for c, v in st["per_class"].items():
        t.add_row(f"  {c}: precision / recall", f"{v['precision']:.1f} / {v['recall']:.1f}", str(v["gold"]))
    inc = s["incivility"]
    t.add_row("incivility spans: precision / recall", f"{inc['span_precision']:.1f} / {inc['span_recall']:.1f}",
              str(inc["spans_gold"]))
    t.add_row("uncivil comments: precision / recall", f"{inc['comment_precision']:.1f} / {inc['comment_recall']:.1f}",
              f"{inc['comments_uncivil']} of {inc['comments']}")
    d = s["dates"]
    t.add_row("dates normalised correctly", f"{d['accuracy']:.1f}", str(d["gold"]))
    t.add_row("  unresolvable dates left open", f"{d['unresolvable_left_open']:.1f}", str(d["unresolvable"]))
    for k, v in s["relations"].items():
        t.add_row(f"{k} pairs: precision / recall / F1", f"{v['precision']:.1f} / {v['recall']:.1f} / {v['f1']:.1f}",
                  str(v["gold"]))
        dv = v["directed"]
        t.add_row("  directed (who against whom)", f"{dv['precision']:.1f} / {dv['recall']:.1f} / {dv['f1']:.1f}",
                  str(dv["gold"]))
    ev = s["evidence"]
    if ev["pairs"]:
        t.add_row("  right pairs with the evidence's paragraph", f"{ev['located']:.1f}", str(ev["pairs"]))
    t.add_row("same-issue quote pairs kept together", f"{s['issues']['same_issue_pairs_together']:.1f}",
              str(s["issues"]["pairs"]))
    console.print(t)
    if show_errors:
        for e in scores.errors:
            console.print(f"  {e}", markup=False)
