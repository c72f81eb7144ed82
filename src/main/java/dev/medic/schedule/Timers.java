package dev.medic.schedule;

/**
 * Where the scheduler gets its time, its timers and the threads its runs happen on. medic uses the
 * monotonic clock, one timer thread and a virtual thread per run ({@link SystemTimers}); a test
 * drives them by hand instead, so that time-based behaviour is checked without waiting for it.
 */
public interface Timers extends AutoCloseable {

  /** medic's own timers: one platform thread keeps time, each run gets a virtual thread. */
  static Timers system() {
    return new SystemTimers();
  }

  /** A timer not yet fired. */
  @FunctionalInterface
  interface Pending {
    /** Stops the timer; a task it already started goes on. */
    void cancel();
  }

  /** Nanoseconds from a fixed origin, never going back, as {@link System#nanoTime}. */
  long nanoTime();

  /** Runs the task once after the delay; at once if the delay is zero or less. */
  Pending after(long delayNanos, Runnable task);

  /**
   * Runs the task after the first delay, then once per period counted from that first moment
   * (fixed rate): a late run does not shift the ones after it, and runs it missed follow at once.
   */
  Pending every(long firstDelayNanos, long periodNanos, Runnable task);

  /** Starts a check's run away from the timer: a run may block for as long as its timeout. */
  void start(Runnable run);

  /** Stops every timer; runs already started go on. */
  @Override
  void close();
}
