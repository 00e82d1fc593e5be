"""A synthetic store of N quotes for the benchmarks, generated in bulk inside DuckDB.

No analysis runs (it would take days for ten million quotes): each document is a few paragraphs
whose quoted sentences are its quotes, with correct offsets, three speakers, an issue per topic
word, a comment with a stance, a relation and a position, so every page of the viewer has real
rows to show. Quote text is drawn from 20,000 pseudo-words with a Zipf-like frequency (rank r
with probability about 1/r) plus one of 26 topic words per quote (each in about 4% of quotes).

Every table is written by one INSERT ... SELECT over `range(n)` (columns in bulk, DuckDB's
threads doing the work), not row by row through Python, so ten million quotes take minutes.
The documents are then pending for the full-text index, which `store.finish()` builds, as
after an ingest.
"""

from __future__ import annotations

import random

TOPICS = ("border crossing ceasefire budget harbour tariff election vote minister reform strike bridge "
          "energy prices water school rail talks treaty sanctions deadline summit council court health tax").split()
NAMES = ["Anna Berg", "Omar Haddad", "Ines Lund", "Paul Ridge", "Sergey Lavrov", "Helena Varga", "Karl Dessen"]


def vocabulary(rng: random.Random, n: int = 20000) -> list[str]:
    """Pseudo-words, in rank order (the first the most frequent)."""
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]


def fill(store, n_quotes: int, per_doc: int = 10, seed: int = 5) -> int:
    """Write about `n_quotes` quotes in documents of `per_doc`; returns the number of documents."""
    con = store.con
    rng = random.Random(seed)
    n_docs = max(1, n_quotes // per_doc)
    con.execute(f"SELECT setseed({(seed % 1000) / 1000})")
    con.execute("CREATE OR REPLACE TEMP TABLE syn_vocab AS SELECT unnest(?) AS words", [[vocabulary(rng)]])
    con.execute("CREATE OR REPLACE TEMP TABLE syn_words AS SELECT ? AS topics, ? AS names, "
                "(SELECT words FROM syn_vocab) AS vocab", [TOPICS, NAMES])
    base = len(con.execute("SELECT doc_id FROM documents").fetchall())
    # One row a document: its id, date, three speakers (name indices) and two topics.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE syn_docs AS
        SELECT d, 'b' || (d + {base}) AS doc_id,
               make_date(2010 + (d % 15)::INT, 1 + (d % 12)::INT, 1 + (d % 28)::INT) AS date,
               (d * 3) % 7 AS n1, (d * 3 + 1 + d % 2) % 7 AS n2, (d * 3 + 4) % 7 AS n3,
               (d * 7) % 26 AS t1, (d * 7 + 1 + d % 5) % 26 AS t2
        FROM range({n_docs}) r(d)""")
    # One row a quote: its words (Zipf-like: floor(V ** random())), a topic word, its speaker.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE syn_quotes AS
        WITH q AS (
            SELECT s.*, k, 1 + (k % 3) AS sp, CASE WHEN k < {per_doc // 2} THEN t1 ELSE t2 END AS topic,
                   8 + floor(random() * 18)::INT AS n_words
            FROM syn_docs s, range({per_doc}) r(k)),
        w AS (
            SELECT q.*, list_transform(range(n_words), j ->
                       CASE WHEN j = n_words // 2 THEN v.topics[topic + 1]
                            ELSE v.vocab[floor(pow(len(v.vocab), random()))::INT] END) AS words,
                   v.names AS names
            FROM q, syn_words v)
        SELECT doc_id, d, date, k, sp, topic, array_to_string(words, ' ') AS text,
               names[[n1, n2, n3][sp] + 1] AS speaker,
               ['direct', 'indirect', 'mixed'][1 + floor(random() * 3)::INT] AS type
        FROM w""")
    # Offsets: each quote is '"' text '," Surname said.' and a blank line.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE syn_pieces AS
        SELECT *, '"' || text || '," ' || split_part(speaker, ' ', 2) || E' said.\n\n' AS piece,
               sum(length('"' || text || '," ' || split_part(speaker, ' ', 2) || E' said.\n\n'))
                   OVER (PARTITION BY doc_id ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
        FROM syn_quotes""")
    con.execute("BEGIN TRANSACTION")
    con.execute("""
        INSERT INTO documents (doc_id, content_hash, source, date, title, url, n_chars, n_quotes, n_comments, text)
        WITH b AS (
            SELECT doc_id, string_agg(piece, '' ORDER BY k) AS pieces, count(*) AS n,
                   any_value(speaker) FILTER (WHERE sp = 1) AS first_speaker
            FROM syn_pieces GROUP BY doc_id),
        t AS (
            SELECT s.*, b.n, b.pieces || E'Comments\n\nreader_1\n' || split_part(b.first_speaker, ' ', 2)
                       || ' is right about the ' || v.topics[s.t1 + 1] || '.' AS body,
                   'Report ' || s.d || ' on ' || v.topics[s.t1 + 1] || ' and ' || v.topics[s.t2 + 1] AS title
            FROM b JOIN syn_docs s USING (doc_id), syn_words v)
        SELECT doc_id, 'h' || doc_id, 'bench', date, title, NULL, length(body), n, 1, body FROM t""")
    con.execute("""
        INSERT INTO quotes SELECT doc_id || '#' || k, doc_id, k, coalesce(before, 0) + 1,
               coalesce(before, 0) + 1 + length(text), text, type, 'speech', 's' || sp, speaker, NULL,
               split_part(speaker, ' ', 2), 'said', 0, 'article', 'cue', 'q' || (k + 1),
               CASE WHEN k < 5 THEN 'i1' ELSE 'i2' END, NULL, date, 'name'
        FROM syn_pieces""")
    con.execute("""
        INSERT INTO segments SELECT doc_id, 0, 'article', 0, n_chars - length(c), NULL, NULL FROM
            (SELECT doc_id, n_chars, text[strpos(text, E'Comments\n\nreader_1\n'):] AS c FROM documents
             WHERE source = 'bench' AND doc_id IN (SELECT doc_id FROM syn_docs))
        UNION ALL
        SELECT doc_id, 1, 'comment', strpos(text, E'Comments\n\nreader_1\n') - 1 + 19, n_chars, 'reader_1', NULL
        FROM documents WHERE source = 'bench' AND doc_id IN (SELECT doc_id FROM syn_docs)""")
    con.execute("""
        INSERT INTO speakers SELECT doc_id, 's' || s, v.names[n + 1], [split_part(v.names[n + 1], ' ', 2)],
               CASE WHEN s = 1 THEN 'Minister' END, 'person', NULL, NULL
        FROM (SELECT doc_id, unnest([1, 2, 3]) AS s, unnest([n1, n2, n3]) AS n FROM syn_docs), syn_words v""")
    con.execute(f"""
        INSERT INTO issues SELECT doc_id, 'i' || i, v.topics[t + 1], [v.topics[t + 1]], {per_doc // 2},
               ['s1', 's2', 's3'], NULL
        FROM (SELECT doc_id, unnest([1, 2]) AS i, unnest([t1, t2]) AS t FROM syn_docs), syn_words v""")
    con.execute("""
        INSERT INTO positions SELECT doc_id, 'i1', 's1', left(text, 80), 'q1' FROM syn_quotes WHERE k = 0""")
    con.execute("""
        INSERT INTO relations SELECT doc_id, 'disagrees', 's2', 's1', 'i1', 'q2', 'cue: rejected', 'rejected'
        FROM syn_docs""")
    con.execute("INSERT INTO reactions SELECT doc_id, 1, 'reader_1', 'positive', 0.4, 0, ['i1'], NULL FROM syn_docs")
    con.execute("INSERT INTO stances SELECT doc_id, 1, 's1', 'support', 0.5 FROM syn_docs")
    if store.search is not None:
        con.execute("INSERT OR IGNORE INTO search_pending SELECT doc_id FROM syn_docs")
    con.execute("COMMIT")
    for t in ("syn_pieces", "syn_quotes", "syn_docs", "syn_words", "syn_vocab"):
        con.execute(f"DROP TABLE {t}")
    return n_docs
