-- Leads at scale (a million and more): the list and the dashboard read what they need
-- from indexes and a small table of counts, never from a scan of every lead.

-- How many leads have each status, kept by the triggers below in the transaction of
-- every insert, delete and status change, so that the dashboard and the list's
-- unfiltered total read 80 rows instead of counting the leads. Each status has 16
-- slots, a lead counting in slot id % 16: concurrent posts update different rows
-- instead of queueing on one row lock until each commits.
CREATE TABLE lead_counts (
    status TEXT NOT NULL,
    slot   SMALLINT NOT NULL,
    n      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (status, slot)
);
INSERT INTO lead_counts (status, slot)
SELECT s.status, g.slot
FROM (VALUES ('new'), ('contacted'), ('qualified'), ('won'), ('lost')) AS s (status),
     generate_series(0, 15) AS g (slot);
UPDATE lead_counts c SET n = d.n
FROM (SELECT status, (id % 16)::smallint AS slot, count(*) AS n FROM leads GROUP BY 1, 2) d
WHERE c.status = d.status AND c.slot = d.slot;

-- New leads per quarter of an hour (UTC), for the dashboard's 30 days: at most 96 rows
-- a day and slot to read instead of every lead of the month. The slot is the writing
-- connection's (backend pid % 4): under load, concurrent posts come from several
-- connections and do not queue on one row; at a quiet time one connection writes and
-- a quarter has one row. A deletion subtracts in its own slot: only the sum over a
-- quarter's slots means anything. The leads' created_at never changes.
CREATE TABLE lead_quarters (
    bucket TIMESTAMPTZ NOT NULL,
    slot   SMALLINT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (bucket, slot)
);
INSERT INTO lead_quarters (bucket, slot, n)
SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), 0, count(*)
FROM leads GROUP BY 1;

-- lead_counts_add adds delta to the counts of the (status, slot, n) rows given, locking
-- them in one order so that two transactions touching several never deadlock.
CREATE FUNCTION lead_counts_add(changes jsonb) RETURNS void LANGUAGE sql AS $$
    WITH d AS (
        SELECT status, slot, sum(n) AS n
        FROM jsonb_to_recordset(changes) AS x (status text, slot smallint, n bigint)
        GROUP BY status, slot HAVING sum(n) <> 0
    ), locked AS (
        SELECT c.status, c.slot FROM lead_counts c JOIN d USING (status, slot)
        ORDER BY c.status, c.slot FOR UPDATE OF c
    )
    UPDATE lead_counts c SET n = c.n + d.n FROM d, locked l
    WHERE c.status = d.status AND c.slot = d.slot AND l.status = d.status AND l.slot = d.slot
$$;

CREATE FUNCTION leads_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lead_counts c SET n = c.n + d.n
    FROM (SELECT status, (id % 16)::smallint AS slot, count(*) AS n FROM new_rows GROUP BY 1, 2) d
    WHERE c.status = d.status AND c.slot = d.slot;
    INSERT INTO lead_quarters (bucket, slot, n)
    SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), pg_backend_pid() % 4, count(*)
    FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (bucket, slot) DO UPDATE SET n = lead_quarters.n + excluded.n;
    RETURN NULL;
END $$;

CREATE FUNCTION leads_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM lead_counts_add(coalesce(jsonb_agg(jsonb_build_object('status', status, 'slot', id % 16, 'n', -1)), '[]'))
    FROM old_rows;
    INSERT INTO lead_quarters (bucket, slot, n)
    SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), pg_backend_pid() % 4, -count(*)
    FROM old_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (bucket, slot) DO UPDATE SET n = lead_quarters.n + excluded.n;
    RETURN NULL;
END $$;

CREATE FUNCTION leads_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM lead_counts_add(coalesce(jsonb_agg(x), '[]'))
    FROM (
        SELECT jsonb_build_object('status', o.status, 'slot', o.id % 16, 'n', -1) AS x
        FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE nw.status <> o.status
        UNION ALL
        SELECT jsonb_build_object('status', nw.status, 'slot', nw.id % 16, 'n', 1)
        FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE nw.status <> o.status
    ) changed;
    RETURN NULL;
END $$;

CREATE FUNCTION leads_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lead_counts SET n = 0;
    DELETE FROM lead_quarters;
    RETURN NULL;
END $$;

-- Statement triggers with transition tables: a bulk change or a COPY updates the counts
-- once, not once a row.
CREATE TRIGGER leads_count_insert AFTER INSERT ON leads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_insert();
CREATE TRIGGER leads_count_delete AFTER DELETE ON leads
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_delete();
CREATE TRIGGER leads_count_update AFTER UPDATE ON leads
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_update();
CREATE TRIGGER leads_count_truncate AFTER TRUNCATE ON leads
    FOR EACH STATEMENT EXECUTE FUNCTION leads_count_truncate();

-- The list's "Pipeline stage" order (store.byStatus writes the same expression).
CREATE INDEX leads_status_rank_idx ON leads ((CASE status WHEN 'new' THEN 1 WHEN 'contacted' THEN 2
    WHEN 'qualified' THEN 3 WHEN 'won' THEN 4 WHEN 'lost' THEN 5 ELSE 6 END), created_at DESC, id DESC);
-- Name orders within a status.
CREATE INDEX leads_status_name_idx ON leads (status, lower(name), id);
-- The dashboard's "due" leads, oldest first: read in order, not sorted.
DROP INDEX leads_next_action_idx;
CREATE INDEX leads_next_action_idx ON leads (next_action_at, id) WHERE next_action_at IS NOT NULL;

-- The planner's statistics for the new tables, so that their first reads use the keys.
ANALYZE lead_counts;
ANALYZE lead_quarters;
