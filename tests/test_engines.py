"""Engines: worker processes, a crash and resume, a real Dask LocalCluster, and Spark local[2]."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from click.testing import CliRunner

from corpus_docs import filler, write_jsonl
from saidwhat.cli import main

TABLES = ("documents", "segments", "speakers", "quotes", "persons", "rejects")


def snapshot(db, tables=TABLES):
    con = duckdb.connect(str(db), read_only=True)
    out = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    con.close()
    return out


def assert_index_matches_tables(db):
    """The full-text index beside the store holds every quote of the tables, once, and nothing else."""
    from saidwhat.store import open_store

    with open_store(db, read_only=True) as store:
        quotes = sorted(r[0] for r in store.con.execute("SELECT quote_key FROM quotes").fetchall())
        pending = store.con.execute("SELECT count(*) FROM search_pending").fetchone()[0]
        assert store.search is not None
        assert sorted(store.search.keys()) == quotes and pending == 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    write_jsonl(root / "a.jsonl", [filler(k) for k in range(30)])
    write_jsonl(root / "b.jsonl", [filler(k) for k in range(30, 48)])
    (root / "bad.jsonl").write_text('{"id": "x1", "text": "Ellen Park said it."}\nnot json\n')
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    r = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--batch-size", "4", "--quiet"])
    assert r.exit_code == 1 and "malformed JSON" in r.stderr
    return snapshot(db)


def test_engines_two_workers_give_the_same_store(corpus, reference, tmp_path):
    db = tmp_path / "w2.duckdb"
    CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--workers", "2", "--batch-size", "4", "--quiet"])
    assert snapshot(db) == reference


def test_engines_killed_ingest_resumes_to_the_same_store(corpus, reference, tmp_path):
    db = tmp_path / "k.duckdb"
    seed = random.randrange(1_000_000)
    delay = random.Random(seed).uniform(2.0, 6.0)
    cmd = [sys.executable, "-m", "saidwhat.cli", "ingest", str(corpus), "--db", str(db), "--workers", "1",
           "--batch-size", "4", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # a crash: no clean-up code runs
    proc.wait()
    subprocess.run(cmd, check=False, capture_output=True)
    assert snapshot(db) == reference, f"kill after {delay:.2f} s (seed {seed})"
    assert_index_matches_tables(db)


def test_engines_ingest_killed_twice_leaves_index_and_tables_consistent(corpus, reference, tmp_path):
    db = tmp_path / "k2.duckdb"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    cmd = [sys.executable, "-m", "saidwhat.cli", "ingest", str(corpus), "--db", str(db), "--workers", "1",
           "--batch-size", "2", "--quiet"]
    delays = []
    for _ in range(2):
        delays.append(rng.uniform(2.5, 6.0))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delays[-1])
        os.killpg(proc.pid, signal.SIGKILL)  # between batches, or between the tables and the index
        proc.wait()
    subprocess.run(cmd, check=False, capture_output=True)
    assert snapshot(db) == reference, f"kills after {delays} s (seed {seed})"
    assert_index_matches_tables(db)


def test_engines_dask_local_cluster_gives_identical_quote_tables(corpus, reference, tmp_path):
    pytest.importorskip("dask.distributed", reason="install saidwhat[dask]")
    db = tmp_path / "d.duckdb"
    parts = tmp_path / "parts"
    r = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--engine", "dask", "--workers", "2",
                                  "--parts", str(parts), "--batch-size", "4", "--quiet"])
    assert r.exit_code in (0, 1), r.output
    assert list((parts / "quotes").glob("part-*.parquet"))
    got = snapshot(db)
    assert got["quotes"] == reference["quotes"]
    assert got == reference
    assert_index_matches_tables(db)  # `load` indexes what it writes
    # Loading the same partitions again adds nothing.
    r = CliRunner().invoke(main, ["load", str(parts), "--db", str(db)])
    assert r.exit_code == 0 and snapshot(db) == reference


def test_engines_spark_map_partitions_matches_local(corpus, reference):
    pyspark = pytest.importorskip("pyspark", reason="install saidwhat[spark]")
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the Spark engine test")
    from pyspark.sql import SparkSession

    # Spark's Python workers must run the interpreter that has saidwhat installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from saidwhat.engines.spark import QUOTES_SCHEMA, analyze_partition

    spark = (SparkSession.builder.master("local[2]").appName("saidwhat-test")
             .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        docs = spark.read.json(str(corpus / "a.jsonl"))
        quotes = docs.rdd.mapPartitions(analyze_partition).toDF(QUOTES_SCHEMA)
        got = sorted((r.doc_id, r.quote_index, r.text, r.speaker_name) for r in quotes.collect())
    finally:
        spark.stop()
    expected = sorted((q[1], q[2], q[5], q[9]) for q in reference["quotes"] if q[1].startswith("f") and int(q[1][1:]) < 30)
    assert got == expected and len(got) > 30
    del pyspark


def test_engines_spark_partitions_load_into_a_store_with_its_index(corpus, reference, tmp_path):
    pytest.importorskip("pyspark", reason="install saidwhat[spark]")
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the Spark engine test")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from saidwhat.engines.spark import write_partition_parts

    parts = tmp_path / "parts"
    spark = (SparkSession.builder.master("local[2]").appName("saidwhat-test-load")
             .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        docs = spark.read.json(str(corpus / "a.jsonl")).repartition(3)
        n = sum(docs.rdd.mapPartitionsWithIndex(write_partition_parts(str(parts))).collect())
    finally:
        spark.stop()
    assert n == 30
    db = tmp_path / "spark.duckdb"
    r = CliRunner().invoke(main, ["load", str(parts), "--db", str(db)])
    assert r.exit_code == 0, r.output
    def no_person(q):  # person ids are numbered over the whole store, which here has fewer documents
        return q[:10] + q[11:]
    got = [no_person(q) for q in snapshot(db, ("quotes",))["quotes"]]
    assert got == [no_person(q) for q in reference["quotes"] if q[1].startswith("f") and int(q[1][1:]) < 30]
    assert_index_matches_tables(db)
