"""The `saidwhat` command line: one click group; user mistakes become one-line errors."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import SaidwhatError
from .records import Analysis, Failure
from .output.safe import safe_line, safe_text
from .settings import SETTINGS, Settings


def setting_options(command):
    """Add a flag for each setting of `SETTINGS` that has one; the command gets them as keyword
    arguments named after the settings, which `settings_from` turns into a `Settings`."""
    for s in reversed([s for s in SETTINGS if s.flag]):
        if s.turns_off:
            command = click.option(s.flag, s.name, flag_value=False, default=True, help=s.flag_help or s.help)(command)
        elif s.read_file is not None:
            command = click.option(s.flag, s.name, type=click.Path(exists=True, dir_okay=False), default=None,
                                   help=s.flag_help or s.help)(command)
        else:
            command = click.option(s.flag, s.name, type=click.IntRange(s.minimum, s.maximum), default=s.default,
                                   show_default=True, help=s.flag_help or s.help)(command)
    return command


def settings_from(options: dict) -> Settings:
    values = {}
    for s in SETTINGS:
        if not s.flag or s.name not in options:
            continue
        value = options[s.name]
        if s.read_file is not None and value is not None:
            try:
                value = s.read_file(value)
            except SaidwhatError as exc:
                raise click.BadParameter(str(exc), param_hint=s.flag) from exc
        values[s.name] = value
    return Settings(**values)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saidwhat")
def main() -> None:
    """Who said what in news text: quotes, speakers and reader comments."""
    pkg = logging.getLogger("saidwhat")
    if not any(isinstance(h, _Notice) for h in pkg.handlers):
        pkg.addHandler(_Notice(logging.WARNING))


class _Notice(logging.Handler):
    """What the library logs as a warning (a document analysed only in part, a batch spaCy failed
    on), one line on stderr, never a traceback: the document's failure itself is reported with
    its reason. click.echo finds the stderr of the moment (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"saidwhat: {record.levelname.lower()}: {record.getMessage()}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["report", "json", "jsonl"]), default="report",
              show_default=True, help="Terminal report, one pretty JSON object per document, or JSON Lines.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write a self-contained HTML page (for several documents: one file per document, "
                   "named after the document id, next to this path).")
@click.option("--include-text", is_flag=True, help="Put the analysed text in the JSON (offsets refer to it).")
@click.option("--roles-from", "roles_from", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A store (opened read-only) whose role table resolves the speakers a document leaves as a "
                   "description ('the Ruritanian foreign minister'), as ingest does across the store.")
@setting_options
def analyze(paths: tuple[str, ...], fmt: str, html_out: str | None, include_text: bool, roles_from: str | None,
            **options) -> None:
    """Analyse documents: plain text (.txt, optional leading `date YYYY-MM-DD`), JSON Lines
    (.jsonl: id, text, date, title, url per line) or HTML (.html). `-` reads stdin.

    Exit status: 0 when every document was analysed, 1 when any failed (each failure is
    reported on stderr, naming the document), 2 on a usage error.
    """
    from .analyze import analyze_documents
    from .ingest import read_paths

    settings = settings_from(options)
    failures = 0
    warned = 0
    done = 0
    console = None
    if fmt == "report":
        from rich.console import Console

        console = Console()
    offices = None
    if roles_from:
        store = _store(roles_from, read_only=True)
        try:
            offices = store.offices()
        finally:
            store.close()
    try:
        for item in analyze_documents(read_paths(paths, max_bytes=settings.max_doc_chars * 4), settings=settings):
            if isinstance(item, Failure):
                failures += 1
                click.echo(safe_line(f"error: {item.message()}"), err=True)
                continue
            for warning in item.warnings:
                warned += 1
                click.echo(safe_line(f"warning: {Failure(source=item.id, reason=warning).message()}"), err=True)
            done += 1
            if offices:
                from .store.roles import apply_role_table

                item = apply_role_table(item, offices)
            _emit(item, fmt, console, include_text)
            if html_out:
                _write_html(item, Path(html_out), several=len(paths) > 1 or _is_multi(paths))
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures or warned:
        click.echo(f"{failures} document(s) failed, {done} analysed, {warned} field(s) ignored", err=True)
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


# --task -> (module under saidwhat.eval, its evaluate function, its render function); the
# default task, quotes, has options of its own and is handled apart.
EVAL_TASKS = {
    "debate": ("debate", "evaluate_debate", "render_debate_scores"),
    "speakers": ("speakers", "evaluate_speakers", "render_speaker_scores"),
    "coref": ("coref", "evaluate_coref", "render_coref_scores"),
    "segments": ("segments", "evaluate_segments", "render_segment_scores"),
}


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score these predictions (saidwhat/1 JSON Lines) instead of running the analyzer.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "n_errors", type=click.IntRange(0), default=0, help="Show the N worst documents.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Score only the first N gold documents.")
@click.option("--task", type=click.Choice(["quotes", "debate", "speakers", "coref", "segments"]), default="quotes",
              show_default=True,
              help="quotes: attribution (datasets README format); debate: stances, incivility, dates and "
                   "relations (the format of tests/data/debate_gold.jsonl); speakers: the canonical speaker of "
                   "each quote (tests/data/speakers_gold.jsonl); coref: which earlier mention a pronoun or "
                   "description refers to, on a CoNLL coreference folder such as GUM dev; segments: where the "
                   "article ends and each comment, its author and reply (web_comments format).")
@click.option("--speech-only", is_flag=True,
              help="quotes: run the analyzer as `analyze --speech-only` does (speech acts only, as journalists "
                   "count quotes). Against a broad gold (PolNeAR) read its precision: its recall counts the "
                   "thoughts it leaves out as misses.")
def eval_cmd(gold: str, pred: str | None, as_json: bool, n_errors: int, limit: int | None, task: str,
             speech_only: bool) -> None:
    """Score quote attribution (or, with --task, the debate map, the speakers, coreference) against GOLD."""
    from .eval import evaluate, render_scores

    if task != "coref" and Path(gold).is_dir():
        raise click.BadParameter(f"{gold} is a folder; --task {task} reads one file", param_hint="GOLD")
    if task in EVAL_TASKS:
        import importlib

        from rich.console import Console

        module_name, evaluate_name, render_name = EVAL_TASKS[task]
        module = importlib.import_module(f".eval.{module_name}", __package__)
        try:
            scores = getattr(module, evaluate_name)(Path(gold))
        except SaidwhatError as exc:
            raise click.ClickException(str(exc)) from exc
        if as_json:
            click.echo(json.dumps(scores.summary(), indent=2))
        else:
            getattr(module, render_name)(scores, Console(), show_errors=n_errors > 0)
        return
    try:
        result = evaluate(Path(gold), pred=Path(pred) if pred else None, limit=limit, speech_only=speech_only)
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.summary(), indent=2))
    else:
        from rich.console import Console

        render_scores(result, Console(), n_errors=n_errors)


def _store(db: str, *, read_only: bool):
    from .store import open_store

    try:
        return open_store(db, read_only=read_only)
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The DuckDB store (created if missing).")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@setting_options
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a LocalCluster.")
@click.option("--parts", type=click.Path(file_okay=False), default=None,
              help="Folder for the Dask engine's Parquet partitions (default: DB.parts).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(sources: tuple[str, ...], db: str, workers: int | None, engine: str, scheduler: str | None,
           parts: str | None, quiet: bool, **options) -> None:
    """Analyse a corpus into a DuckDB store. SOURCES are folders (recursively: .txt, .html,
    .jsonl, .jsonl.gz, .warc, .warc.gz), files, or `-` for JSON Lines on stdin.

    Idempotent and resumable: documents already in the store (same id or same text) are skipped,
    each batch is committed as it completes, and Ctrl-C keeps what was committed. Documents that
    cannot be analysed are recorded in the `rejects` table; the exit status is 1 when there were any.
    """
    import os

    from .engines.local import estimate_total

    settings = settings_from(options)
    workers = workers or os.cpu_count() or 1
    store = _store(db, read_only=False)
    try:
        if engine == "dask":
            from .engines.dask import ingest_dask, load_parts

            parts_dir = parts or f"{db}.parts"
            ran = ingest_dask(sources, parts=parts_dir, scheduler=scheduler, settings=settings, store=store,
                              n_workers=workers)
            summary = load_parts(parts_dir, store)
            summary.skipped = ran.skipped
            summary.copies += ran.copies
            summary.seconds += ran.seconds
        else:
            summary = _ingest_with_progress(sources, store, workers, settings, estimate_total(sources), quiet)
    finally:
        counts = store.counts()
        store.close()
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    ignored = f", {summary.ignored} field(s) ignored" if summary.ignored else ""
    copies = (f", {summary.copies} with a text already stored under another id (kept in `copies`)"
              if summary.copies else "")
    click.echo(f"{summary.documents} documents added ({rate:.1f} docs/s){copies}, {summary.skipped} already in the store, "
               f"{summary.rejects} rejected{ignored}; the store holds {counts['documents']} documents, "
               f"{counts['quotes']} quotes, {counts['persons']} persons.", err=True)
    for reason in summary.reasons[:20]:
        click.echo(safe_line(f"rejected: {reason}"), err=True)
    if len(summary.reasons) > 20:
        click.echo(f"... and {len(summary.reasons) - 20} more: see the rejects table", err=True)
    if summary.interrupted:
        click.echo("interrupted: what was committed is kept; run the same command again to resume", err=True)
        sys.exit(130)
    if summary.rejects or summary.ignored:
        sys.exit(1)


def _ingest_with_progress(sources, store, workers, settings, total, quiet):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .engines.local import ingest_local

    if quiet:
        return ingest_local(sources, store, workers=workers, settings=settings)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[quotes]} quotes"),
                  TextColumn("{task.fields[rate]} docs/s"), TimeRemainingColumn(), transient=False) as progress:
        task = progress.add_task("ingest", total=total, quotes=0, rate="0.0")

        def update(s):
            done = s.documents + s.rejects + s.skipped
            progress.update(task, completed=done, quotes=s.quotes,
                            rate=f"{(s.documents + s.rejects) / s.seconds:.1f}" if s.seconds else "0.0")

        summary = ingest_local(sources, store, workers=workers, settings=settings, on_batch=update)
        update(summary)
        return summary


@main.command()
@click.argument("parts", type=click.Path(exists=True, file_okay=False))
@click.option("--db", required=True, type=click.Path(dir_okay=False))
def load(parts: str, db: str) -> None:
    """Merge Parquet partitions written by `ingest --engine dask` into a store (idempotent)."""
    from .engines.dask import load_parts

    with _store(db, read_only=False) as store:
        summary = load_parts(parts, store)
        counts = store.counts()
    click.echo(f"{summary.documents} documents loaded; the store holds {counts['documents']} documents, "
               f"{counts['quotes']} quotes.", err=True)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False))
@click.option("--speaker", default=None, help="Speaker or person name (part of it matches).")
@click.option("--about", default=None, help='Words the quote text is about (full-text search, ranked by BM25; '
              '"a phrase" in double quotes, OR between alternatives, -word to leave out).')
@click.option("--since", default=None, help="First date, YYYY-MM-DD.")
@click.option("--until", default=None, help="Last date, YYYY-MM-DD.")
@click.option("--type", "types", multiple=True, type=click.Choice(["direct", "mixed", "indirect"]))
@click.option("--act", type=click.Choice(["speech", "thought"]), default=None)
@click.option("--issue", default=None, help="A corpus issue id, or words of an issue's label.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--sql", default=None, help="Run this read-only SQL instead of the filters.")
def query(db: str, speaker, about, since, until, types, act, issue, limit, offset, fmt, sql) -> None:
    """Ask the store: quotes by speaker, about words, in a date range, of a type; or --sql."""
    from .store.query import run_sql, search_quotes

    marks: list[list[tuple[int, int]]] = []
    with _store(db, read_only=True) as store:
        try:
            if sql:
                cols, rows = run_sql(store, sql)
            else:
                if about and store.search is None:
                    click.echo(f"warning: {db} has no search index beside it: quotes holding every word are listed "
                               f"by date, not ranked; `saidwhat index --db {db}` builds the index", err=True)
                found = search_quotes(store, speaker=speaker, about=about, since=since, until=until,
                                      types=types, act=act, issue=issue, limit=limit, offset=offset)
                shown = found.columns.index("quote_key")  # the rest is for the viewer
                cols, rows = found.columns[:shown], [r[:shown] for r in found.rows]
                marks = found.highlights
                if found.total is not None and fmt == "table":
                    click.echo(f"{found.total} quote(s) match", err=True)
        except SaidwhatError as exc:
            raise click.ClickException(str(exc)) from exc
    _print_rows(cols, rows, fmt, marks=marks)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False))
def index(db: str) -> None:
    """Rebuild the full-text index of a store's quotes from its tables (when it was lost or damaged)."""
    from .store.search import remove

    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such store")
    remove(db)
    with _store(db, read_only=False) as store:  # opening for writing builds the missing index
        n = store.search.count() if store.search is not None else 0
    click.echo(f"{n} quotes indexed in {db}.search", err=True)


def _print_rows(cols: list[str], rows: list[tuple], fmt: str, *, marks: list[list[tuple[int, int]]] = ()) -> None:
    import csv
    import datetime as _dt

    def plain(v):
        return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v

    if fmt == "json":
        click.echo(json.dumps([{c: plain(v) for c, v in zip(cols, r)} for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for r in rows:
            w.writerow([plain(v) for v in r])
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        t = Table(show_lines=False)
        for c in cols:
            t.add_column(safe_line(c), overflow="fold", ratio=3 if c == "text" else 1)
        text_at = cols.index("text") if "text" in cols else None
        for k, r in enumerate(rows):  # cells as plain Text: neither rich markup nor terminal controls in the data act
            cells = [Text("" if v is None else safe_text(str(plain(v)))) for v in r]
            if text_at is not None and k < len(marks):
                for s, e in marks[k]:  # the words the search matched
                    cells[text_at].stylize("bold yellow", s, e)
            t.add_row(*cells)
        Console().print(t)
        click.echo(f"{len(rows)} row(s)", err=True)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True)
@click.argument("out", type=click.Path(file_okay=False))
def export(db: str, fmt: str, out: str) -> None:
    """Write every table of the store to OUT/<table>.<format>."""
    from .store.query import export_tables

    with _store(db, read_only=True) as store:
        for path in export_tables(store, out, fmt):
            click.echo(path)


if __name__ == "__main__":  # pragma: no cover
    main()


@main.command()
@click.argument("files", nargs=-1)
@click.option("--db", type=click.Path(dir_okay=False), default=None, help="The store to show (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each opens the store read-only).")
@click.option("--get", "get_path", default=None,
              help="Answer one request for this path (e.g. /api/overview) on stdout and exit; no server.")
@click.option("--people", type=click.Path(exists=True, dir_okay=False), default=None,
              help="People file (CSV or JSON): person pages show its Wikidata ids and offices; FILES analysed "
                   "on the fly also use it to name and resolve speakers.")
def serve(files: tuple[str, ...], db: str | None, host: str, port: int, workers: int, get_path: str | None,
          people: str | None) -> None:
    """A local web viewer over a store (--db), or over FILES analysed on the fly.

    Pages: overview, search, documents with highlighted quotes, speakers, issues; the JSON API
    behind them is described at /openapi.json. Read-only; binds to 127.0.0.1 unless --host says
    otherwise.
    """
    import tempfile

    if bool(db) == bool(files):
        raise click.UsageError("give either --db STORE or one or more FILES")
    settings = settings_from({"people": people})
    tmp = None
    if files:
        from .engines.local import ingest_local

        tmp = tempfile.TemporaryDirectory(prefix="saidwhat-serve-")
        db = str(Path(tmp.name) / "view.duckdb")
        store = _store(db, read_only=False)
        try:
            summary = ingest_local(list(files), store, workers=1, settings=settings)
        finally:
            store.close()
        for reason in summary.reasons[:20]:
            click.echo(f"rejected: {reason}", err=True)
        if not summary.documents:
            raise click.ClickException("no document could be analysed")
    assert db is not None
    options = dict(host=host, port=port, log_level="warning", limit_concurrency=256, timeout_keep_alive=5,
                   h11_max_incomplete_event_size=16_384)
    try:
        if workers > 1 and not get_path:
            _serve_processes(db, workers, options, people)
        else:
            _serve_one(db, get_path, options, settings.people)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _serve_one(db: str, get_path: str | None, options: dict, people=None) -> None:
    """One server process (or, with `get_path`, one request answered in-process)."""
    from .viewer import create_app

    try:
        app = create_app(db, people=people)
    except SaidwhatError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if get_path:
            import warnings

            with warnings.catch_warnings():  # starlette's note about its httpx client is not for users
                warnings.simplefilter("ignore")
                from fastapi.testclient import TestClient

            with TestClient(app) as client:
                r = client.get(get_path)
            click.echo(r.text)
            if r.status_code >= 400:
                sys.exit(1)
            return
        import uvicorn

        click.echo(f"saidwhat viewer on http://{options['host']}:{options['port']}/  (Ctrl-C to stop)", err=True)
        uvicorn.run(app, **options)
    finally:
        app.state.store.close()


def _serve_processes(db: str, workers: int, options: dict, people: str | None = None) -> None:
    """Several server processes; each opens the store read-only itself (`viewer.app.app_from_env`)."""
    import os

    import uvicorn

    _store(db, read_only=True).close()  # a missing or newer store is reported here, once
    os.environ["SAIDWHAT_VIEWER_DB"] = str(Path(db).resolve())
    if people:
        os.environ["SAIDWHAT_VIEWER_PEOPLE"] = str(Path(people).resolve())
    click.echo(f"saidwhat viewer on http://{options['host']}:{options['port']}/ with {workers} processes "
               "(Ctrl-C to stop)", err=True)
    uvicorn.run("saidwhat.viewer.app:app_from_env", factory=True, workers=workers, **options)
