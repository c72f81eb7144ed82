package dev.medic.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProbeNowTest {

  private final List<Observation> sink = new CopyOnWriteArrayList<>();

  private Scheduler scheduler() {
    return new Scheduler(Clock.systemUTC(), 8, 0.0, sink::add, lag -> {});
  }

  private static CheckJob job(String target, String check, ProbeResult result) {
    return new CheckJob(target, check, "test", timeout -> result, Duration.ofHours(1), Duration.ofSeconds(2));
  }

  @Test
  void returnsTheTargetsObservationsToTheCallerInsteadOfTheSink() throws Exception {
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(job("web", "http", ProbeResult.down(null, Map.of(), "http_error", "status 503")),
          job("web", "tcp", ProbeResult.up(Duration.ZERO, Map.of(), "connected")),
          job("db", "sql", ProbeResult.up(Duration.ZERO, Map.of(), "ok"))));
      // The first runs of the hour-long interval come within half a second: let them pass.
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.size() == 3);
      sink.clear();

      List<Observation> seen = s.probeNow("web", Duration.ofSeconds(5));

      assertThat(seen).extracting(Observation::check).containsExactlyInAnyOrder("http", "tcp");
      assertThat(seen).filteredOn(o -> o.check().equals("http")).singleElement()
          .satisfies(o -> assertThat(o.condition()).isEqualTo("http_error"));
      assertThat(sink).as("nothing of the probe went the usual way").isEmpty();
    }
  }

  @Test
  void aRunThatOutlastsThePatienceReachesTheSinkWhenItEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CheckJob slow = new CheckJob("web", "slow", "test", timeout -> {
      if (started.getCount() == 0) {
        release.await();
      }
      started.countDown();
      return ProbeResult.up(Duration.ZERO, Map.of(), "answered at last");
    }, Duration.ofHours(1), Duration.ofSeconds(10));
    try (Scheduler s = scheduler()) {
      s.schedule(List.of(slow));
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.size() == 1);
      sink.clear();

      assertThat(s.probeNow("web", Duration.ofMillis(100))).isEmpty();
      release.countDown();

      await().atMost(Duration.ofSeconds(5)).until(() -> sink.size() == 1);
      assertThat(sink.getFirst().message()).isEqualTo("answered at last");
    }
  }
}
