-- Requests for a person to allow a destructive remedy; decided through the API.
CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    target       TEXT    NOT NULL,
    strategy     TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    requested_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    decided_at   INTEGER,
    decided_by   TEXT,
    reason       TEXT
);
CREATE INDEX approvals_pending ON approvals(state, incident_id);
