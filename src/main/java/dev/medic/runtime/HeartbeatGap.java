package dev.medic.runtime;

import dev.medic.api.ReadModel;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start: how long medic was away, from its marks in the store. Nothing was watched meanwhile, so
 * people are told, in the log and the audit, with the targets that went unwatched. A clean stop
 * (medic stopped on purpose) is always told, as the planned restart it was; after a crash or a kill
 * the last sign of life is at most one mark interval old when medic died, so a gap is told only
 * when the last mark is older than two intervals.
 */
final class HeartbeatGap {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Store store;

  HeartbeatGap(Store store) {
    this.store = store;
  }

  /**
   * @param markEvery how often the previous run marked itself alive
   * @return the downtime told, if any (none on the first start ever)
   */
  Optional<ReadModel.Downtime> atStart(Instant now, Duration markEvery, List<String> targets) {
    Optional<Instant> lastAlive = store.agentState().lastAlive();
    if (lastAlive.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> stopped = store.agentState().stoppedCleanlyAt();
    boolean clean = stopped.isPresent() && !stopped.get().isBefore(lastAlive.get());
    Instant from = clean ? stopped.get() : lastAlive.get();
    Duration down = Duration.between(from, now);
    String unwatched = targets.isEmpty() ? "" : "; targets not watched: " + String.join(", ", targets);
    if (clean) {
      String detail = "medic stopped cleanly at " + at(from) + ", down " + length(down)
          + ": checks did not run meanwhile" + unwatched;
      log.info(detail);
      store.audit().append(AuditEntry.of(now, null, null, "downtime", null, "clean_stop", detail));
      return Optional.of(new ReadModel.Downtime(from, now, true));
    }
    if (down.compareTo(markEvery.multipliedBy(2)) <= 0) {
      return Optional.empty();
    }
    String detail = "medic was down from " + at(from) + " to " + at(now) + " (" + length(down)
        + ", not a clean stop): checks did not run; incidents that began and ended meanwhile were not seen"
        + unwatched;
    log.warn(detail);
    store.audit().append(AuditEntry.of(now, null, null, "downtime", null, "unclean_stop", detail));
    return Optional.of(new ReadModel.Downtime(from, now, false));
  }

  private static String at(Instant moment) {
    return moment.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Seconds under two minutes, whole minutes beyond. */
  private static String length(Duration d) {
    long seconds = d.toSeconds();
    return seconds < 120 ? seconds + "s" : d.toMinutes() + "m";
  }
}
