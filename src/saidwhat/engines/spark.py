"""saidwhat on Spark: a `mapPartitions` function over rows with `id`, `text` and optional `date`.

    from pyspark.sql import SparkSession
    from saidwhat.engines.spark import QUOTES_SCHEMA, analyze_partition

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    docs = spark.read.json("docs.jsonl")                    # id, text, date
    quotes = docs.rdd.mapPartitions(analyze_partition).toDF(QUOTES_SCHEMA)
    quotes.write.parquet("quotes.parquet")

Each executor process loads the spaCy pipeline once and runs the same pure batch function as
every other engine; a document that fails becomes no rows here (use `analyze_partition_rejects`
to collect the reasons).

For a store with every table and the full-text index, let each partition write its batches in the
layout `saidwhat load` merges (as the Dask engine does), then load them on one machine:

    docs.rdd.mapPartitionsWithIndex(write_partition_parts("parts/")).count()
    # saidwhat load parts/ --db corpus.duckdb     (tables, persons, issues, the full-text index)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..ingest import document_from_text
from ..settings import DEFAULT_SETTINGS
from ..store.tables import TABLES, spark_schema
from .batch import analyze_rows

QUOTES_SCHEMA = spark_schema("quotes")
QUOTE_DATE = TABLES["quotes"].names.index("date")  # Spark wants a date object there, not its text
REJECTS_SCHEMA = spark_schema("rejects")


def _documents(rows: Iterable[Any]) -> Iterator:
    for row in rows:
        get = row.asDict().get if hasattr(row, "asDict") else row.get
        doc_id = get("id")
        text = get("text")
        date = get("date")
        yield document_from_text(text if isinstance(text, str) else "", doc_id=str(doc_id),
                                 date=str(date) if date else None, source="spark")


def _batches(rows: Iterable[Any]) -> Iterator[dict]:
    docs = _documents(rows)
    while True:
        batch = list(islice(docs, DEFAULT_SETTINGS.batch_size))
        if not batch:
            return
        yield analyze_rows(batch)


def analyze_partition(rows: Iterable[Any]) -> Iterator[tuple]:
    """Quote rows (in `QUOTES_SCHEMA` order) for the documents of one partition."""
    for out in _batches(rows):
        for q in out["quotes"]:
            date = q[QUOTE_DATE]
            yield q[:QUOTE_DATE] + ((_dt.date.fromisoformat(date) if isinstance(date, str) else date),) + \
                q[QUOTE_DATE + 1:]


# Batch numbers of partition i are i * BATCHES_PER_PARTITION + j: unique across the job.
BATCHES_PER_PARTITION = 100_000


def write_partition_parts(parts: str):
    """A `mapPartitionsWithIndex` function that analyses a partition's documents batch by batch
    and writes each batch as Parquet partitions under `parts` (a folder every executor can write),
    in the layout of `saidwhat load`; it yields one count of documents a batch."""
    from pathlib import Path

    from .dask import write_parts

    def run(index: int, rows: Iterable[Any]) -> Iterator[int]:
        for j, out in enumerate(_batches(rows)):
            write_parts(out, Path(parts), index * BATCHES_PER_PARTITION + j)
            yield len(out["documents"])

    return run


def analyze_partition_rejects(rows: Iterable[Any]) -> Iterator[tuple]:
    """Reject rows (in `REJECTS_SCHEMA` order): the documents that could not be analysed."""
    for out in _batches(rows):
        yield from out["rejects"]
