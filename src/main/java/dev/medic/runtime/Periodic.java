package dev.medic.runtime;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a light task on its own virtual thread every period until closed. A round that fails is
 * logged and the next one runs all the same: one bad moment must not end the job for good.
 */
final class Periodic implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final String name;
  private final Duration firstDelay;
  private final Duration period;
  private final Runnable task;
  private volatile Thread thread;

  Periodic(String name, Duration period, Runnable task) {
    this(name, period, period, task);
  }

  /** @param firstDelay before the first round (a heavy job waits for the first checks to settle) */
  Periodic(String name, Duration firstDelay, Duration period, Runnable task) {
    this.name = name;
    this.firstDelay = firstDelay;
    this.period = period;
    this.task = task;
  }

  Periodic start() {
    thread = Thread.ofVirtual().name("medic-" + name).start(this::loop);
    return this;
  }

  private void loop() {
    try {
      Thread.sleep(firstDelay);
      while (!Thread.currentThread().isInterrupted()) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{} failed this round: {}", name, e.toString());
        }
        Thread.sleep(period);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the job, waiting a little for a round in progress to end: medic closes its store next, and
   * a round still writing (a roll-up catching up) would meet a closed store.
   */
  @Override
  public void close() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(CLOSE_PATIENCE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);
}
