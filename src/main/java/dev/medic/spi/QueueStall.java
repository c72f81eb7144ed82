package dev.medic.spi;

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

  /** How old a recorded observation may be and still be continued from. */
  public static final Duration RESUME_WITHIN = Duration.ofHours(1);

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

  /**
   * Continues from a check's last recorded observation (after a restart of medic): each queue's
   * depth then, and the moment of its last progress (that observation's time less the seconds it
   * had been stalled), so a queue stalled before the restart is not taken to have just moved.
   *
   * <p>Not from an observation older than {@link #RESUME_WITHIN}: after a longer stop nothing tells
   * whether the queue moved meanwhile, and its clock starts afresh.
   *
   * @param suffixes queue name to the suffix of its metrics ({@code queue_depth_SUFFIX})
   */
  public synchronized void resume(Map<String, String> suffixes, Observation last, Instant now) {
    if (last.at().isBefore(now.minus(RESUME_WITHIN))) {
      return; // medic was stopped too long to know whether the queue moved meanwhile
    }
    for (Map.Entry<String, String> q : suffixes.entrySet()) {
      Double depth = last.metrics().get("queue_depth_" + q.getValue());
      Double stalled = last.metrics().get("stalled_seconds_" + q.getValue());
      if (depth != null && stalled != null && !seen.containsKey(q.getKey())) {
        seen.put(q.getKey(), new Seen(depth.longValue(), last.at().minusMillis((long) (stalled * 1000))));
      }
    }
  }

  /** Drops a queue's history (it disappeared; a new one of that name starts afresh). */
  public synchronized void forget(String queue) {
    seen.remove(queue);
  }
}
