-- Times are epoch milliseconds (UTC): they sort and compare exactly.
CREATE TABLE incidents (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    target                  TEXT    NOT NULL,
    condition               TEXT    NOT NULL,
    severity                TEXT    NOT NULL,
    state                   TEXT    NOT NULL,
    message                 TEXT    NOT NULL DEFAULT '',
    opened_at               INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    healing_attempts        INTEGER NOT NULL DEFAULT 0,
    strategies_tried        TEXT    NOT NULL DEFAULT '[]',
    escalated               INTEGER NOT NULL DEFAULT 0,
    resolution_status       TEXT,
    resolution_details      TEXT,
    resolved_at             INTEGER,
    resolution_time_seconds INTEGER,
    created_at              INTEGER NOT NULL
);
-- One open incident per (target, condition): the store itself refuses a duplicate.
CREATE UNIQUE INDEX incidents_one_open ON incidents(target, condition) WHERE state <> 'resolved';
CREATE INDEX incidents_opened ON incidents(opened_at);
CREATE INDEX incidents_target ON incidents(target);
CREATE INDEX incidents_escalated ON incidents(escalated);

-- The column names operators already query (seed 000's monitor_incidents), over the same rows.
CREATE VIEW monitor_incidents AS
SELECT id,
       strftime('%Y-%m-%dT%H:%M:%fZ', opened_at / 1000.0, 'unixepoch') AS timestamp,
       target              AS container_name,
       condition           AS issue_type,
       severity,
       healing_attempts,
       strategies_tried    AS healing_strategies_tried,
       escalated           AS escalated_to_claude,
       resolution_status,
       resolution_details,
       CASE WHEN resolved_at IS NULL THEN NULL
            ELSE strftime('%Y-%m-%dT%H:%M:%fZ', resolved_at / 1000.0, 'unixepoch') END AS resolved_at,
       resolution_time_seconds,
       strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch') AS created_at
FROM incidents;

CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at          INTEGER NOT NULL,
    event       TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    incident_id INTEGER,
    target      TEXT,
    kind        TEXT    NOT NULL,
    strategy    TEXT,
    result      TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL DEFAULT 'medic'
);
CREATE INDEX audit_incident ON audit(incident_id, id);
CREATE INDEX audit_action ON audit(target, strategy, kind, at);
CREATE INDEX audit_kind ON audit(kind, id);

-- Append-only: the audit trail can be added to, never rewritten.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE observations (
    at         INTEGER NOT NULL,
    target     TEXT    NOT NULL,
    check_name TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    latency_ms REAL,
    condition  TEXT,
    message    TEXT    NOT NULL DEFAULT '',
    metrics    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX observations_target_at ON observations(target, at);
CREATE INDEX observations_at ON observations(at);
