package dev.medic.store;

/**
 * One stored aggregate of one check's runs over a 5-minute or hourly bucket. The percentiles were
 * computed exactly from the raw runs; the histogram lets rows merge (see {@link LatencyHistogram}).
 */
record RollupRow(String target, String check, long bucketMs, long count, long failures, long latencyCount,
    Double p50, Double p95, Double p99, Double maxMs, byte[] histogram) {}
