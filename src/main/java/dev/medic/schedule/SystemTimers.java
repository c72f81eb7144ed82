package dev.medic.schedule;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The scheduler's timers in medic: one platform thread keeps time, each run gets a virtual thread. */
final class SystemTimers implements Timers {

  private final ScheduledThreadPoolExecutor timer;

  SystemTimers() {
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "medic-scheduler");
      t.setDaemon(true);
      return t;
    });
    // Every run schedules a watchdog that is almost always cancelled: do not let them pile up.
    this.timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Pending after(long delayNanos, Runnable task) {
    ScheduledFuture<?> f = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Pending every(long firstDelayNanos, long periodNanos, Runnable task) {
    ScheduledFuture<?> f = timer.scheduleAtFixedRate(task, firstDelayNanos, periodNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void start(Runnable run) {
    Thread.ofVirtual().start(run);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
