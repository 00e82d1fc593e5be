-- saidwhat corpus store, schema version 3: every document id is kept. A document whose text is
-- identical to one already stored (the same wire story at two outlets) is analysed once; its id
-- and metadata are a row here, pointing at the stored document.
CREATE TABLE IF NOT EXISTS copies (
    doc_id VARCHAR PRIMARY KEY,
    copy_of VARCHAR,                 -- documents.doc_id of the stored text
    content_hash VARCHAR, source VARCHAR, date DATE, title VARCHAR, url VARCHAR
);
