package dev.medic.support;

import dev.medic.schedule.Scheduler;
import dev.medic.schedule.Timers;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * medic's real {@link Scheduler} with no real timers (after db-scheduler's ManualScheduler): time
 * is a {@link SettableClock} the test moves, and the runs that come due happen at once, in order, on
 * the test's thread. Jitter is 0: a check's first run is due the moment it is scheduled, then one
 * per interval.
 */
public final class ManualScheduler implements AutoCloseable {

  private final SettableClock clock;
  private final Timeline timeline;
  private final Scheduler scheduler;
  private final List<Duration> lags = new CopyOnWriteArrayList<>();

  public ManualScheduler(SettableClock clock, Scheduler.Sink sink) {
    this.clock = clock;
    this.timeline = new Timeline(clock);
    this.scheduler = new Scheduler(clock, 64, 0.0, sink, lag -> lags.add(Duration.ofNanos(lag)), timeline);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The timers on the settable clock, for other time-driven parts (report schedules) to run on. */
  public Timers timers() {
    return timeline;
  }

  /** Runs every timer due by the clock's time now, as a timer thread would have; missed periods too. */
  public int runDue() {
    return timeline.runDue();
  }

  /** Moves the clock forward by {@code d}, stopping at each moment a timer is due to run it then. */
  public void tick(Duration d) {
    Instant end = clock.instant().plus(d);
    for (Instant next = timeline.nextDue(); next != null && !next.isAfter(end); next = timeline.nextDue()) {
      if (next.isAfter(clock.instant())) {
        clock.set(next);
      }
      timeline.runDue();
    }
    clock.set(end);
  }

  /** How late each periodic run started, as the scheduler reports it to the lag metric. */
  public List<Duration> lags() {
    return List.copyOf(lags);
  }

  @Override
  public void close() {
    scheduler.close();
  }

  /** Timers on the settable clock; a run starts on the calling thread and ends before the next. */
  private static final class Timeline implements Timers {

    private final SettableClock clock;
    private final Instant origin;
    private final PriorityQueue<Timer> queue =
        new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.at).thenComparingLong(t -> t.order));
    private long order;
    private boolean closed;

    Timeline(SettableClock clock) {
      this.clock = clock;
      this.origin = clock.instant();
    }

    private final class Timer implements Pending {
      final Runnable task;
      final long period;
      long at;
      long order;

      Timer(Runnable task, long at, long period) {
        this.task = task;
        this.at = at;
        this.period = period;
      }

      @Override
      public void cancel() {
        synchronized (Timeline.this) {
          queue.remove(this);
        }
      }
    }

    @Override
    public long nanoTime() {
      return Duration.between(origin, clock.instant()).toNanos();
    }

    @Override
    public Pending after(long delayNanos, Runnable task) {
      return add(new Timer(task, nanoTime() + Math.max(0, delayNanos), 0));
    }

    @Override
    public Pending every(long firstDelayNanos, long periodNanos, Runnable task) {
      if (periodNanos <= 0) {
        throw new IllegalArgumentException("period must be more than 0, got " + periodNanos + " ns");
      }
      return add(new Timer(task, nanoTime() + Math.max(0, firstDelayNanos), periodNanos));
    }

    private synchronized Timer add(Timer t) {
      if (closed) {
        throw new RejectedExecutionException("timers closed"); // as a shut-down executor would
      }
      t.order = order++;
      queue.add(t);
      return t;
    }

    @Override
    public void start(Runnable run) {
      run.run();
    }

    synchronized Instant nextDue() {
      Timer next = queue.peek();
      return next == null ? null : origin.plusNanos(next.at);
    }

    int runDue() {
      int ran = 0;
      for (Timer t = takeDue(nanoTime()); t != null; t = takeDue(nanoTime())) {
        t.task.run(); // outside the lock: a run schedules and cancels timers of its own
        ran++;
      }
      return ran;
    }

    /** The next timer due by {@code now}; a periodic one is put back for its next period first. */
    private synchronized Timer takeDue(long now) {
      Timer t = queue.peek();
      if (t == null || t.at > now) {
        return null;
      }
      queue.poll();
      if (t.period > 0) {
        t.at += t.period;
        t.order = order++;
        queue.add(t);
      }
      return t;
    }

    @Override
    public synchronized void close() {
      closed = true;
      queue.clear();
    }
  }
}
