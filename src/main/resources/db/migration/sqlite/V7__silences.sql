-- Silences: people's "hold off on this for a while", made through the API or `medic silence add`.
-- A silence is never deleted: expiring one early sets ends_at (and who did it), so the store keeps
-- what was silenced, by whom and why. Its matchers are rows of their own, in the order given.
CREATE TABLE silences (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    comment       TEXT    NOT NULL,
    author        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    allow_healing INTEGER NOT NULL DEFAULT 0 CHECK (allow_healing IN (0, 1)),
    expired_by    TEXT,
    CHECK (ends_at > starts_at OR expired_by IS NOT NULL)
);
CREATE INDEX silences_ends ON silences(ends_at);

CREATE TABLE silence_matchers (
    silence_id INTEGER NOT NULL REFERENCES silences(id),
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    operator   TEXT    NOT NULL CHECK (operator IN ('=', '!=', '=~', '!~')),
    value      TEXT    NOT NULL,
    PRIMARY KEY (silence_id, position)
);
