"""Ingest on a Dask distributed cluster.

The client reads the sources and sends batches to the workers, which run the same pure batch
function as local ingest (`analyze_rows`) and write each finished batch as one Parquet partition
per table (`PARTS/<table>/part-<batch>.parquet`; on a real cluster PARTS is a folder every worker
can write, a shared file system or a mounted bucket); only the counts travel back. `load_parts` (the
`saidwhat load` command) merges partitions into a store, skipping what is already there, so a run
interrupted at any point can be resumed or loaded as far as it got. The full-text index is built
on `load`, from the tables, in one pass at its end (the workers write no index segments).

    saidwhat ingest corpus/ --engine dask --scheduler tcp://10.0.0.5:8786 --parts parts/ --db corpus.duckdb
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..settings import DEFAULT_SETTINGS, Settings
from ..store.rows import COLUMN_TYPES, COLUMNS, TABLES, sql_literal
from .batch import analyze_rows
from ..store.bulk import insert_rows
from .local import IngestSummary, pending_batches, write_copies



def write_parts(rows: dict[str, list[tuple[Any, ...]]], parts: Path, batch_no: int) -> None:
    """One Parquet file per table for this batch, written to a temporary name then renamed, so a
    partition on disk is always complete."""
    import duckdb

    con = duckdb.connect()
    for table in TABLES:
        cols = ", ".join(f'"{c}" {t}' for c, t in zip(COLUMNS[table], COLUMN_TYPES[table]))
        con.execute(f"CREATE TABLE t ({cols})")
        insert_rows(con, table, rows[table], into="t")
        folder = parts / table
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{batch_no:07d}.parquet"
        tmp = folder / f".part-{batch_no:07d}.parquet.tmp"
        con.execute(f"COPY t TO {sql_literal(str(tmp))} (FORMAT parquet)")
        tmp.replace(final)
        con.execute("DROP TABLE t")
    con.close()


def analyze_to_parts(batch: list, settings: Settings, parts: str, batch_no: int) -> dict[str, Any]:
    """On a worker: analyse one batch and write its partitions; the counts (and the rejects, which
    are few) go back to the client, not the rows."""
    rows = analyze_rows(batch, settings=settings)
    write_parts(rows, Path(parts), batch_no)
    return {"documents": len(rows["documents"]), "quotes": len(rows["quotes"]), "rejects": rows["rejects"]}


def done_batches(parts: Path) -> set[int]:
    """Batches whose every table partition is on disk."""
    sets = []
    for table in TABLES:
        folder = parts / table
        sets.append({int(p.stem.split("-")[1]) for p in folder.glob("part-*.parquet")} if folder.exists() else set())
    return set.intersection(*sets) if sets else set()


def ingest_dask(sources: Iterable[str | Path], *, parts: str | Path, scheduler: str | None,
                settings: Settings = DEFAULT_SETTINGS, store=None, n_workers: int = 2) -> IngestSummary:
    """Run the batches on a Dask cluster (`scheduler` address, or a LocalCluster of `n_workers`
    processes when it is None) and write Parquet partitions under `parts`."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        from ..errors import SaidwhatError

        raise SaidwhatError("the Dask engine needs dask[distributed]: pip install 'saidwhat[dask]'") from exc
    parts = Path(parts)
    parts.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    t0 = time.perf_counter()
    known = store.known() if store is not None else (set(), {}, set())
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        finished = done_batches(parts)
        futures = {}
        for k, batch in enumerate(pending_batches(sources, known=known, settings=settings, summary=summary)):
            if k in finished:
                continue
            futures[client.submit(analyze_to_parts, batch, settings, str(parts), k, pure=False)] = k
        for fut in as_completed(futures):
            done = fut.result()
            summary.documents += done["documents"]
            summary.quotes += done["quotes"]
            summary.add_rejects(done["rejects"])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if store is not None:
        write_copies(store, summary)
    summary.seconds = time.perf_counter() - t0
    return summary


def load_parts(parts: str | Path, store) -> IngestSummary:
    """Merge Parquet partitions into the store, batch by batch, skipping what it already holds."""
    import duckdb

    parts = Path(parts)
    summary = IngestSummary()
    t0 = time.perf_counter()
    con = duckdb.connect()
    for k in sorted(done_batches(parts)):
        rows = {}
        for table in TABLES:
            path = parts / table / f"part-{k:07d}.parquet"
            cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
            rows[table] = [tuple(r) for r in con.execute(f"SELECT {cols} FROM read_parquet(?)", [str(path)]).fetchall()]
        summary.documents += store.write(rows, index_now=False)  # indexed once, by `finish`
        summary.copies += store.copies_written
        summary.add_rejects(rows["rejects"])
        summary.quotes += len(rows["quotes"])
    con.close()
    store.finish()
    summary.seconds = time.perf_counter() - t0
    return summary
