-- Leads at scale: the list and the dashboard read what they need from indexes and a
-- small table of counts, never from a scan of every lead.

-- How many leads have each status, kept by the triggers below in the transaction of
-- every insert, delete and status change. SQLite has one writer at a time, so one row
-- a status (slot 0) serves; PostgreSQL spreads each status over 16 slots.
CREATE TABLE lead_counts (
    status TEXT NOT NULL,
    slot   INTEGER NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (status, slot)
) WITHOUT ROWID;
INSERT INTO lead_counts (status, slot, n)
SELECT s.status, 0, (SELECT count(*) FROM leads WHERE leads.status = s.status)
FROM (SELECT 'new' AS status UNION ALL SELECT 'contacted' UNION ALL SELECT 'qualified'
      UNION ALL SELECT 'won' UNION ALL SELECT 'lost') AS s;

CREATE TRIGGER leads_count_insert AFTER INSERT ON leads BEGIN
    UPDATE lead_counts SET n = n + 1 WHERE status = NEW.status AND slot = 0;
END;
CREATE TRIGGER leads_count_delete AFTER DELETE ON leads BEGIN
    UPDATE lead_counts SET n = n - 1 WHERE status = OLD.status AND slot = 0;
END;
CREATE TRIGGER leads_count_update AFTER UPDATE OF status ON leads WHEN NEW.status <> OLD.status BEGIN
    UPDATE lead_counts SET n = n - 1 WHERE status = OLD.status AND slot = 0;
    UPDATE lead_counts SET n = n + 1 WHERE status = NEW.status AND slot = 0;
END;

-- The list's "Pipeline stage" order (store.byStatus writes the same expression).
CREATE INDEX leads_status_rank_idx ON leads ((CASE status WHEN 'new' THEN 1 WHEN 'contacted' THEN 2
    WHEN 'qualified' THEN 3 WHEN 'won' THEN 4 WHEN 'lost' THEN 5 ELSE 6 END), created_at DESC, id DESC);
-- The dashboard's "due" leads, oldest first: read in order, not sorted.
DROP INDEX leads_next_action_idx;
CREATE INDEX leads_next_action_idx ON leads (next_action_at, id) WHERE next_action_at IS NOT NULL;

-- The planner's statistics, with the new indexes: without them SQLite took the wrong
-- index for a status filter (and sorted every lead of the status).
ANALYZE;
