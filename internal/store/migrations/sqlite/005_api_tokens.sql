-- Personal API tokens: only the SHA-256 of each secret is kept. epoch is the user's
-- session epoch when the token was made: moving it on (password, role, deactivation)
-- ends the user's tokens as it ends their sessions.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    expires_at   DATETIME,
    last_used_at DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (hash);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id DESC);
