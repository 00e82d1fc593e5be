"""Ingest on one machine: documents in batches over N worker processes, written to the store
batch by batch (one transaction each), so an interrupted run resumes where it stopped."""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable

from ..ingest import read_sources
from ..records import Document, Failure
from ..settings import DEFAULT_SETTINGS, Settings
from ..ingest.text import checked_date
from ..store.rows import content_hash, copy_row, count_rejects, merge_rows, rows_from_failure
from .batch import analyze_rows

COMMIT_DOCS = 256
COMMIT_SECONDS = 5.0


@dataclass
class IngestSummary:
    documents: int = 0  # added to the store
    skipped: int = 0  # already in the store
    rejects: int = 0  # documents that could not be analysed
    ignored: int = 0  # fields left out of stored documents (an impossible date)
    copies: int = 0  # documents whose text was already stored under another id (kept in `copies`)
    quotes: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    reasons: list[str] = field(default_factory=list)
    # copies found before analysis, not yet written (`copy_row`s)
    pending_copies: list[tuple[Any, ...]] = field(default_factory=list)

    def add_rejects(self, rejects: list[tuple[Any, ...]]) -> None:
        bad, ignored = count_rejects(rejects)
        self.rejects += bad
        self.ignored += ignored


def write_copies(store, summary: IngestSummary) -> None:
    """Record the copies `pending_batches` found before analysis."""
    if summary.pending_copies:
        store.add_copies(summary.pending_copies)
        summary.copies += len(summary.pending_copies)
        summary.pending_copies.clear()


def pending_batches(sources: Iterable[str | Path], *, known: tuple[set[str], set[str], set[str]],
                    settings: Settings, summary: IngestSummary) -> Iterator[list[Document | Failure]]:
    """Batches of what still has to be done: documents and failures not yet in the store."""
    ids, hashes, reject_keys = known
    max_bytes = settings.max_doc_chars * 4
    seen: set[str] = set()

    def todo() -> Iterator[Document | Failure]:
        for item in read_sources(sources, max_bytes=max_bytes):
            if isinstance(item, Failure):
                key = rows_from_failure(item)["rejects"][0][0]
                if key in reject_keys:
                    summary.skipped += 1
                    continue
                yield item
                continue
            if len(item.text) > settings.max_doc_chars:  # refused here, before it travels to a worker
                yield Failure(source=item.source or item.id, doc_id=item.id, reason=(
                    f"document too long ({len(item.text):,} characters; limit {settings.max_doc_chars:,})"))
                continue
            h = content_hash(item.text)
            if item.id in ids or item.id in seen:
                summary.skipped += 1
                continue
            if h in hashes:  # the same text under another id: kept as a copy, not analysed again
                summary.pending_copies.append(copy_row(
                    (item.id, h, item.source, checked_date(item.date)[0], item.title, item.url), hashes[h]))
                seen.add(item.id)
                continue
            seen.add(item.id)
            yield item

    it = todo()
    while True:
        batch = list(islice(it, settings.batch_size))
        if not batch:
            return
        yield batch


_SETTINGS: Settings = DEFAULT_SETTINGS


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    from ..nlp import load_pipeline

    load_pipeline(settings.model)  # once per worker process


def _work(batch: list[Document | Failure]) -> dict[str, list[tuple[Any, ...]]]:
    return analyze_rows(batch, settings=_SETTINGS)


def ingest_local(sources: Iterable[str | Path], store, *, workers: int = 1, settings: Settings = DEFAULT_SETTINGS,
                 on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Analyse what `sources` hold that `store` lacks, with `workers` processes, committing each
    batch as it completes. Ctrl-C stops cleanly: committed batches stay, a re-run resumes."""
    summary = IngestSummary()
    started = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    batches = pending_batches(sources, known=store.known(), settings=settings, summary=summary)

    pending: list[dict[str, list[tuple[Any, ...]]]] = []
    last = time.perf_counter()

    def flush() -> None:
        nonlocal last
        if not pending and not summary.pending_copies:
            return
        rows = merge_rows(pending)
        pending.clear()
        added = store.write(rows)
        summary.documents += added
        summary.copies += store.copies_written
        summary.skipped += len(rows["documents"]) - added - store.copies_written  # ids already stored
        write_copies(store, summary)
        summary.add_rejects(rows["rejects"])
        summary.quotes += len(rows["quotes"])
        summary.reasons.extend(f"{r[1]}{':' + str(r[2]) if r[2] else ''}: {r[4]}" for r in rows["rejects"])
        summary.seconds = time.perf_counter() - t0
        last = time.perf_counter()
        if on_batch:
            on_batch(summary)

    def commit(rows: dict[str, list[tuple[Any, ...]]]) -> None:
        # Batches are committed together, every `COMMIT_DOCS` documents or `COMMIT_SECONDS`:
        # one transaction costs about as much as analysing a few documents.
        pending.append(rows)
        if sum(len(p["documents"]) + len(p["rejects"]) for p in pending) >= COMMIT_DOCS \
                or time.perf_counter() - last >= COMMIT_SECONDS:
            flush()

    try:
        if workers <= 1:
            for batch in batches:
                commit(analyze_rows(batch, settings=settings))
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
                inflight: list[Future] = []
                try:
                    for batch in batches:
                        inflight.append(pool.submit(_work, batch))
                        while len(inflight) >= workers * 2:
                            commit(inflight.pop(0).result())
                    while inflight:
                        commit(inflight.pop(0).result())
                except KeyboardInterrupt:
                    for f in inflight:
                        f.cancel()
                    raise
    except KeyboardInterrupt:
        summary.interrupted = True
    flush()
    if not summary.interrupted:
        store.finish()
    summary.seconds = time.perf_counter() - t0
    finished = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    store.log_run(started, finished, summary.documents, summary.rejects, f"local:{workers}")
    return summary


def estimate_total(sources: Iterable[str | Path]) -> int | None:
    """How many documents the sources hold, cheaply (files, JSON lines); None for stdin."""
    from ..ingest import corpus_files

    total = 0
    for source in sources:
        if str(source) == "-":
            return None
        for f in corpus_files(source):
            name = f.name.lower()
            if name.endswith((".jsonl", ".ndjson")):
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif name.endswith((".gz",)):
                return None
            else:
                total += 1
    return total
