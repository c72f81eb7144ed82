package dev.medic.runtime;

import dev.medic.config.TargetConfig;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What medic knows about one target while it runs: its detector, the last observation of each
 * check, and hourly up/total counters for uptime over the last 24 hours. All access goes through
 * this object's lock, which also serializes the detector.
 */
final class TargetRuntime {

  private static final int HOURS = 24;

  final TargetConfig config;
  private final TargetDetector detector;
  private final Map<String, String> kinds;
  private final Map<String, Observation> last = new LinkedHashMap<>();
  private final long[] upByHour = new long[HOURS];
  private final long[] totalByHour = new long[HOURS];
  private final long[] hourOfSlot = new long[HOURS];
  /** Worst status over the checks' last runs, kept current by every change to {@link #last}. */
  private Status status = Status.UNKNOWN;

  TargetRuntime(TargetConfig config, TargetDetector detector, java.util.function.Function<Class<?>, String> typeOf) {
    this.config = config;
    this.detector = detector;
    Map<String, String> byCheck = new java.util.HashMap<>();
    for (var c : config.checks()) {
      byCheck.put(c.name(), typeOf.apply(c.getClass()));
    }
    this.kinds = Map.copyOf(byCheck);
  }

  /** The kind of a check ({@code http}, {@code postgres}, ...), computed once per config. */
  String kind(String check) {
    return kinds.getOrDefault(check, "unknown");
  }

  /** Records the observation and returns the previous one of the same check (null if first). */
  synchronized Observation note(Observation o) {
    long hour = o.at().getEpochSecond() / 3600;
    int slot = (int) (hour % HOURS);
    if (hourOfSlot[slot] != hour) {
      hourOfSlot[slot] = hour;
      upByHour[slot] = 0;
      totalByHour[slot] = 0;
    }
    totalByHour[slot]++;
    if (o.healthy()) {
      upByHour[slot]++;
    }
    Observation previous = last.put(o.check(), o);
    // A check that reports what it reported before cannot change the worst: the common case costs
    // no walk over the checks.
    if (previous == null || previous.status() != o.status()) {
      status = worstOfLast();
    }
    notifyAll();
    return previous;
  }

  /** Waits until the next observation of any check is noted, or the timeout passes. */
  synchronized void awaitObservation(java.time.Duration timeout) throws InterruptedException {
    long millis = Math.max(1, timeout.toMillis());
    wait(millis);
  }

  synchronized List<Signal> detect(Observation o) {
    return detector.observe(o);
  }

  synchronized List<Signal> processExited(Instant at) {
    return detector.processExited(at);
  }

  synchronized List<Signal> warmExits(List<Instant> earlier, Instant now) {
    return detector.warmExits(earlier, now);
  }

  synchronized java.util.Set<String> heldConditions() {
    return detector.heldConditions();
  }

  synchronized boolean holds(String condition) {
    return detector.holds(condition);
  }

  /** See {@link TargetDetector#warm}; also fills the last observation of each check. */
  synchronized List<Signal> warm(List<Observation> history, java.util.Collection<String> open) {
    for (Observation o : history) {
      last.put(o.check(), o);
    }
    status = worstOfLast();
    return detector.warm(history, open);
  }

  synchronized void assumeRaised(String condition) {
    detector.assumeRaised(condition, config.checks().stream().map(c -> c.name()).toList());
  }

  synchronized Map<String, Observation> lastObservations() {
    return Map.copyOf(last);
  }

  /** Worst status over the checks' last runs; UNKNOWN before the first run. */
  synchronized Status status() {
    return status;
  }

  private Status worstOfLast() {
    if (last.isEmpty()) {
      return Status.UNKNOWN;
    }
    Status worst = Status.UP;
    for (Observation o : last.values()) {
      if (o.status().ordinal() > worst.ordinal() && o.status() != Status.UNKNOWN) {
        worst = o.status();
      }
    }
    return worst;
  }

  /** Every check has run since the instant, and its latest run was healthy. */
  synchronized boolean healthySince(Instant since) {
    if (last.size() < config.checks().size()) {
      return false;
    }
    for (Observation o : last.values()) {
      if (!o.healthy() || o.at().isBefore(since)) {
        return false;
      }
    }
    return true;
  }

  synchronized int failingChecks() {
    return (int) last.values().stream().filter(o -> !o.healthy()).count();
  }

  /** Fraction of healthy runs over the last 24 hours, null before the first run. */
  synchronized Double uptime(Instant now) {
    long hourNow = now.getEpochSecond() / 3600;
    long up = 0;
    long total = 0;
    for (int i = 0; i < HOURS; i++) {
      if (hourNow - hourOfSlot[i] < HOURS) {
        up += upByHour[i];
        total += totalByHour[i];
      }
    }
    return total == 0 ? null : (double) up / total;
  }

}
