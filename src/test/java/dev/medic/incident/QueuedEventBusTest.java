package dev.medic.incident;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuedEventBusTest {

  private static Incident incident(long id) {
    return Incident.open("web", "http_error", Severity.WARNING, "down", Instant.EPOCH).withId(id);
  }

  @Test
  void eachSubscriberHearsEveryEventInTheOrderPublished() throws Exception {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      List<Long> healer = new CopyOnWriteArrayList<>();
      List<Long> notifier = new CopyOnWriteArrayList<>();
      bus.subscribe("healer", e -> healer.add(e.incident().id()));
      bus.subscribe("notify", e -> notifier.add(e.incident().id()));
      for (long id = 1; id <= 100; id++) {
        bus.publish(new IncidentEvent.Opened(incident(id)));
      }
      assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(healer).hasSize(100).isSorted();
      assertThat(notifier).isEqualTo(healer);
    }
  }

  @Test
  void aSubscriberThatHangsHoldsUpNeitherThePublisherNorTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (QueuedEventBus bus = new QueuedEventBus()) {
      CountDownLatch healerHeard = new CountDownLatch(3);
      bus.subscribe("slow-channel", e -> {
        try {
          release.await();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      });
      bus.subscribe("healer", e -> healerHeard.countDown());
      for (long id = 1; id <= 3; id++) {
        bus.publish(new IncidentEvent.Opened(incident(id)));
      }
      assertThat(healerHeard.await(5, TimeUnit.SECONDS)).as("the healer heard all three").isTrue();
      assertThat(bus.awaitIdle(Duration.ofMillis(100))).as("the slow one is still busy").isFalse();
      release.countDown();
      assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aSubscriberThatThrowsKeepsHearingLaterEvents() throws Exception {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      bus.subscribe("flaky", e -> {
        heard.add(e.incident().id());
        if (e.incident().id() == 1) {
          throw new IllegalStateException("boom");
        }
      });
      bus.publish(new IncidentEvent.Opened(incident(1)));
      bus.publish(new IncidentEvent.Opened(incident(2)));
      assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(heard).containsExactly(1L, 2L);
    }
  }

  @Test
  void closingHandlesWhatWasQueuedFirst() throws Exception {
    List<Long> heard = new CopyOnWriteArrayList<>();
    QueuedEventBus bus = new QueuedEventBus();
    bus.subscribe("audit", e -> heard.add(e.incident().id()));
    for (long id = 1; id <= 50; id++) {
      bus.publish(new IncidentEvent.Resolved(incident(id)));
    }
    bus.close();
    assertThat(heard).hasSize(50);
  }
}
