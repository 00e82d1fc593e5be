"""A self-contained HTML page for one analysis: the text with each quote highlighted in its
speaker's colour (initials beside the colour, so colour is never the only signal), the
speakers, and the comments set apart. No external resources; all text is escaped."""

from __future__ import annotations

from html import escape

from ..records import Analysis, Quote
from .palette import colour, initials

CSS = """
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#222}
h1{font-size:1.5rem} .meta{color:#666;font-size:.9rem}
.q{border-bottom:3px solid var(--c);background:color-mix(in srgb,var(--c) 12%,white);padding:0 .1rem}
.q .who{font:bold .7rem sans-serif;color:#fff;background:var(--c);border-radius:.3rem;padding:0 .25rem;margin-right:.2rem;vertical-align:.1rem}
.q.indirect{border-bottom-style:dotted} .q.mixed{border-bottom-style:dashed}
.comments{margin-top:2rem;border-top:2px solid #999;padding-top:1rem;background:#f6f6f4}
.comment{border-left:4px solid #bbb;margin:.8rem 0;padding:.3rem .8rem}
.comment .author{font:bold .85rem sans-serif;color:#444}
.speakers{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0;padding:0;list-style:none}
.speakers li{border:2px solid var(--c);border-radius:.4rem;padding:.2rem .5rem;font:.85rem sans-serif}
.text{white-space:pre-wrap}
"""


def render_html(analysis: Analysis) -> str:
    sp_by_id = {s.id: s for s in analysis.speakers}
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{escape(analysis.title or analysis.id)} — saidwhat</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(analysis.title or analysis.id)}</h1>"]
    if analysis.date:
        parts.append(f"<p class='meta'>{escape(analysis.date)}</p>")
    parts.append("<ul class='speakers' aria-label='Speakers'>")
    for s in analysis.speakers:
        role = f" — {escape(s.role)}" if s.role else ""
        n = len(analysis.quotes_by(s.id))
        parts.append(f"<li style='--c:{colour(s.id)}'><b>{escape(initials(s.name))}</b> {escape(s.name)}{role} "
                     f"<span class='meta'>({n} quote{'s' if n != 1 else ''})</span></li>")
    parts.append("</ul>")
    article = [s for s in analysis.segments if s.kind == "article"]
    comments = [(i, s) for i, s in enumerate(analysis.segments) if s.kind == "comment"]
    for i, seg in enumerate(analysis.segments):
        if seg.kind == "article":
            parts.append("<article>")
            parts.append(_highlight(analysis, seg.start, seg.end, sp_by_id))
            parts.append("</article>")
    if comments:
        parts.append("<section class='comments' aria-label='Reader comments'><h2>Reader comments</h2>")
        for i, seg in comments:
            author = escape(seg.author or "anonymous")
            reply = f" <span class='meta'>replying to {escape(seg.reply_to)}</span>" if seg.reply_to else ""
            parts.append(f"<div class='comment'><div class='author'>{author}{reply}</div>")
            parts.append(_highlight(analysis, seg.start, seg.end, sp_by_id))
            parts.append("</div>")
        parts.append("</section>")
    del article
    parts.append("</body></html>")
    return "".join(parts)


def _highlight(analysis: Analysis, start: int, end: int, sp_by_id) -> str:
    text = analysis.text
    quotes = sorted((q for q in analysis.quotes if start <= q.start and q.end <= end), key=lambda q: q.start)
    out: list[str] = []
    pos = start
    for q in quotes:
        if q.start < pos:
            continue  # overlapping pieces: show the first
        out.append(escape(text[pos:q.start]))
        out.append(_quote_html(q, sp_by_id))
        pos = q.end
    out.append(escape(text[pos:end]))
    # One pre-wrapped block keeps paragraph breaks without splitting a quote that spans them.
    return f"<div class='text'>{''.join(out)}</div>"


def _quote_html(q: Quote, sp_by_id) -> str:
    name = q.speaker.name if q.speaker else "unattributed"
    c = colour(q.speaker.id if q.speaker else None)
    title = f"{name} · {q.type}" + (f" · cue: {q.cue.text}" if q.cue else "") + (" · by context" if q.attributed_by == "context" else "")
    tag = escape(initials(name)) if q.speaker else "?"
    sid = escape(q.speaker.id) if q.speaker else ""
    return (f"<mark class='q {q.type}' style='--c:{c}' data-speaker='{sid}' title='{escape(title, quote=True)}' tabindex='0'>"
            f"<span class='who' aria-label='{escape(name, quote=True)}'>{tag}</span>{escape(q.text)}</mark>")
