"""HTML fragments the templates cannot build safely by themselves: a document's text with its quotes
highlighted, and charts as inline SVG. Every piece of text goes through `escape`; the result is
`Markup` only once it is escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..output.palette import colour_class, initials


def highlight(text: str, start: int, end: int, quotes: list[dict[str, Any]], speakers: dict[str, dict[str, Any]],
              *, uncivil: list[dict[str, Any]] = ()) -> Markup:  # type: ignore[assignment]
    """text[start:end] with each quote inside it wrapped in a <mark> carrying its speaker's colour and
    initials, the hover text (speaker, cue, type) and a link target; uncivil spans marked too."""
    out: list[str] = []
    pos = start
    inside = sorted((q for q in quotes if start <= q["start"] and q["end"] <= end), key=lambda q: q["start"])
    for q in inside:
        if q["start"] < pos:
            continue
        out.append(_plain(text, pos, q["start"], uncivil))
        out.append(_mark(q, text, speakers))
        pos = q["end"]
    out.append(_plain(text, pos, end, uncivil))
    return Markup("".join(out))


def _plain(text: str, start: int, end: int, uncivil) -> str:
    out, pos = [], start
    for u in sorted(uncivil, key=lambda u: u["start"]):
        if u["start"] < pos or u["end"] > end:
            continue
        out.append(str(escape(text[pos:u["start"]])))
        out.append(f"<mark class='uncivil' title='uncivil: {escape(u['kind'])}'>{escape(text[u['start']:u['end']])}"
                   f"<span class='flag-text'> [{escape(u['kind'])}]</span></mark>")
        pos = u["end"]
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def _mark(q: dict[str, Any], text: str, speakers: dict[str, dict[str, Any]]) -> str:
    sp = speakers.get(q["speaker_id"] or "")
    name = sp["name"] if sp else (q["speaker_name"] or "unattributed")
    c = colour_class(q["speaker_id"]) if sp else colour_class(None)
    tag = initials(name) if sp else "?"
    hover = f"{name} · {q['type']}" + (f" · cue: {q['cue']}" if q["cue"] else "") \
        + (" · by context" if q["attributed_by"] == "context" else "") + (" · re-quote" if q["requote_of"] else "")
    return (f"<mark id='q{q['quote_index']}' class='q {escape(q['type'])} {c}' "
            f"data-speaker='{escape(q['speaker_id'] or '')}' title='{escape(hover)}' tabindex='0'>"
            f"<span class='who' aria-label='{escape(name)}'>{escape(tag)}</span>{escape(text[q['start']:q['end']])}"
            f"</mark>")


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

