"""A self-contained HTML page for one analysis: the text with each quote highlighted in its
speaker's colour (initials beside the colour, so colour is never the only signal), the
speakers, and the comments set apart. No external resources; all text is escaped."""

from __future__ import annotations

from html import escape

from ..records import Analysis
from .highlight import Mark, highlight
from .palette import STANCE_SIGN, colour_key, initials, palette_css

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
table.map{border-collapse:collapse;width:100%;font:.85rem sans-serif;margin:1rem 0}
table.map th,table.map td{border:1px solid #ccc;padding:.3rem .4rem;vertical-align:top;text-align:left}
table.map th[scope=col]{border-top:4px solid var(--c)}
.against{color:#a00;font-weight:bold;display:block;margin-top:.2rem}
.rel{font:.85rem sans-serif}
.bars{font:.85rem sans-serif;list-style:none;padding:0}
.bars li{display:grid;grid-template-columns:12rem 1fr 8rem;gap:.5rem;align-items:center;margin:.25rem 0}
.bar{display:flex;height:1rem;border:1px solid #999;background:#eee}
.bar .support{background:#1b7837} .bar .oppose{background:#b2182b} .bar .neutral{background:#bbb}
.stance{font:bold .75rem sans-serif;border-radius:.3rem;padding:0 .3rem;margin-right:.3rem;border:1px solid}
.stance.support{color:#1b7837} .stance.oppose{color:#b2182b} .stance.neutral{color:#555}
.flag{font:bold .75rem sans-serif;color:#fff;background:#b2182b;border-radius:.3rem;padding:0 .3rem;margin-right:.3rem}
mark.uncivil{background:#fdd;outline:2px dashed #b2182b}
.requote{font:.75rem sans-serif;color:#06c}
"""


def render_html(analysis: Analysis) -> str:
    sp_by_id = {s.id: s for s in analysis.speakers}
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{escape(analysis.title or analysis.id)} — saidwhat</title><style>{CSS}{palette_css()}</style></head><body>",
             f"<h1>{escape(analysis.title or analysis.id)}</h1>"]
    if analysis.date:
        parts.append(f"<p class='meta'>{escape(analysis.date)}</p>")
    parts.append("<ul class='speakers' aria-label='Speakers'>")
    for s in analysis.speakers:
        role = f" — {escape(s.role)}" if s.role else ""
        n = len(analysis.quotes_by(s.id))
        qid = f" <span class='meta qid'>{escape(s.qid)}</span>" if s.qid else ""
        found = analysis.found_by(s.id)
        found = f" <span class='meta found'>found by {escape(found)}</span>" if found else ""
        parts.append(f"<li data-c='{colour_key(s.id)}'><b>{escape(initials(s.name))}</b> {escape(s.name)}{role}{qid} "
                     f"<span class='meta'>({n} quote{'s' if n != 1 else ''})</span>{found}</li>")
    parts.append("</ul>")
    parts.append(_debate_html(analysis))
    comments = [(i, s) for i, s in enumerate(analysis.segments) if s.kind == "comment"]
    for i, seg in enumerate(analysis.segments):
        if seg.kind == "article":
            parts.append("<article>")
            parts.append(_highlight(analysis, seg.start, seg.end))
            parts.append("</article>")
    if comments:
        reactions = {r.segment: r for r in analysis.reactions}
        parts.append("<section class='comments' aria-label='Reader comments'><h2>Reader comments</h2>")
        parts.append(_readers_html(analysis))
        for i, seg in comments:
            author = escape(seg.author or "anonymous")
            reply = f" <span class='meta'>replying to {escape(seg.reply_to)}</span>" if seg.reply_to else ""
            parts.append(f"<div class='comment' id='c{i}'><div class='author'>{author}{reply}</div>")
            r = reactions.get(i)
            if r is not None:
                parts.append(_reaction_badges(r, sp_by_id))
            marks = [(inc.start, inc.end) for inc in r.incivility] if r is not None else []
            parts.append(_highlight(analysis, seg.start, seg.end, uncivil=marks))
            parts.append("</div>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def _highlight(analysis: Analysis, start: int, end: int, *, uncivil: list[tuple[int, int]] = ()) -> str:  # type: ignore[assignment]
    marks = [Mark(q.start, q.end, q.type, q.speaker.id if q.speaker else None, q.speaker.name if q.speaker else None,
                  q.cue.text if q.cue else None, q.attributed_by == "context", q.requote_of is not None,
                  mention=q.speaker_mention.text if q.speaker_mention else None, resolved_by=q.resolved_by)
             for q in analysis.quotes]
    # One pre-wrapped block keeps paragraph breaks without splitting a quote that spans them.
    return f"<div class='text'>{highlight(analysis.text, start, end, marks, uncivil)}</div>"


def _debate_html(analysis: Analysis) -> str:
    """The debate map as a matrix (issues × speakers), the relations, and the announced events."""
    sp = [s for s in analysis.speakers if any(p.speaker == s.id for p in analysis.positions)][:6]
    out: list[str] = []
    if analysis.issues and sp:
        pos = {(p.issue, p.speaker): p for p in analysis.positions}
        against = {(r.issue, r.source): r for r in analysis.relations if r.kind == "disagrees"}
        names = {s.id: s.name for s in analysis.speakers}
        out.append("<section aria-label='Debate map'><h2>Debate map</h2><table class='map'><thead><tr><th scope='col'>issue</th>")
        for s in sp:
            out.append(f"<th scope='col' data-c='{colour_key(s.id)}'><b>{escape(initials(s.name))}</b> {escape(s.name)}</th>")
        out.append("</tr></thead><tbody>")
        for issue in analysis.issues:
            if not any((issue.id, s.id) in pos for s in sp):
                continue
            out.append(f"<tr data-issue='{escape(issue.id)}'><th scope='row'>{escape(issue.label)}</th>")
            for s in sp:
                p = pos.get((issue.id, s.id))
                cell = escape(p.text) if p else ""
                r = against.get((issue.id, s.id))
                if p and r:
                    cell += f"<span class='against'>✗ disagrees with {escape(names.get(r.target, r.target))}</span>"
                out.append(f"<td>{cell}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        rels = [r for r in analysis.relations if r.kind != "responds_to"]
        if rels:
            out.append("<ul class='rel'>")
            for r in rels:
                verb = "agrees with" if r.kind == "agrees" else "disagrees with"
                out.append(f"<li>{escape(names.get(r.source, r.source))} <b>{verb}</b> "
                           f"{escape(names.get(r.target, r.target))} <span class='meta'>({escape(r.reason)})</span></li>")
            out.append("</ul>")
        out.append("</section>")
    if analysis.events:
        out.append("<section aria-label='Announced'><h2>Announced</h2><ul class='rel'>")
        for e in analysis.events:
            kind = "deadline" if e.deadline else "event"
            out.append(f"<li><time>{escape(e.date or '?')}</time> {escape(e.label)} "
                       f"<span class='meta'>({kind}; “{escape(e.date_text)}”)</span></li>")
        out.append("</ul></section>")
    return "".join(out)


def _readers_html(analysis: Analysis) -> str:
    r = analysis.readers
    if r is None:
        return ""
    names = {s.id: s.name for s in analysis.speakers}
    out = [f"<p class='meta'>{r.comments} comments · {r.uncivil} uncivil ({r.incivility_rate:.0%}) · "
           f"{len(r.replies)} replies</p><ul class='bars' aria-label='Readers by speaker'>"]
    for sr in r.speakers:
        total = max(1, sr.support + sr.oppose + sr.neutral)
        segs = "".join(f"<span class='{k}' style='width:{100 * n / total:.0f}%' title='{k}: {n}'></span>"
                       for k, n in (("support", sr.support), ("oppose", sr.oppose), ("neutral", sr.neutral)) if n)
        out.append(f"<li data-c='{colour_key(sr.speaker)}'><span><b>{escape(initials(names.get(sr.speaker, '?')))}</b> "
                   f"{escape(names.get(sr.speaker, sr.speaker))}</span><span class='bar' role='img' "
                   f"aria-label='{sr.support} support, {sr.oppose} oppose, {sr.neutral} neutral'>{segs}</span>"
                   f"<span>+{sr.support} −{sr.oppose} ·{sr.neutral}</span></li>")
    out.append("</ul>")
    if r.most_quoted:
        out.append("<p class='meta'>Most quoted back:</p><ul class='rel'>")
        for ql in r.most_quoted[:3]:
            who = f" — {escape(names[ql.speaker])}" if ql.speaker in names else ""
            out.append(f"<li>×{ql.count} “{escape(ql.text)}”{who}</li>")
        out.append("</ul>")
    return "".join(out)


def _reaction_badges(r, sp_by_id) -> str:
    out = ["<div class='reaction'>"]
    for st in r.stances:
        name = sp_by_id[st.speaker].name if st.speaker in sp_by_id else st.speaker
        sign = STANCE_SIGN[st.stance]
        out.append(f"<span class='stance {st.stance}' data-speaker='{escape(st.speaker)}'>{sign} {st.stance} "
                   f"{escape(name)}</span>")
    for inc in r.incivility:
        out.append(f"<span class='flag'>⚠ {escape(inc.kind)}</span>")
    if r.quotebacks:
        out.append(f"<span class='requote'>↩ quotes the article ×{len(r.quotebacks)}</span>")
    out.append("</div>")
    return "".join(out)

