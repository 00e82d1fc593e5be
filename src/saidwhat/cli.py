"""The `saidwhat` command line: one click group; user mistakes become one-line errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import SaidwhatError
from .records import Analysis, Failure
from .settings import DEFAULT_SETTINGS, Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saidwhat")
def main() -> None:
    """Who said what in news text: quotes, speakers and reader comments."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["report", "json", "jsonl"]), default="report",
              show_default=True, help="Terminal report, one pretty JSON object per document, or JSON Lines.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write a self-contained HTML page (for several documents: one file per document, "
                   "named after the document id, next to this path).")
@click.option("--include-text", is_flag=True, help="Put the analysed text in the JSON (offsets refer to it).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=DEFAULT_SETTINGS.batch_size, show_default=True)
@click.option("--max-doc-chars", type=click.IntRange(1), default=DEFAULT_SETTINGS.max_doc_chars, show_default=True,
              help="Reject documents longer than this.")
@click.option("--speech-only", is_flag=True, help="Leave out attributed thoughts (act: thought).")
def analyze(paths: tuple[str, ...], fmt: str, html_out: str | None, include_text: bool, batch_size: int,
            max_doc_chars: int, speech_only: bool) -> None:
    """Analyse documents: plain text (.txt, optional leading `date YYYY-MM-DD`), JSON Lines
    (.jsonl: id, text, date, title, url per line) or HTML (.html). `-` reads stdin.

    Exit status: 0 when every document was analysed, 1 when any failed (each failure is
    reported on stderr, naming the document), 2 on a usage error.
    """
    from .analyze import analyze_documents
    from .ingest import read_paths

    settings = Settings(batch_size=batch_size, max_doc_chars=max_doc_chars, include_thoughts=not speech_only)
    failures = 0
    done = 0
    console = None
    if fmt == "report":
        from rich.console import Console

        console = Console()
    try:
        for item in analyze_documents(read_paths(paths), settings=settings):
            if isinstance(item, Failure):
                failures += 1
                click.echo(f"error: {item.message()}", err=True)
                continue
            done += 1
            _emit(item, fmt, console, include_text)
            if html_out:
                _write_html(item, Path(html_out), several=len(paths) > 1 or _is_multi(paths))
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures:
        click.echo(f"{failures} document(s) failed, {done} analysed", err=True)
        sys.exit(1)


def _is_multi(paths: tuple[str, ...]) -> bool:
    return any(p == "-" or p.endswith((".jsonl", ".ndjson")) for p in paths)


def _emit(analysis: Analysis, fmt: str, console, include_text: bool) -> None:
    from .output.json import analysis_json

    if fmt == "json":
        click.echo(analysis_json(analysis, include_text=include_text, indent=2))
    elif fmt == "jsonl":
        click.echo(analysis_json(analysis, include_text=include_text))
    else:
        from .output.report import render_report

        render_report(analysis, console)


def _write_html(analysis: Analysis, target: Path, *, several: bool) -> None:
    from .output.html import render_html

    if several:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in analysis.id)[:120] or "document"
        target = target.with_name(f"{target.stem}-{safe}{target.suffix or '.html'}")
    target.write_text(render_html(analysis), encoding="utf-8")


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score these predictions (saidwhat/1 JSON Lines) instead of running the analyzer.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "n_errors", type=click.IntRange(0), default=0, help="Show the N worst documents.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Score only the first N gold documents.")
def eval_cmd(gold: str, pred: str | None, as_json: bool, n_errors: int, limit: int | None) -> None:
    """Score quote attribution against GOLD (JSON Lines in the datasets README format)."""
    from .eval import evaluate, render_scores

    try:
        result = evaluate(Path(gold), pred=Path(pred) if pred else None, limit=limit)
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.summary(), indent=2))
    else:
        from rich.console import Console

        render_scores(result, Console(), n_errors=n_errors)


if __name__ == "__main__":  # pragma: no cover
    main()
