package dev.medic.runtime;

import dev.medic.api.Metrics;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.detect.Signal;
import dev.medic.incident.WholeTargetConditions;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's forward path for every observation: store, metrics, the target's detector, and the
 * signals it gives to the incident book, in order, under the target's lock.
 */
final class Pipeline {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final TargetRuntimes runtimes;
  private final Store store;
  private final Metrics metrics;
  private final IncidentBook book;
  private final Supplier<MedicConfig> config;
  private final StatusListener statusChanges;

  Pipeline(TargetRuntimes runtimes, Store store, Metrics metrics, IncidentBook book, Supplier<MedicConfig> config) {
    this(runtimes, store, metrics, book, config, StatusListener.NONE);
  }

  Pipeline(TargetRuntimes runtimes, Store store, Metrics metrics, IncidentBook book, Supplier<MedicConfig> config,
      StatusListener statusChanges) {
    this.statusChanges = statusChanges;
    this.runtimes = runtimes;
    this.store = store;
    this.metrics = metrics;
    this.book = book;
    this.config = config;
  }

  /** Every scheduled check run passes here. */
  void observe(Observation o) {
    observe(o, true);
  }

  /**
   * @param detect false for a run Verify asked for while the target is still recovering from an
   *     action: its failure is the incident's known aftermath (a restarting service refuses
   *     connections for a moment), recorded but not counted toward raising
   */
  void observe(Observation o, boolean detect) {
    TargetRuntime rt = runtimes.get(o.target());
    if (rt == null) {
      return;
    }
    store.observations().record(o);
    metrics.observe(o, rt.kind(o.check()));
    // The detector's signals reach the book under the target's lock, in the order the detector gave
    // them: two checks of one target finishing together must not turn its raise-then-clear into a
    // clear-then-raise, which would leave a held condition without an incident.
    synchronized (rt) {
      Status before = rt.status();
      Observation previous = rt.note(o);
      Status now = rt.status();
      if (now != before) {
        statusChanges.changed(o.target(), before, now, o.at(), o.message());
      }
      List<Signal> signals = detect || o.healthy() ? rt.detect(o) : List.of();
      if (!o.healthy() && (previous == null || previous.healthy())) {
        log.info("check failed: {}/{} {} {}", o.target(), o.check(), o.condition(), o.message());
      } else if (o.healthy() && previous != null && !previous.healthy()) {
        log.info("check ok again: {}/{} {}", o.target(), o.check(), o.message());
      }
      handle(rt.config, signals);
      clearWhatNoLongerHolds(rt, o);
    }
  }

  /**
   * A clear noted while an action was verified, which the verify then did not turn into a
   * resolution, would otherwise leave the incident open for good: the detector lets go of a
   * condition once. So an open incident whose condition the detector no longer holds is cleared at
   * the target's next observation, unless an action on it is being verified.
   */
  private void clearWhatNoLongerHolds(TargetRuntime rt, Observation o) {
    for (Incident i : book.openIncidents(o.target())) {
      if (!book.verifying(i.id()) && !rt.holds(i.condition())) {
        book.clear(i.target(), i.condition(), "condition cleared: " + o.check() + ": " + o.message());
      }
    }
  }

  /**
   * After a crash loop or flapping: what was only noted as its symptom while it lasted and still holds now (a
   * queue that stayed stalled, say) gets an incident of its own, since the detector raises once.
   */
  void raiseWhatStillHolds(String target) {
    TargetRuntime rt = runtimes.get(target);
    Optional<TargetConfig> t = config.get().target(target);
    if (rt == null || t.isEmpty()) {
      return;
    }
    synchronized (rt) {
      for (String condition : rt.heldConditions()) {
        if (!WholeTargetConditions.covers(condition) && book.openIncident(target, condition).isEmpty()) {
          book.raise(target, condition, t.get().severity(), "still holds after the crash loop or flapping ended");
        }
      }
    }
  }

  /** Raises and clears in the detector's order; callers hold the target's lock. */
  void handle(TargetConfig target, List<Signal> signals) {
    for (Signal s : signals) {
      switch (s) {
        case Signal.Raise r -> book.raise(target.name(), r.condition(), target.severity(), r.message());
        case Signal.Clear c -> book.clear(target.name(), c.condition(), "condition cleared: " + c.message());
      }
    }
  }
}
