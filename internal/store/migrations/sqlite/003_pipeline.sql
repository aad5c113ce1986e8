-- The pipeline: owner, follow-up date, who entered a lead by hand; notes; history.
ALTER TABLE leads ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE leads ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE leads ADD COLUMN next_action_at DATETIME;

CREATE INDEX leads_email_lower_idx ON leads (lower(email), id);
CREATE INDEX leads_status_created_idx ON leads (status, created_at DESC, id DESC);
CREATE INDEX leads_owner_created_idx ON leads (owner_id, created_at DESC, id DESC);
CREATE INDEX leads_next_action_idx ON leads (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX leads_name_idx ON leads (lower(name), id);

CREATE TABLE lead_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id    INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX lead_notes_lead_idx ON lead_notes (lead_id, id DESC);

-- One row per changed field: who, when, old and new value (owner as a user id), and
-- the lead's version the change made (an editor with an older version missed it).
CREATE TABLE lead_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id    INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, id DESC);
