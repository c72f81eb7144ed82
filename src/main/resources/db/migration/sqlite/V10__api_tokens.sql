-- API tokens made with `medic token create` (tokens in the config file are not stored here).
-- Only the SHA-256 of a token is kept: the token itself is shown once, when it is made. A token
-- is never deleted: revoking one sets revoked_at, so the store keeps who could do what, and when.
-- A name is unique among the tokens not revoked, so a revoked name can be given to a new token.
-- Times are epoch milliseconds.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    sha256       TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    revoked_by   TEXT,
    last_used_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked_at IS NULL;
