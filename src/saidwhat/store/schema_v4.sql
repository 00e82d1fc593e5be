-- saidwhat corpus store, schema version 4: how each quote's speaker was found (name, pronoun,
-- description, role table, people file, ...) and the Wikidata id a user's people file gives a person.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS resolved_by VARCHAR;
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS qid VARCHAR;
ALTER TABLE persons ADD COLUMN IF NOT EXISTS qid VARCHAR;
