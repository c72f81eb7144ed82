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

  /** Deletes observations older than the instant; returns how many. */
  int prune(Instant before);

  /** Observations dropped because the queue was full or the store could not write. */
  long dropped();
}
