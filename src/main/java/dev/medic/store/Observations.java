package dev.medic.store;

import dev.medic.spi.Observation;
import java.time.Instant;
import java.util.List;

/** Check results, written in batches off the check path; losing a sample beats blocking a check. */
public interface Observations {

  /** Queues an observation; it is written in the next batch. */
  void record(Observation observation);

  /** Blocks until every observation queued so far is committed. */
  void flush();

  /** Most recent first. */
  List<Observation> list(String target, int limit);

  /** The target's runs within [from, to], most recent first, at most {@code limit}. */
  default List<Observation> between(String target, Instant from, Instant to, int limit) {
    return list(target, Integer.MAX_VALUE).stream()
        .filter(o -> !o.at().isBefore(from) && !o.at().isAfter(to))
        .limit(limit)
        .toList();
  }

  /** Deletes observations older than the instant; returns how many. */
  int prune(Instant before);

  /** Observations dropped because the queue was full or the store could not write. */
  long dropped();
}
