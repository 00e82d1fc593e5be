-- saidwhat corpus store, schema version 2: the debate map and the readers' reaction.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS issue_id VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS requote_of VARCHAR;
CREATE TABLE IF NOT EXISTS issues (
    doc_id VARCHAR, issue_id VARCHAR, label VARCHAR, terms VARCHAR[], n_quotes INTEGER, speakers VARCHAR[],
    corpus_issue VARCHAR,            -- the same issue across documents (set by `finish`)
    PRIMARY KEY (doc_id, issue_id)
);
CREATE TABLE IF NOT EXISTS positions (
    doc_id VARCHAR, issue_id VARCHAR, speaker_id VARCHAR, text VARCHAR, grp VARCHAR
);
CREATE TABLE IF NOT EXISTS relations (
    doc_id VARCHAR, kind VARCHAR, source_id VARCHAR, target_id VARCHAR, issue_id VARCHAR, grp VARCHAR,
    reason VARCHAR, evidence VARCHAR
);
CREATE TABLE IF NOT EXISTS dates (
    doc_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, value VARCHAR, granularity VARCHAR,
    relation VARCHAR, modifier VARCHAR, segment INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR, label VARCHAR, date_value VARCHAR, granularity VARCHAR, date_text VARCHAR,
    start INTEGER, "end" INTEGER, deadline BOOLEAN
);
CREATE TABLE IF NOT EXISTS reactions (
    doc_id VARCHAR, seg_index INTEGER, author VARCHAR, tone VARCHAR, tone_score DOUBLE, n_uncivil INTEGER,
    issues VARCHAR[], reply_to_segment INTEGER, PRIMARY KEY (doc_id, seg_index)
);
CREATE TABLE IF NOT EXISTS stances (
    doc_id VARCHAR, seg_index INTEGER, speaker_id VARCHAR, stance VARCHAR, score DOUBLE
);
CREATE TABLE IF NOT EXISTS incivility (
    doc_id VARCHAR, seg_index INTEGER, start INTEGER, "end" INTEGER, text VARCHAR, kind VARCHAR
);
CREATE TABLE IF NOT EXISTS quotebacks (
    doc_id VARCHAR, seg_index INTEGER, start INTEGER, "end" INTEGER, text VARCHAR, article_start INTEGER,
    article_end INTEGER, speaker_id VARCHAR, grp VARCHAR, score DOUBLE
);
CREATE TABLE IF NOT EXISTS corpus_issues (
    corpus_issue VARCHAR PRIMARY KEY, label VARCHAR, terms VARCHAR[], n_documents INTEGER, n_quotes INTEGER
);
