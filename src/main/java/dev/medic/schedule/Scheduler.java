package dev.medic.schedule;

import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every check on its own interval. One platform thread keeps time; each run happens on its own
 * virtual thread, bounded by a semaphore, so one hung check never delays another. A check never
 * overlaps itself: a tick that finds the previous run still going is skipped. A run that outlives its
 * timeout is interrupted and reported DOWN with {@code check_timeout}.
 */
public final class Scheduler implements Prober, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  /** Grace beyond a check's own timeout before the scheduler steps in. */
  private static final long HARD_TIMEOUT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /** Runs start on a grid of this step (see schedule). */
  private static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Clock clock;
  private final Semaphore permits;
  private final double jitter;
  /** Where a scheduled run's result goes (the sink), made once rather than per run. */
  private final Consumer<Observation> toSink;
  private final LongConsumer lagNanos;
  private final Timers timers;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong skippedOverlaps = new AtomicLong();
  /** Deliveries hold the read side; close() takes the write side to wait for those in flight. */
  private final ReentrantReadWriteLock delivering = new ReentrantReadWriteLock();
  private boolean closed;

  /** Receives every result, except those a {@link #probeNow} caller takes. */
  @FunctionalInterface
  public interface Sink {
    void accept(Observation observation);
  }

  private final class Entry {
    final CheckJob job;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong generation = new AtomicLong();
    volatile long nextDueNanos;
    volatile Timers.Pending periodic;
    volatile boolean cancelled;
    /** The current run was cut off at its hard timeout and has not ended yet. */
    volatile boolean hung;
    final AtomicBoolean closed = new AtomicBoolean();

    Entry(CheckJob job) {
      this.job = job;
    }
  }

  /**
   * @param jitter fraction of each interval over which first runs are spread
   * @param lagNanos receives, for each periodic tick, how late it fired
   */
  public Scheduler(Clock clock, int maxConcurrent, double jitter, Sink sink, LongConsumer lagNanos) {
    this(clock, maxConcurrent, jitter, sink, lagNanos, new SystemTimers());
  }

  /** @param timers where time, timers and run threads come from (a test's are driven by hand) */
  public Scheduler(Clock clock, int maxConcurrent, double jitter, Sink sink, LongConsumer lagNanos, Timers timers) {
    this.clock = clock;
    this.permits = new Semaphore(maxConcurrent);
    this.jitter = jitter;
    this.toSink = sink::accept;
    this.lagNanos = lagNanos;
    this.timers = timers;
  }

  /**
   * Replaces the schedule: jobs no longer present stop, new ones start. A job passed again as the
   * very same instance keeps running on its phase with its probe (and what the probe remembers,
   * such as how long a queue has not moved); any other job under a known key restarts.
   */
  public synchronized void schedule(Collection<CheckJob> jobs) {
    Map<String, Entry> kept = new java.util.HashMap<>();
    for (CheckJob job : jobs) {
      Entry e = entries.get(job.key());
      if (e != null && e.job == job) {
        kept.put(job.key(), e);
      }
    }
    for (Entry e : entries.values()) {
      if (kept.get(e.job.key()) != e) {
        retire(e);
      }
    }
    entries.clear();
    entries.putAll(kept);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long base = timers.nanoTime();
    for (CheckJob job : jobs) {
      if (kept.containsKey(job.key())) {
        continue;
      }
      Entry e = new Entry(job);
      entries.put(job.key(), e);
      long interval = job.interval().toNanos();
      long slot = Math.min(SLOT_NANOS, interval);
      // First run soon (under a second), then settle on a random phase within the interval. Both
      // fall on a grid of slots from one base, so checks that share a slot start in one wake-up of
      // the timer (and of the carrier threads) instead of one each: on a VM, waking an idle CPU is
      // what a check costs most.
      long first = slot * (long) (random.nextDouble() * Math.min(interval, TimeUnit.MILLISECONDS.toNanos(500)) * Math.min(1, jitter * 2) / slot);
      long phase = slot * (long) (random.nextDouble() * interval * jitter / slot);
      timers.after(base + first - timers.nanoTime(), () -> launch(e, toSink));
      e.nextDueNanos = base + first + phase + interval;
      e.periodic = timers.every(e.nextDueNanos - timers.nanoTime(), interval, () -> tick(e));
    }
  }

  private void tick(Entry e) {
    long now = timers.nanoTime();
    long due = e.nextDueNanos;
    e.nextDueNanos = due + e.job.interval().toNanos();
    lagNanos.accept(Math.max(0, now - due));
    launch(e, toSink);
  }

  /** Runs every check of the target now (skipping those already running); results go to the sink. */
  public void runNow(String target) {
    for (Entry e : entries.values()) {
      if (e.job.target().equals(target)) {
        launch(e, toSink);
      }
    }
  }

  @Override
  public List<Observation> probeNow(String target, Duration patience) throws InterruptedException {
    List<CompletableFuture<Observation>> runs = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.job.target().equals(target)) {
        CompletableFuture<Observation> run = new CompletableFuture<>();
        if (launch(e, run::complete)) {
          runs.add(run);
        }
      }
    }
    long deadline = System.nanoTime() + patience.toNanos();
    List<Observation> seen = new ArrayList<>(runs.size());
    for (CompletableFuture<Observation> run : runs) {
      try {
        seen.add(run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException | ExecutionException late) {
        // Nobody waits for it any more: it takes the usual way when it ends.
        run.thenAccept(this::deliverToSink);
      }
    }
    return seen;
  }

  private void deliverToSink(Observation o) {
    deliver(o, toSink);
  }

  /** Every scheduled job, by target (one pass, for a reload over many targets). */
  public Map<String, List<CheckJob>> jobsByTarget() {
    Map<String, List<CheckJob>> byTarget = new java.util.HashMap<>();
    for (Entry e : entries.values()) {
      byTarget.computeIfAbsent(e.job.target(), t -> new ArrayList<>()).add(e.job);
    }
    return byTarget;
  }

  /**
   * A scheduled check as it stands now.
   *
   * @param dueIn how long until its next periodic run; negative when that run is late
   * @param running whether a run of it is going on now
   */
  public record Standing(String target, String check, Duration interval, Duration dueIn, boolean running) {}

  /** Every scheduled check as it stands now (for {@code /api/debug/collection-status}). */
  public List<Standing> standings() {
    long now = timers.nanoTime();
    List<Standing> all = new ArrayList<>();
    for (Entry e : entries.values()) {
      all.add(new Standing(e.job.target(), e.job.check(), e.job.interval(), Duration.ofNanos(e.nextDueNanos - now),
          e.running.get()));
    }
    return all;
  }

  public List<CheckJob> jobs(String target) {
    List<CheckJob> jobs = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.job.target().equals(target)) {
        jobs.add(e.job);
      }
    }
    return jobs;
  }

  /** Where the scheduler's time and timers come from: other periodic jobs of medic's run on them too. */
  public Timers timers() {
    return timers;
  }

  public int size() {
    return entries.size();
  }

  public long skippedOverlaps() {
    return skippedOverlaps.get();
  }

  /** @return whether a run was started, or a hung run reported, to {@code to} */
  private boolean launch(Entry e, Consumer<Observation> to) {
    if (e.cancelled) {
      return false;
    }
    if (!e.running.compareAndSet(false, true)) {
      if (e.hung) {
        // Cut off at its timeout, the run still has not ended (it does not heed interrupts). Each
        // tick it stays stuck counts as another failed run, so detection still reaches its threshold.
        timers.start(() -> deliver(Observation.of(clock.instant(), e.job.target(), e.job.check(),
            ProbeResult.down(e.job.timeout(), Map.of(), "check_timeout",
                "the run cut off at " + e.job.timeout().toMillis() + " ms has still not ended")), to));
        return true;
      }
      skippedOverlaps.incrementAndGet();
      return false;
    }
    if (e.cancelled) {
      // Retired between the check above and taking the run: never run a probe being closed.
      e.running.set(false);
      closeIfRetired(e);
      return false;
    }
    long generation = e.generation.incrementAndGet();
    timers.start(() -> run(e, generation, to));
    return true;
  }

  private void run(Entry e, long generation, Consumer<Observation> to) {
    Thread self = Thread.currentThread();
    Timers.Pending watchdog = null;
    try {
      permits.acquire();
      try {
        watchdog = timers.after(e.job.timeout().toNanos() + HARD_TIMEOUT_GRACE_NANOS,
            () -> hardTimeout(e, generation, self, to));
        ProbeResult result = e.job.probe().run(e.job.timeout());
        watchdog.cancel();
        if (e.generation.compareAndSet(generation, generation + 1)) {
          deliver(Observation.of(clock.instant(), e.job.target(), e.job.check(), result), to);
        }
      } finally {
        permits.release();
      }
    } catch (InterruptedException ex) {
      // the watchdog already reported the timeout, or the scheduler is closing
    } catch (RuntimeException ex) {
      if (e.generation.compareAndSet(generation, generation + 1)) {
        deliver(Observation.of(clock.instant(), e.job.target(), e.job.check(),
            ProbeResult.down(null, Map.of(), "check_error", ex.toString())), to);
      }
    } finally {
      if (watchdog != null) {
        watchdog.cancel();
      }
      e.hung = false;
      e.running.set(false);
      closeIfRetired(e);
    }
  }

  /** Stops the entry; its probe is closed now, or by its in-flight run when that ends. */
  private void retire(Entry e) {
    e.cancelled = true;
    if (e.periodic != null) {
      e.periodic.cancel();
    }
    closeIfRetired(e);
  }

  private void closeIfRetired(Entry e) {
    if (e.cancelled && !e.running.get() && e.closed.compareAndSet(false, true)) {
      try {
        e.job.probe().close();
      } catch (RuntimeException ex) {
        log.warn("closing check {} failed", e.job.key(), ex);
      }
    }
  }

  private void hardTimeout(Entry e, long generation, Thread runner, Consumer<Observation> to) {
    if (!e.generation.compareAndSet(generation, generation + 1)) {
      return;
    }
    e.hung = true;
    runner.interrupt();
    timers.start(() -> deliver(Observation.of(clock.instant(), e.job.target(), e.job.check(),
        ProbeResult.down(e.job.timeout(), Map.of(), "check_timeout",
            "no result within " + e.job.timeout().toMillis() + " ms")), to));
  }

  private void deliver(Observation o, Consumer<Observation> to) {
    Lock lock = delivering.readLock();
    lock.lock();
    try {
      if (closed) {
        return; // a run that ended after close(): what consumes results is shutting down
      }
      to.accept(o);
    } catch (RuntimeException ex) {
      log.error("handling observation of {}/{} failed", o.target(), o.check(), ex);
    } finally {
      lock.unlock();
    }
  }

  /** Runs one job once on the calling thread, with the same hard timeout. */
  public static Observation runOnce(CheckJob job, Clock clock) throws InterruptedException {
    ProbeResult[] result = new ProbeResult[1];
    RuntimeException[] error = new RuntimeException[1];
    Thread runner = Thread.ofVirtual().start(() -> {
      try {
        result[0] = job.probe().run(job.timeout());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException ex) {
        error[0] = ex;
      }
    });
    if (!runner.join(job.timeout().plus(Duration.ofNanos(HARD_TIMEOUT_GRACE_NANOS)))) {
      runner.interrupt();
      return Observation.of(clock.instant(), job.target(), job.check(),
          ProbeResult.down(job.timeout(), Map.of(), "check_timeout", "no result within " + job.timeout().toMillis() + " ms"));
    }
    if (error[0] != null || result[0] == null) {
      return Observation.of(clock.instant(), job.target(), job.check(),
          ProbeResult.down(null, Map.of(), "check_error", String.valueOf(error[0])));
    }
    return Observation.of(clock.instant(), job.target(), job.check(), result[0]);
  }

  /**
   * Stops every check. Returns once no result is being delivered and none will be: what the sink
   * writes to (the store) may close right after.
   */
  @Override
  public void close() {
    for (Entry e : entries.values()) {
      retire(e);
    }
    timers.close();
    Lock lock = delivering.writeLock();
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }
}
