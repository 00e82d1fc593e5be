"""Article/comment segmentation against gold: where the article ends, each comment's own words,
its author and whom it answers.

Gold, one page a line (the format of `../shared/datasets/web_comments`):
`{"id", "text", "article_end", "comments": [{"start", "end", "author", "reply_to"}]}`, offsets
into `text`; `article_end` is the first character of the comment section (a heading, a count
line, or the first comment's first word) or null when the page has no comments.

Scores:
- boundary: the predicted article ends after the gold article's last word and no later than
  `article_end` (no comment read as article, no article read as comment); pages with comments only;
- comment sections found: pages with gold comments where at least one comment is predicted;
- comments: precision and recall of comment spans, a predicted comment matching a gold one when
  their overlap covers at least half of each (one to one);
- author and reply_to accuracy on matched comments whose gold gives one (case-insensitive, "@"
  and a trailing colon ignored), and how many matched comments get a reply_to their gold lacks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from .gold import gold_lines


@dataclass(slots=True)
class SegmentScores:
    pages: int = 0
    pages_with_comments: int = 0
    boundary_right: int = 0
    sections_found: int = 0
    gold_comments: int = 0
    predicted_comments: int = 0
    matched: int = 0
    authors_gold: int = 0
    authors_right: int = 0
    replies_gold: int = 0
    replies_right: int = 0
    replies_extra: int = 0  # a reply_to predicted on a matched comment whose gold has none
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 0.0

        p, r = pct(self.matched, self.predicted_comments), pct(self.matched, self.gold_comments)
        return {
            "pages": self.pages,
            "boundary": {"right": self.boundary_right, "of": self.pages_with_comments,
                         "accuracy": pct(self.boundary_right, self.pages_with_comments)},
            "sections_found": {"found": self.sections_found, "of": self.pages_with_comments},
            "comments": {"gold": self.gold_comments, "predicted": self.predicted_comments, "matched": self.matched,
                         "precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 1) if p + r else 0.0},
            "authors": {"right": self.authors_right, "of": self.authors_gold,
                        "accuracy": pct(self.authors_right, self.authors_gold)},
            "reply_to": {"right": self.replies_right, "of": self.replies_gold,
                         "accuracy": pct(self.replies_right, self.replies_gold),
                         "predicted_where_gold_has_none": self.replies_extra},
            "seconds": round(self.seconds, 1),
        }


def read_segment_gold(path: Path) -> list[dict[str, Any]]:
    out = []
    for _, where, obj in gold_lines(path):
        text = obj.get("text")
        comments = obj.get("comments")
        if not isinstance(text, str) or not isinstance(comments, list):
            raise GoldFormatError(f"{where}: each line needs 'text' and 'comments'")
        for c in comments:
            if not (isinstance(c, dict) and isinstance(c.get("start"), int) and isinstance(c.get("end"), int)
                    and 0 <= c["start"] < c["end"] <= len(text)):
                raise GoldFormatError(f"{where}: each comment needs 'start' < 'end' within the text")
        out.append(obj)
    return out


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    return name.strip().lstrip("@").rstrip(":").strip().lower() or None


def score_page(g: dict[str, Any], segments, scores: SegmentScores) -> None:
    text = g["text"]
    gold = sorted(g["comments"], key=lambda c: c["start"])
    pred = [s for s in segments if s.kind == "comment"]
    article = [s for s in segments if s.kind == "article"]
    scores.pages += 1
    scores.gold_comments += len(gold)
    scores.predicted_comments += len(pred)
    page = str(g.get("id"))
    if gold:
        scores.pages_with_comments += 1
        scores.sections_found += bool(pred)
        end = g.get("article_end")
        if end is None:
            end = gold[0]["start"]
        last_word = len(text[:end].rstrip())
        predicted_end = max((s.end for s in article), default=0)
        # the article may stop anywhere between its last word and the comment section's start
        if last_word <= predicted_end <= end:
            scores.boundary_right += 1
        else:
            scores.errors.append(f"{page}: article ends at {predicted_end}, gold between {last_word} and {end}")
    used: set[int] = set()
    for c in gold:
        best, best_k = 0, None
        for k, s in enumerate(pred):
            if k in used:
                continue
            overlap = min(c["end"], s.end) - max(c["start"], s.start)
            if overlap * 2 >= (c["end"] - c["start"]) and overlap * 2 >= (s.end - s.start) and overlap > best:
                best, best_k = overlap, k
        if best_k is None:
            scores.errors.append(f"{page}: comment at {c['start']} not found: {text[c['start']:c['start'] + 50]!r}")
            continue
        used.add(best_k)
        scores.matched += 1
        s = pred[best_k]
        if c.get("author"):
            scores.authors_gold += 1
            ok = _norm(c["author"]) == _norm(s.author)
            scores.authors_right += ok
            if not ok:
                scores.errors.append(f"{page}: author {c['author']!r}, predicted {s.author!r}")
        if c.get("reply_to"):
            scores.replies_gold += 1
            scores.replies_right += _norm(c["reply_to"]) == _norm(s.reply_to)
        elif s.reply_to:
            scores.replies_extra += 1
            scores.errors.append(f"{page}: reply_to {s.reply_to!r} predicted, gold none")


def evaluate_segments(path: Path, *, lang: str = "en") -> SegmentScores:
    from ..records import Document
    from ..segment import split_segments

    scores = SegmentScores()
    t0 = time.perf_counter()
    for g in read_segment_gold(path):
        score_page(g, split_segments(Document(id=str(g.get("id")), text=g["text"]), lang=lang), scores)
    scores.seconds = time.perf_counter() - t0
    return scores


def render_segment_scores(scores: SegmentScores, console, *, show_errors: bool = False) -> None:
    from rich.table import Table

    s = scores.summary()
    table = Table(title=f"segmentation — {s['pages']} pages")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("article boundary right", f"{s['boundary']['accuracy']:.1f} ({s['boundary']['right']}/{s['boundary']['of']})")
    table.add_row("comment sections found", f"{s['sections_found']['found']}/{s['sections_found']['of']}")
    c = s["comments"]
    table.add_row("comments P / R / F1", f"{c['precision']:.1f} / {c['recall']:.1f} / {c['f1']:.1f}")
    table.add_row("comments gold / predicted", f"{c['gold']} / {c['predicted']}")
    table.add_row("authors right", f"{s['authors']['accuracy']:.1f} ({s['authors']['right']}/{s['authors']['of']})")
    table.add_row("reply_to right", f"{s['reply_to']['accuracy']:.1f} ({s['reply_to']['right']}/{s['reply_to']['of']})")
    table.add_row("reply_to where gold has none", str(s["reply_to"]["predicted_where_gold_has_none"]))
    console.print(table)
    if show_errors:
        from ..output.safe import safe_line

        for e in scores.errors:
            console.print(safe_line(e), markup=False)
