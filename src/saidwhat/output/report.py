"""The terminal report (rich): speakers with their quotes in order, then the comments."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import Analysis, Quote
from .palette import STANCE_SIGN, colour
from .safe import safe_record

MAX_QUOTE = 280


def render_report(analysis: Analysis, console: Console) -> None:
    """Print the report. Every string from the document is made terminal-safe first (`safe`)."""
    analysis = safe_record(analysis)
    head = Text(analysis.title or analysis.id, style="bold")
    if analysis.date:
        head.append(f"   {analysis.date}", style="dim")
    article_quotes = [q for q in analysis.quotes if analysis.segments[q.segment].kind == "article"]
    comment_quotes = [q for q in analysis.quotes if analysis.segments[q.segment].kind == "comment"]
    n_comments = sum(1 for s in analysis.segments if s.kind == "comment")
    head.append(f"\n{len(article_quotes)} quotes from {len(analysis.speakers)} speakers"
                f"{f', {n_comments} reader comments' if n_comments else ''}", style="dim")
    console.print(Panel(head, expand=True))

    for sp in analysis.speakers:
        quotes = [q for q in article_quotes if q.speaker and q.speaker.id == sp.id]
        if not quotes:
            continue
        title = Text(sp.name, style=f"bold {colour(sp.id)}")
        if sp.role:
            title.append(f" — {sp.role}", style="italic")
        if sp.qid:
            title.append(f" [{sp.qid}]", style="dim")
        if sp.aliases:
            title.append(f"  (also: {', '.join(sp.aliases[:5])})", style="dim")
        found = analysis.found_by(sp.id)
        if found:
            title.append(f"  found by: {found}", style="dim")
        console.print(title)
        for q in quotes:
            console.print(_quote_line(q))
        console.print()
    unattributed = [q for q in article_quotes if q.speaker is None]
    if unattributed:
        console.print(Text("Unattributed", style="bold"))
        for q in unattributed:
            console.print(_quote_line(q))
        console.print()
    render_debate(analysis, console)
    render_dates(analysis, console)
    if n_comments:
        reactions = {r.segment: r for r in analysis.reactions}
        names = {s.id: s.name for s in analysis.speakers}
        table = Table(title="Reader comments", show_lines=False, expand=True)
        table.add_column("#", justify="right", style="dim", width=3)
        table.add_column("author", style="bold", max_width=12)
        table.add_column("reply to", max_width=10)
        table.add_column("comment", ratio=3)
        table.add_column("stance", max_width=14)
        table.add_column("flags", max_width=22)
        k = 0
        for i, seg in enumerate(analysis.segments):
            if seg.kind != "comment":
                continue
            k += 1
            body = analysis.text[seg.start:seg.end]
            r = reactions.get(i)
            stance = Text()
            flags = Text()
            if r is not None:
                for st in r.stances:
                    stance.append(f"{STANCE_SIGN[st.stance]} {_surname(names.get(st.speaker, st.speaker))}\n",
                                  style=_STANCE_STYLE[st.stance])
                for inc in r.incivility:
                    flags.append(f"⚠ {inc.kind}: {inc.text}\n", style="bold red")
                nq = sum(1 for q in comment_quotes if q.segment == i and q.requote_of)
                if r.quotebacks or nq:
                    flags.append(f"↩ quotes the article ({max(len(r.quotebacks), nq)})\n", style="cyan")
            table.add_row(str(k), seg.author or "—", seg.reply_to or "", _clip(body, 160), stance, flags)
        console.print(table)
        render_readers(analysis, console)


_STANCE_STYLE = {"support": "green", "oppose": "red", "neutral": "dim"}


def render_debate(analysis: Analysis, console: Console) -> None:
    """The debate map: issues as rows, speakers as columns, each cell the speaker's position."""
    if not analysis.issues:
        return
    sp = [s for s in analysis.speakers if any(p.speaker == s.id for p in analysis.positions)][:5]
    if not sp:
        return
    table = Table(title="Debate map", show_lines=True, expand=True)
    table.add_column("issue", style="bold", max_width=18)
    for s in sp:
        table.add_column(s.name, style=colour(s.id), ratio=1)
    pos = {(p.issue, p.speaker): p for p in analysis.positions}
    against = {(r.issue, r.source): r for r in analysis.relations if r.kind == "disagrees"}
    names = {s.id: s.name for s in analysis.speakers}
    for issue in analysis.issues:
        if not any((issue.id, s.id) in pos for s in sp):
            continue
        cells = []
        for s in sp:
            p = pos.get((issue.id, s.id))
            cell = Text(_clip(p.text, 70)) if p else Text("")
            r = against.get((issue.id, s.id))
            if p and r:
                cell.append(f"\n✗ disagrees with {_surname(names.get(r.target, r.target))}", style="bold red")
            cells.append(cell)
        table.add_row(issue.label, *cells)
    console.print(table)
    rels = [r for r in analysis.relations if r.kind != "responds_to"]
    for r in rels:
        verb = {"agrees": "agrees with", "disagrees": "disagrees with"}[r.kind]
        console.print(Text(f"  {names.get(r.source, r.source)} {verb} {names.get(r.target, r.target)}", style="bold")
                      + Text(f"  ({r.reason})", style="dim"))
    if rels:
        console.print()


def render_dates(analysis: Analysis, console: Console) -> None:
    events = list(analysis.events)
    if not events:
        return
    console.print(Text("Announced", style="bold"))
    for e in events:
        kind = "deadline" if e.deadline else "event"
        console.print(Text(f"  {e.date or '?':<12}", style="bold") + Text(f" {e.label}")
                      + Text(f"  ({kind}; “{e.date_text}”)", style="dim"))
    console.print()


def render_readers(analysis: Analysis, console: Console) -> None:
    r = analysis.readers
    if r is None:
        return
    names = {s.id: s.name for s in analysis.speakers}
    lines = [Text(f"{r.comments} comments · {r.uncivil} uncivil ({r.incivility_rate:.0%}) · "
                  f"{len(r.replies)} replies", style="dim")]
    for sr in r.speakers:
        total = sr.support + sr.oppose + sr.neutral
        width = 20
        ns = round(width * sr.support / total) if total else 0
        no = round(width * sr.oppose / total) if total else 0
        bar = Text("█" * ns, style="green") + Text("█" * no, style="red") + Text("░" * (width - ns - no), style="dim")
        lines.append(Text(f"{_clip(names.get(sr.speaker, sr.speaker), 22):<23}") + bar
                     + Text(f"  +{sr.support} −{sr.oppose} ·{sr.neutral}"))
    for ql in r.most_quoted[:3]:
        who = names.get(ql.speaker, "") if ql.speaker else ""
        lines.append(Text(f"quoted back ×{ql.count}: “{_clip(ql.text, 90)}”" + (f" — {who}" if who else ""), style="cyan"))
    console.print(Panel(Group(*lines), title="Readers", expand=True))


def _surname(name: str) -> str:
    return name.split()[-1] if name else name


def _quote_line(q: Quote) -> Group:
    marker = {"direct": "“”", "mixed": "“…", "indirect": "~"}[q.type]
    line = Text(f"  {marker} ", style="dim")
    line.append(_clip(q.text, MAX_QUOTE))
    meta = [q.type]
    if q.act == "thought":
        meta.append("thought")
    if q.cue:
        meta.append(f"cue: {q.cue.text}")
    if q.speaker_mention:
        meta.append(f"as: {q.speaker_mention.text}" + (f" ({q.resolved_by})" if q.resolved_by else ""))
    elif q.resolved_by:
        meta.append(f"by {q.resolved_by}")
    if q.attributed_by == "context":
        meta.append("by context")
    return Group(line, Text("      " + " · ".join(meta), style="dim"))


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
