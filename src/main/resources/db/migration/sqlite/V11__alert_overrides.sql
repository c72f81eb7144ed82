-- Detection thresholds people changed through the API (PUT /api/alerts/config), laid over the
-- config file's at every start and reload. One row per target; a NULL column leaves the file's
-- value in force. window_set = 1 with NULL size/failures removes the file's window. thresholds is
-- one rule per line, as the config writes them ('latency_ms > 1000 for 3s as latency_high').
CREATE TABLE alert_overrides (
    target          TEXT    PRIMARY KEY,
    failures        INTEGER CHECK (failures IS NULL OR failures >= 1),
    successes       INTEGER CHECK (successes IS NULL OR successes >= 1),
    window_set      INTEGER NOT NULL DEFAULT 0 CHECK (window_set IN (0, 1)),
    window_size     INTEGER,
    window_failures INTEGER,
    thresholds      TEXT,
    changed_by      TEXT    NOT NULL,
    changed_at      INTEGER NOT NULL
);
