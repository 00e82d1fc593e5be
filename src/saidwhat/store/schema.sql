-- saidwhat corpus store, schema version 1. One row per document, segment, speaker, quote.
-- Offsets are character offsets into the document text as read.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,      -- the document's id (file path under the source, JSONL id, WARC record URI)
    content_hash VARCHAR NOT NULL,   -- sha1 of the text: the same text is never stored twice
    source VARCHAR, date DATE, title VARCHAR, url VARCHAR,
    n_chars INTEGER, n_quotes INTEGER, n_comments INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS segments (
    doc_id VARCHAR, seg_index INTEGER, kind VARCHAR, start INTEGER, "end" INTEGER,
    author VARCHAR, reply_to VARCHAR, PRIMARY KEY (doc_id, seg_index)
);
CREATE TABLE IF NOT EXISTS speakers (
    doc_id VARCHAR, speaker_id VARCHAR, name VARCHAR, aliases VARCHAR[], role VARCHAR, kind VARCHAR,
    person_id VARCHAR, PRIMARY KEY (doc_id, speaker_id)
);
CREATE TABLE IF NOT EXISTS quotes (
    quote_key VARCHAR PRIMARY KEY,   -- doc_id || '#' || quote_index
    doc_id VARCHAR, quote_index INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
    type VARCHAR, act VARCHAR, speaker_id VARCHAR, speaker_name VARCHAR, person_id VARCHAR,
    mention VARCHAR, cue VARCHAR, segment INTEGER, segment_kind VARCHAR, attributed_by VARCHAR,
    grp VARCHAR, date DATE
);
CREATE TABLE IF NOT EXISTS persons (
    person_id VARCHAR PRIMARY KEY, name VARCHAR, aliases VARCHAR[], role VARCHAR, n_quotes INTEGER, n_documents INTEGER
);
CREATE TABLE IF NOT EXISTS rejects (
    reject_key VARCHAR PRIMARY KEY,  -- source, line and document id
    source VARCHAR, line INTEGER, doc_id VARCHAR, reason VARCHAR
);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER, started VARCHAR, finished VARCHAR, documents INTEGER, rejects INTEGER, engine VARCHAR
);
