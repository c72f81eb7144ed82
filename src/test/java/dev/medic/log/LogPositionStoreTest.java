package dev.medic.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The position a log check resumes from goes through the SQLite store without losing a digit. */
class LogPositionStoreTest {

  @TempDir Path dir;

  @Test
  void positionMetricsComeBackFromTheStoreExactly() {
    double offset = 9_007_199_254_740_991.0; // 2^53 - 1: the largest offset a double holds exactly
    double inode = 18_446_744_073_709.0;
    double device = 2049.0;
    double head = 4_294_967_295.0; // the largest CRC-32
    Map<String, Double> metrics = Map.of("log_offset", offset, "log_inode", inode, "log_device", device,
        "log_head", head, "lines_read", 123_456.0);
    Observation written = new Observation(Instant.parse("2026-11-30T12:00:00Z"), "app", "app-log", Status.UP,
        Duration.ofMillis(3), metrics, null, "");
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      store.observations().record(written);
      store.observations().flush();
    }
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      List<Observation> back = store.observations().list("app", 10);
      assertThat(back).singleElement().satisfies(o -> assertThat(o.metrics()).isEqualTo(metrics));
    }
  }

  @Test
  void aProbeResumesFromAnObservationReadBackFromTheStore() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "x".repeat(300) + "\n");
    LogCheck spec = new LogCheck("app-log", null, null, log.toString(),
        List.of(dev.medic.spi.LinePattern.parse("FATAL")), List.of(), null, null);
    LogProbe first = new LogProbe(spec, java.time.Clock.systemUTC());
    ProbeResult seen;
    try {
      first.run(Duration.ofSeconds(5));
      Files.writeString(log, "FATAL one\n", StandardOpenOption.APPEND);
      seen = first.run(Duration.ofSeconds(5));
    } finally {
      first.close();
    }
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      store.observations().record(Observation.of(Instant.now(), "app", "app-log", seen));
      store.observations().flush();
    }
    Files.writeString(log, "FATAL two\n", StandardOpenOption.APPEND);

    LogProbe second = new LogProbe(spec, java.time.Clock.systemUTC());
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      second.resume(store.observations().list("app", 1).getFirst());
      ProbeResult r = second.run(Duration.ofSeconds(5));
      assertThat(r.message()).contains("FATAL two").doesNotContain("FATAL one");
      assertThat(r.metrics()).containsEntry("lines_read", 1.0);
    } finally {
      second.close();
    }
  }
}
