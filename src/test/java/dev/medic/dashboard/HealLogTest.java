package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.store.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The healing log read out of the audit, in seed 002's terms. */
class HealLogTest {

  private static final Instant AT = Instant.parse("2026-11-30T11:00:00Z");

  private static AuditEntry entry(String kind, String strategy, String result, String detail) {
    return new AuditEntry(1, AT, 7L, "db", kind, strategy, result, detail, "medic");
  }

  @Test
  void anAttemptTellsItsVerdictAndItsPlaceOnTheLadder() {
    Overview.HealLine healed = HealLog.line(entry("attempt", "restart-db", "ok", "restart-db attempt 2/3: restart process db"));

    assertThat(healed.result()).isEqualTo("healed");
    assertThat(healed.text()).isEqualTo("db: restart-db (restart process db) healed");
    assertThat(healed.attempt()).isEqualTo(2);
    assertThat(healed.of()).isEqualTo(3);
    assertThat(HealLog.line(entry("attempt", "restart-db", "no_effect", "restart-db attempt 1/3: x")).result())
        .isEqualTo("no_effect");
    assertThat(HealLog.line(entry("attempt", "restart-db", "failed", "restart-db attempt 3/3: x")).text())
        .endsWith("did not heal");
  }

  @Test
  void dryRunsAndEscalationsAreLinesWithoutAnAttempt() {
    Overview.HealLine dry = HealLog.line(entry("action", "restart-db", "dry-run", "would restart process db"));
    Overview.HealLine escalated = HealLog.line(entry("escalated", null, "", "ladder exhausted"));

    assertThat(dry.result()).isEqualTo("dry_run");
    assertThat(dry.attempt()).isNull();
    assertThat(escalated.result()).isEqualTo("escalated");
    assertThat(escalated.text()).isEqualTo("db: escalated to people: ladder exhausted");
  }

  @Test
  void otherAuditEntriesAreNotHealing() {
    List<AuditEntry> entries = List.of(entry("decision", "restart-db", "", "chose restart-db attempt 1/3: x"),
        entry("action", "restart-db", "ok", "restarted"), entry("opened", null, "", "unreachable"),
        entry("attempt", "restart-db", "ok", "restart-db attempt 1/3: x"));

    assertThat(HealLog.lines(entries, 10)).singleElement().extracting(Overview.HealLine::result).isEqualTo("healed");
  }
}
