-- Webhook endpoints. secret is kept as given (not hashed): the server signs every
-- delivery with it. It is shown to the admin once, when the endpoint is added.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT NOT NULL,
    format     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME NOT NULL
);

-- The events each endpoint receives; the change hook looks endpoints up by event.
CREATE TABLE webhook_events (
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event      TEXT NOT NULL,
    PRIMARY KEY (webhook_id, event)
);
CREATE INDEX webhook_events_event_idx ON webhook_events (event, webhook_id);

-- Every attempt to deliver an event to an endpoint, newest last; kept per endpoint up
-- to a bound (store.deliveriesKept).
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id  INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event       TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    lead_id     INTEGER NOT NULL DEFAULT 0,
    job_id      INTEGER NOT NULL DEFAULT 0,
    attempt     INTEGER NOT NULL,
    status_code INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    occurred_at DATETIME NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
