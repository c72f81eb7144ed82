-- What analysts concluded about incidents (the rule analyst, an LLM, an external agent): advice with
-- its evidence, kept append-only with the incident. evidence, suggested and refused are JSON arrays
-- (refused: [{"action": ..., "reason": ...}]). No foreign key to incidents: like the ledger, an
-- analysis must be recordable whatever else the store holds. (analyst, at) counts an analyst's hourly
-- limit across restarts.
CREATE TABLE analyses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id      INTEGER NOT NULL,
    analyst          TEXT    NOT NULL,
    at               INTEGER NOT NULL,
    verdict          TEXT    NOT NULL,
    root_target      TEXT,
    root_condition   TEXT,
    root_incident_id INTEGER,
    summary          TEXT    NOT NULL,
    confidence       REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    evidence         TEXT    NOT NULL,
    suggested        TEXT    NOT NULL,
    refused          TEXT    NOT NULL,
    model            TEXT,
    input_tokens     INTEGER,
    output_tokens    INTEGER,
    cost_usd         REAL,
    latency_ms       INTEGER,
    output           TEXT,
    error            TEXT
);
CREATE INDEX analyses_incident ON analyses(incident_id, id);
CREATE INDEX analyses_analyst_at ON analyses(analyst, at);
