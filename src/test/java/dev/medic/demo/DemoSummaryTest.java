package dev.medic.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

  private static Incident resolved(long id, String target, Instant opened, Instant resolved) {
    return Incident.open(target, "process_exited", Severity.WARNING, "exited", opened).withId(id)
        .resolvedAt("condition cleared", resolved);
  }

  @Test
  void timeToResolveRunsToTheVerifyThatPassedNotToTheFirstHealthyCheck() {
    Instant opened = START.plusSeconds(12);
    // The check answered once at +2 s and cleared the condition; the verify passed at +6 s.
    Incident i = resolved(7, "checkout", opened, opened.plusSeconds(2));
    List<AuditEntry> audit = List.of(
        AuditEntry.of(opened.plusMillis(500), 7L, "checkout", "action", "restart_process", "ok", "restart"),
        AuditEntry.of(opened.plusSeconds(6), 7L, "checkout", "verify", "restart_process", "ok", "healthy"));

    DemoSummary.Row row = DemoSummary.rows(List.of("checkout"), List.of(i), audit, START).getFirst();

    assertThat(row.resolved()).isEqualTo(1);
    assertThat(row.actions()).isEqualTo(1);
    assertThat(row.meanTimeToResolve()).contains(Duration.ofSeconds(6));
  }

  @Test
  void incidentThatClearedWithoutAnActionRunsToItsResolution() {
    Incident i = resolved(8, "search", START.plusSeconds(1), START.plusSeconds(4));
    AuditEntry otherIncidentsVerify = AuditEntry.of(START.plusSeconds(9), 99L, "search", "verify", "x", "ok", "");

    DemoSummary.Row row = DemoSummary.rows(List.of("search"), List.of(i), List.of(otherIncidentsVerify), START).getFirst();

    assertThat(row.meanTimeToResolve()).contains(Duration.ofSeconds(3));
  }

  @Test
  void everyTargetHasARowAndEarlierIncidentsAreNotCounted() {
    Incident before = resolved(1, "ledger", START.minusSeconds(60), START.minusSeconds(50));

    List<DemoSummary.Row> rows = DemoSummary.rows(List.of("checkout", "ledger"), List.of(before), List.of(), START);

    assertThat(rows).extracting(DemoSummary.Row::target).containsExactly("checkout", "ledger");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.incidents()).isZero();
      assertThat(r.meanTimeToResolve()).isEmpty();
    });
  }
}
