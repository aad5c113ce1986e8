-- Per-client counters of the lead form's rate limit, shared by every instance: one
-- atomic upsert a post (package kv). UNLOGGED: counters need no crash safety, and their
-- writes then cost no WAL flush.
CREATE UNLOGGED TABLE rate_counters (
    k        TEXT PRIMARY KEY,
    n        INTEGER NOT NULL,
    reset_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_counters_reset_idx ON rate_counters (reset_at);
