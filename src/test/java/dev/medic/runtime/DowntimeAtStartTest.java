package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.ReadModel;
import dev.medic.notify.LogCapture;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.ManualScheduler;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of medic one after another on one real SQLite store, on a clock the test moves: what a start
 * tells of the time before it, after a first start, a crash and a clean stop.
 */
class DowntimeAtStartTest {

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T08:00:00Z"));
  private final List<Duration> gauge = new ArrayList<>();

  /** One run of medic's heartbeat (no URL: alive marks every minute) on the store file. */
  private final class Run implements AutoCloseable {
    final SqliteStore store = SqliteStore.open(dir.resolve("medic.db"));
    final ManualScheduler timers = new ManualScheduler(clock, o -> {});
    final Heartbeat heartbeat = new Heartbeat(timers.scheduler().timers(), () -> null, store, () -> 0, gauge::add, clock);

    Run() {
      heartbeat.start(List.of("web", "db"));
    }

    List<AuditEntry> downtimeRows() {
      return store.audit().list(null, 100).stream().filter(a -> a.kind().equals("downtime")).toList();
    }

    /** medic killed: nothing more is written, the store is simply left. */
    void crash() {
      timers.close();
      store.close();
    }

    /** medic stopped on purpose. */
    @Override
    public void close() {
      heartbeat.close();
      crash();
    }
  }

  @Test
  void theFirstStartEverTellsNoDowntime() {
    try (Run first = new Run()) {
      assertThat(first.heartbeat.lastDowntime()).isNull();
      assertThat(first.downtimeRows()).isEmpty();
      assertThat(gauge).isEmpty();
    }
  }

  @Test
  void aCrashIsToldFromTheLastSignOfLifeWithTheTargetsThatWentUnwatched() {
    Run before = new Run();
    before.timers.tick(Duration.ofMinutes(5).plusSeconds(30)); // last alive mark at 08:05:00
    before.crash();
    clock.set(Instant.parse("2026-11-30T08:22:00Z"));

    try (LogCapture log = new LogCapture("medic"); Run after = new Run()) {
      String told = "medic was down from 2026-11-30T08:05:00Z to 2026-11-30T08:22:00Z (17m, not a clean stop):"
          + " checks did not run; incidents that began and ended meanwhile were not seen;"
          + " targets not watched: web, db";
      assertThat(log.lines()).contains("WARN " + told);
      assertThat(after.downtimeRows()).singleElement().satisfies(a -> {
        assertThat(a.detail()).isEqualTo(told);
        assertThat(a.result()).isEqualTo("unclean_stop");
        assertThat(a.at()).isEqualTo(clock.instant());
      });
      assertThat(after.heartbeat.lastDowntime()).isEqualTo(new ReadModel.Downtime(
          Instant.parse("2026-11-30T08:05:00Z"), Instant.parse("2026-11-30T08:22:00Z"), false));
      assertThat(gauge).containsExactly(Duration.ofMinutes(17));
    }
  }

  @Test
  void aCrashWithinTwoMarkIntervalsCannotBeToldFromAQuickRestartAndIsNotReported() {
    Run before = new Run();
    before.timers.tick(Duration.ofSeconds(60)); // last mark 08:01:00
    before.crash();
    clock.set(Instant.parse("2026-11-30T08:03:00Z")); // exactly two intervals

    try (Run after = new Run()) {
      assertThat(after.heartbeat.lastDowntime()).isNull();
      assertThat(after.downtimeRows()).isEmpty();
    }
  }

  @Test
  void aCleanStopIsToldAsAPlannedRestartHoweverShort() {
    Run before = new Run();
    before.timers.tick(Duration.ofSeconds(90));
    before.close(); // stopped at 08:01:30
    clock.set(Instant.parse("2026-11-30T08:01:42Z"));

    try (LogCapture log = new LogCapture("medic"); Run after = new Run()) {
      String told = "medic stopped cleanly at 2026-11-30T08:01:30Z, down 12s: checks did not run meanwhile;"
          + " targets not watched: web, db";
      assertThat(log.lines()).contains("INFO " + told);
      assertThat(after.downtimeRows()).singleElement().satisfies(a -> {
        assertThat(a.detail()).isEqualTo(told);
        assertThat(a.result()).isEqualTo("clean_stop");
      });
      assertThat(after.heartbeat.lastDowntime().cleanStop()).isTrue();
      assertThat(after.heartbeat.lastDowntime().seconds()).isEqualTo(12);
    }
  }

  @Test
  void aCrashAfterACleanStopAndARestartIsACrashAgain() {
    Run first = new Run();
    first.close(); // clean stop at 08:00:00
    clock.set(Instant.parse("2026-11-30T08:10:00Z"));
    Run second = new Run(); // marks alive at 08:10:00, after the clean stop's mark
    second.crash();
    clock.set(Instant.parse("2026-11-30T09:10:00Z"));

    try (Run third = new Run()) {
      assertThat(third.heartbeat.lastDowntime()).isEqualTo(new ReadModel.Downtime(
          Instant.parse("2026-11-30T08:10:00Z"), Instant.parse("2026-11-30T09:10:00Z"), false));
    }
  }
}
