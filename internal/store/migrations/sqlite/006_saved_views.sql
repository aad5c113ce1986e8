-- Saved views: a user's named filter of the lead list (query is models.LeadFilter's
-- Encode, page left out), shown in the list's sidebar; shared ones to the whole team.
-- Names are unique per user whatever their case, so "Hot" and "hot" are one view.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    shared     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX saved_views_user_name_key ON saved_views (user_id, lower(name));
CREATE INDEX saved_views_shared_idx ON saved_views (shared) WHERE shared;
