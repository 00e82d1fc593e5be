"""The terminal report (rich): speakers with their quotes in order, then the comments."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import Analysis, Quote
from .palette import colour

MAX_QUOTE = 280


def render_report(analysis: Analysis, console: Console) -> None:
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
        if sp.aliases:
            title.append(f"  (also: {', '.join(sp.aliases[:5])})", style="dim")
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
    if n_comments:
        table = Table(title="Reader comments", show_lines=False, expand=True)
        table.add_column("#", justify="right", style="dim", width=3)
        table.add_column("author", style="bold", max_width=18)
        table.add_column("reply to", max_width=14)
        table.add_column("comment", ratio=1)
        table.add_column("quotes", justify="right", width=6)
        k = 0
        for i, seg in enumerate(analysis.segments):
            if seg.kind != "comment":
                continue
            k += 1
            body = analysis.text[seg.start:seg.end]
            nq = sum(1 for q in comment_quotes if q.segment == i)
            table.add_row(str(k), seg.author or "—", seg.reply_to or "", _clip(body, 160), str(nq) if nq else "")
        console.print(table)


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
        meta.append(f"as: {q.speaker_mention.text}")
    if q.attributed_by == "context":
        meta.append("by context")
    return Group(line, Text("      " + " · ".join(meta), style="dim"))


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
