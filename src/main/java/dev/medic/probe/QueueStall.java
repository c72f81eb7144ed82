package dev.medic.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Probe-local memory of queue depths, to tell a queue that is working through its backlog from one
 * that is stuck. Progress is a depth of zero or a depth lower than at the previous look; a queue is
 * stalled from the first look without progress after the last one that had it. Without history
 * (the first look), the clock starts at that look.
 */
public final class QueueStall {

  private record Seen(long depth, Instant progressAt) {}

  private final Map<String, Seen> seen = new HashMap<>();

  /**
   * @param stuck true when the caller knows nothing can be draining the queue (no consumer), so a
   *     lower depth is not taken as progress
   * @return seconds without progress while the queue held items, 0 when it is empty or moved
   */
  public synchronized double observe(String queue, long depth, boolean stuck, Instant now) {
    Seen before = seen.get(queue);
    boolean progress = depth == 0 || before == null || (!stuck && depth < before.depth());
    Instant progressAt = progress ? now : before.progressAt();
    seen.put(queue, new Seen(depth, progressAt));
    return depth == 0 ? 0 : Duration.between(progressAt, now).toMillis() / 1000.0;
  }

  /** Drops a queue's history (it disappeared; a new one of that name starts afresh). */
  public synchronized void forget(String queue) {
    seen.remove(queue);
  }
}
