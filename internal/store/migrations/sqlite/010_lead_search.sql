-- Search at scale: an FTS5 index of the searched text, split into trigrams, so that a
-- search of three characters or more reads the index instead of every lead's text.
--
-- The indexed text is store.searchExpr (the lead's name, email, company and message,
-- lowered by SQLite's lower()), as one column so that a search may span two fields as
-- it can in the scan. The tokenizer is case sensitive because the text is lowered
-- already, the same way the scan lowers it: a match of the index is then exactly a
-- match of the scan (the store checks the scan's LIKE on the index's rows all the same).
--
-- content='' (contentless): the table keeps only the index, never the text itself, and
-- secure-delete removes a deleted row's trigrams from the index at once rather than
-- leaving them to a later merge: once a lead is erased or deleted no trace of its text
-- stays in leads_fts's shadow tables.
CREATE VIRTUAL TABLE leads_fts USING fts5(body, content='', tokenize='trigram case_sensitive 1');
INSERT INTO leads_fts (leads_fts, rank) VALUES ('secure-delete', 1);

INSERT INTO leads_fts (rowid, body)
SELECT id, lower(name || ' ' || email || ' ' || company || ' ' || message) FROM leads;

-- A contentless table deletes a row by being told its indexed text: the triggers give
-- the old row's text, written the same way as the insert's.
CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
    INSERT INTO leads_fts (rowid, body)
    VALUES (NEW.id, lower(NEW.name || ' ' || NEW.email || ' ' || NEW.company || ' ' || NEW.message));
END;
CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, body)
    VALUES ('delete', OLD.id, lower(OLD.name || ' ' || OLD.email || ' ' || OLD.company || ' ' || OLD.message));
END;
CREATE TRIGGER leads_fts_update AFTER UPDATE OF name, email, company, message ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, body)
    VALUES ('delete', OLD.id, lower(OLD.name || ' ' || OLD.email || ' ' || OLD.company || ' ' || OLD.message));
    INSERT INTO leads_fts (rowid, body)
    VALUES (NEW.id, lower(NEW.name || ' ' || NEW.email || ' ' || NEW.company || ' ' || NEW.message));
END;

-- A search within a status in name order walks this index (as PostgreSQL's
-- leads_status_name_idx), instead of sorting every lead of the status.
CREATE INDEX leads_status_name_idx ON leads (status, lower(name), id);
ANALYZE;
