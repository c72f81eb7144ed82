-- Every message to a channel, before it is sent: a page survives a failed receiver and a restart of
-- medic. One row per (incident, channel, kind, ref); ref tells apart messages of one kind about one
-- incident (the approval id of an approval_needed), empty otherwise. No foreign key to incidents: a
-- delivery must be recordable whatever else the store holds.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id     INTEGER NOT NULL,
    target          TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    ref             TEXT    NOT NULL DEFAULT '',
    idempotency_key TEXT    NOT NULL UNIQUE,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL,          -- pending, delivered, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    finished_at     INTEGER,
    UNIQUE (incident_id, channel, kind, ref)
);
CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);
