-- saidwhat corpus store, schema version 5: the documents whose quotes the full-text index
-- (Tantivy, beside the store) has yet to take in, committed with their rows.
CREATE TABLE IF NOT EXISTS search_pending (doc_id VARCHAR, PRIMARY KEY (doc_id));
