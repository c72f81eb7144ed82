package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.Redactor;
import dev.medic.spi.Analysis;
import dev.medic.spi.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analyses in a real SQLite file: every field kept, newest first, counted per analyst, never lost to a full disk. */
class SqliteAnalysesTest {

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  private Analysis full(long incidentId, String analyst, Instant at) {
    return new Analysis(0, incidentId, analyst, at, Verdict.ERRORS_INVESTIGATE, "db", "tcp_unreachable", 7L,
        "the database is unreachable; api and web fail because of it", 0.85,
        List.of("db tcp_unreachable opened 10:00:01", "api depends_on db"), List.of("restart_db"),
        List.of(new Analysis.Refusal("flushall", "not a strategy this target allows")),
        new Analysis.Usage("llama3.1:8b", 1200, 310, 0.0042, 2400), "agent said: restarted db", null);
  }

  @Test
  void keepsEveryFieldOfAnAnalysisAcrossAReopen() {
    Path db = dir.resolve("medic.db");
    Analysis stored;
    try (SqliteStore store = SqliteStore.open(db)) {
      stored = store.analyses().insert(full(12, "llm", t0));
      assertThat(stored.id()).isPositive();
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.analyses().forIncident(12)).containsExactly(stored);
      assertThat(store.analyses().latest(12)).contains(stored);
    }
  }

  @Test
  void keepsAnAnalysisWithoutUsageRootOrOutput() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      Analysis failed = store.analyses().insert(Analysis.failed(3, "llm", t0, "timed out after 30 s", null));
      assertThat(store.analyses().forIncident(3)).containsExactly(failed);
      assertThat(failed.usage()).isNull();
      assertThat(failed.rootIncidentId()).isNull();
      assertThat(failed.error()).isEqualTo("timed out after 30 s");
    }
  }

  @Test
  void listsAnIncidentsAnalysesNewestFirstAndOnlyItsOwn() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      Analysis first = store.analyses().insert(full(12, "rules", t0));
      Analysis third = store.analyses().insert(full(12, "llm", t0.plusSeconds(60)));
      store.analyses().insert(full(13, "rules", t0.plusSeconds(30)));
      Analysis second = store.analyses().insert(full(12, "rules", t0.plusSeconds(30)));
      assertThat(store.analyses().forIncident(12)).containsExactly(third, second, first);
      assertThat(store.analyses().forIncident(99)).isEmpty();
    }
  }

  @Test
  void countsAnAnalystsAnalysesSinceAnInstant() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      store.analyses().insert(full(1, "llm", t0.minusSeconds(3601)));
      store.analyses().insert(full(2, "llm", t0.minusSeconds(3600)));
      store.analyses().insert(full(3, "llm", t0));
      store.analyses().insert(full(3, "rules", t0));
      assertThat(store.analyses().countSince("llm", t0.minusSeconds(3600))).isEqualTo(2);
      assertThat(store.analyses().countSince("rules", t0.minusSeconds(3600))).isEqualTo(1);
      assertThat(store.analyses().countSince("agent", t0.minusSeconds(3600))).isZero();
    }
  }

  @Test
  void redactsSecretsInEveryTextBeforeStoring() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"), () -> new Redactor(List.of("hunter2")))) {
      Analysis leaky = new Analysis(0, 5, "llm", t0, Verdict.SUSPICIOUS_INVESTIGATE, "db", null, null,
          "password hunter2 rejected", 0.5, List.of("log: auth hunter2 failed"), List.of(),
          List.of(new Analysis.Refusal("run hunter2", "hunter2 is no strategy")), null, "out hunter2", "err hunter2");
      store.analyses().insert(leaky);
      assertThat(store.analyses().forIncident(5).toString()).doesNotContain("hunter2").contains("***");
    }
  }

  @Test
  void anAnalysisMadeOnAFullDiskIsHeldReadAndWrittenLater() throws Exception {
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m")) {
      Path db = disk.dir().resolve("medic.db");
      Analysis committed;
      Analysis held;
      try (SqliteStore store = SqliteStore.open(db)) {
        committed = store.analyses().insert(full(12, "rules", t0));
        disk.fill();
        held = store.analyses().insert(full(12, "llm", t0.plusSeconds(5)));
        assertThat(held.id()).isEqualTo(committed.id() + 1);
        assertThat(store.writable()).isFalse();
        assertThat(store.analyses().forIncident(12)).containsExactly(held, committed);
        assertThat(store.analyses().countSince("llm", t0)).isEqualTo(1);
        disk.free();
        await().atMost(Duration.ofSeconds(10)).until(store::writable);
      }
      try (SqliteStore store = SqliteStore.open(db)) {
        assertThat(store.analyses().forIncident(12)).containsExactly(held, committed);
      }
    }
  }
}
