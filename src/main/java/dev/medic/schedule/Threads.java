package dev.medic.schedule;

import java.time.Duration;
import java.util.Collection;

/** Waiting for threads on shutdown. */
public final class Threads {

  private Threads() {}

  /**
   * Waits until every thread has ended or {@code patience} (in all, not each) has passed.
   *
   * @return how many were still running when patience ran out
   */
  public static int joinAll(Collection<Thread> threads, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    int late = 0;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 ? t.isAlive() : !t.join(Duration.ofNanos(left))) {
        late++;
      }
    }
    return late;
  }
}
