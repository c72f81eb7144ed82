-- medic's own state across its runs: when it was last known alive (written every heartbeat
-- interval, or every minute) and when it last stopped on purpose. At start, the gap since
-- last_alive_at is how long nothing was watched; a stopped_cleanly_at at or after it means the
-- stop was planned. Times are epoch milliseconds.
CREATE TABLE agent_state (
    key   TEXT    PRIMARY KEY CHECK (key IN ('last_alive_at', 'stopped_cleanly_at')),
    value INTEGER NOT NULL
);
