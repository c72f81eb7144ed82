package dev.medic.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Probes that keep a connection between runs are closed when their check is unscheduled. */
class ProbeCloseTest {

  /** Counts its closes, and notes whether it was ever run after being closed. */
  private static final class Tracked implements Probe {
    final AtomicInteger closes = new AtomicInteger();
    final AtomicBoolean ranAfterClose = new AtomicBoolean();
    final CountDownLatch started = new CountDownLatch(1);
    volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    public ProbeResult run(Duration timeout) throws InterruptedException {
      if (closes.get() > 0) {
        ranAfterClose.set(true);
      }
      started.countDown();
      release.await();
      return ProbeResult.up(Duration.ZERO, Map.of(), "ok");
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static Scheduler scheduler() {
    return new Scheduler(Clock.systemUTC(), 8, 0.0, o -> {}, lag -> {});
  }

  @Test
  void replacedCheckIsClosedOnceAndNeverRunAgain() throws Exception {
    Tracked probe = new Tracked();
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(new CheckJob("t", "c", "test", probe, Duration.ofMillis(20), Duration.ofSeconds(1))));
      probe.started.await();
      s.schedule(List.of());
      await().atMost(Duration.ofSeconds(2)).until(() -> probe.closes.get() == 1);
      Thread.sleep(100); // would-be ticks after the close
      assertThat(probe.closes.get()).isEqualTo(1);
      assertThat(probe.ranAfterClose.get()).isFalse();
    }
  }

  @Test
  void checkRunningWhenUnscheduledIsClosedWhenItsRunEnds() throws Exception {
    Tracked probe = new Tracked();
    probe.release = new CountDownLatch(1);
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(new CheckJob("t", "c", "test", probe, Duration.ofSeconds(10), Duration.ofSeconds(5))));
      probe.started.await();
      s.schedule(List.of());
      Thread.sleep(100);
      assertThat(probe.closes.get()).as("not closed under a running probe").isZero();
      probe.release.countDown();
      await().atMost(Duration.ofSeconds(2)).until(() -> probe.closes.get() == 1);
    }
  }
}
