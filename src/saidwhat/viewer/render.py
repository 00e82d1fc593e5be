"""HTML fragments the templates cannot build safely by themselves: a document's text with its quotes
highlighted (the same highlighter as the standalone page), and charts as inline SVG. Every piece of
text goes through `escape`; the result is `Markup` only once it is escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..output.highlight import Mark
from ..output.highlight import highlight as shared_highlight


def highlight(text: str, start: int, end: int, quotes: list[dict[str, Any]], speakers: dict[str, dict[str, Any]],
              *, uncivil: list[dict[str, Any]] = ()) -> Markup:  # type: ignore[assignment]
    """text[start:end] with its quotes (store rows) highlighted by `output.highlight`, each with its
    row number as the anchor that search results and positions link to."""
    marks = [Mark(q["start"], q["end"], q["type"], q["speaker_id"] if q["speaker_id"] in speakers else None,
                  speakers[q["speaker_id"]]["name"] if q["speaker_id"] in speakers else None, q["cue"],
                  q["attributed_by"] == "context", q["requote_of"] is not None, f"q{q['quote_index']}",
                  mention=q.get("mention"), resolved_by=q.get("resolved_by"))
             for q in quotes]
    return Markup(shared_highlight(text, start, end, marks, [(u["start"], u["end"]) for u in uncivil]))


def bar_chart(points: list[tuple[str, int]], *, label: str, width: int = 720, height: int = 140) -> Markup:
    """Counts over time as an SVG bar chart with a text alternative (title and a table-like summary)."""
    if not points:
        return Markup("<p class='meta'>No dated quotes.</p>")
    top = max(n for _, n in points) or 1
    bw = max(1.0, (width - 40) / len(points))
    bars = []
    for k, (when, n) in enumerate(points):
        h = (height - 30) * n / top
        x = 30 + k * bw
        bars.append(f"<rect x='{x:.1f}' y='{height - 20 - h:.1f}' width='{max(bw - 1, 0.5):.1f}' height='{h:.1f}'>"
                    f"<title>{escape(when)}: {n}</title></rect>")
    first, last = escape(points[0][0]), escape(points[-1][0])
    return Markup(
        f"<figure class='chart'><svg role='img' aria-label='{escape(label)}' viewBox='0 0 {width} {height}' "
        f"width='100%' preserveAspectRatio='none'><title>{escape(label)}</title>"
        f"<text x='0' y='12' class='axis'>{top}</text><text x='0' y='{height - 22}' class='axis'>0</text>"
        f"{''.join(bars)}<text x='30' y='{height - 4}' class='axis'>{first}</text>"
        f"<text x='{width - 4}' y='{height - 4}' class='axis' text-anchor='end'>{last}</text></svg>"
        f"<figcaption>{escape(label)}: {sum(n for _, n in points)} in {len(points)} periods, "
        f"at most {top}</figcaption></figure>")

