-- History: raw observations rolled into 5-minute and hourly aggregates (tier '5m' / '1h'), one row
-- per target, check and bucket. p50/p95/p99 are exact over the bucket's raw runs; histogram is a
-- compact log-scale latency histogram (buckets 5 % wide, at most ~2.5 % off) so that percentiles
-- over many rows merge by adding counts. UNKNOWN runs do not count; DOWN counts as a failure.
CREATE TABLE observation_rollups (
    tier          TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    check_name    TEXT    NOT NULL,
    bucket_ms     INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    failures      INTEGER NOT NULL,
    latency_count INTEGER NOT NULL,
    p50           REAL,
    p95           REAL,
    p99           REAL,
    max_ms        REAL,
    histogram     BLOB,
    -- Ordered by time first: the summary of every target over a window, and pruning, read one
    -- contiguous range; one target's chart reads through the index below.
    PRIMARY KEY (tier, bucket_ms, target, check_name)
) WITHOUT ROWID;
CREATE INDEX observation_rollups_target ON observation_rollups(tier, target, bucket_ms);

-- Up to where raw observations are rolled into 5-minute rows; hourly rows up to the hour before.
CREATE TABLE history_progress (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    rolled_until INTEGER NOT NULL
);
