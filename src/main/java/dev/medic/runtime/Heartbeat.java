package dev.medic.runtime;

import dev.medic.api.ReadModel;
import dev.medic.config.AgentSettings;
import dev.medic.config.Redact;
import dev.medic.schedule.Timers;
import dev.medic.store.Store;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watching the watcher. Every interval medic marks itself alive in the store and, when {@code
 * agent.heartbeat} is set, calls its URL, so that something outside medic notices when it stops.
 * At start the marks of the run before tell how long medic was away ({@link HeartbeatGap}); a clean
 * stop leaves a mark of its own.
 *
 * <p>The job runs on the scheduler's timers; the store write and the call run off the timer
 * thread and never hold up a check. A failed call is logged and made again at the next interval; a
 * call still under way when the next one is due is not doubled.
 */
final class Heartbeat implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  /** How often medic marks itself alive when no heartbeat URL is set. */
  static final Duration MARK_WITHOUT_HEARTBEAT = Duration.ofMinutes(1);

  private final Timers timers;
  private final Supplier<AgentSettings.Heartbeat> settings;
  private final Store store;
  private final IntSupplier openIncidents;
  private final Consumer<Duration> downtimeGauge;
  private final Clock clock;
  private final HeartbeatPing ping = new HeartbeatPing();
  private final AtomicBoolean pinging = new AtomicBoolean();
  private final String version;

  private Timers.Pending periodic;
  private Duration scheduledEvery;
  private boolean closed;
  private Instant startedAt;
  /** Whether the last call failed: a receiver that stays down is logged once, not every interval. */
  private volatile boolean failing;
  private volatile ReadModel.Downtime lastDowntime;

  /**
   * @param settings the current {@code agent.heartbeat}, null for none; read at every beat, so a
   *     reload takes effect at the next one
   */
  Heartbeat(Timers timers, Supplier<AgentSettings.Heartbeat> settings, Store store, IntSupplier openIncidents,
      Consumer<Duration> downtimeGauge, Clock clock) {
    this.timers = timers;
    this.settings = settings;
    this.store = store;
    this.openIncidents = openIncidents;
    this.downtimeGauge = downtimeGauge;
    this.clock = clock;
    String v = Heartbeat.class.getPackage().getImplementationVersion();
    this.version = v == null ? "dev" : v;
  }

  /** How often medic marks itself alive (and calls the heartbeat URL) with these settings. */
  static Duration every(AgentSettings.Heartbeat settings) {
    return settings == null ? MARK_WITHOUT_HEARTBEAT : settings.interval();
  }

  /**
   * Tells the downtime before this run, marks this run alive and starts beating; the first call of
   * the heartbeat URL goes out at once.
   *
   * @param targets the targets that went unwatched while medic was away, for the audit
   */
  void start(List<String> targets) {
    Instant now = clock.instant();
    Duration every = every(settings.get());
    try {
      Optional<ReadModel.Downtime> gap = new HeartbeatGap(store).atStart(now, every, targets);
      gap.ifPresent(d -> {
        lastDowntime = d;
        downtimeGauge.accept(Duration.between(d.from(), d.until()));
      });
    } catch (RuntimeException e) {
      log.warn("could not read when medic was last alive: {}", e.toString());
    }
    synchronized (this) {
      startedAt = now;
      markAlive();
      schedule(every);
    }
    timers.start(this::call);
  }

  /** The downtime told at start, null if none. */
  ReadModel.Downtime lastDowntime() {
    return lastDowntime;
  }

  private void schedule(Duration every) {
    periodic = timers.every(every.toNanos(), every.toNanos(), this::tick);
    scheduledEvery = every;
  }

  /** On the timer thread: follows a changed interval, then beats off it. */
  private void tick() {
    Duration every = every(settings.get());
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!every.equals(scheduledEvery)) {
        periodic.cancel();
        schedule(every);
      }
    }
    timers.start(this::beat);
  }

  private void beat() {
    synchronized (this) {
      markAlive();
    }
    call();
  }

  /** Callers hold the lock: no mark may land after the clean stop's. */
  private void markAlive() {
    if (closed) {
      return;
    }
    try {
      store.agentState().alive(clock.instant());
    } catch (RuntimeException e) {
      // The next interval writes it again; a store that cannot write is reported by /health.
      log.debug("could not mark medic alive in the store: {}", e.toString());
    }
  }

  private void call() {
    AgentSettings.Heartbeat hb = settings.get();
    if (hb == null || !pinging.compareAndSet(false, true)) {
      return;
    }
    String where = Redact.origin(URI.create(hb.url()));
    try {
      Instant since;
      synchronized (this) {
        if (closed) {
          return;
        }
        since = startedAt;
      }
      HeartbeatPing.Status status = new HeartbeatPing.Status(version,
          Duration.between(since, clock.instant()).toSeconds(), openIncidents.getAsInt());
      Optional<String> failure = ping.send(hb, status);
      if (failure.isPresent() && !failing) {
        log.warn("heartbeat to {} failed: {}; trying again every {} s", where, failure.get(), hb.interval().toSeconds());
      } else if (failure.isPresent()) {
        log.debug("heartbeat to {} failed again: {}", where, failure.get());
      } else if (failing) {
        log.info("heartbeat to {} goes through again", where);
      }
      failing = failure.isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("heartbeat to {} failed: {}", where, e.toString());
      failing = true;
    } finally {
      pinging.set(false);
    }
  }

  /** Stops beating and marks the stop as clean: the next start tells a planned restart, not a crash. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (periodic != null) {
        periodic.cancel();
      }
      try {
        store.agentState().stoppedCleanly(clock.instant());
      } catch (RuntimeException e) {
        log.warn("could not record the clean stop in the store (the next start will report a crash): {}", e.toString());
      }
    }
  }
}
