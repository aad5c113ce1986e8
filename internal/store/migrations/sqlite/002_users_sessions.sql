CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    active        BOOLEAN NOT NULL DEFAULT 1,
    -- Bumped to end every session of the user (password, role, deactivation).
    session_epoch INTEGER NOT NULL DEFAULT 1,
    last_login_at DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
-- Emails are stored lower-cased; the index makes them unique whatever the case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Staff sessions (package kv): key, encoded data, expiry in unix milliseconds.
CREATE TABLE sessions (
    k TEXT PRIMARY KEY NOT NULL,
    v BLOB NOT NULL,
    e INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_e_idx ON sessions (e);
