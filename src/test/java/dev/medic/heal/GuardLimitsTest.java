package dev.medic.heal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.config.StrategyConfig;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.SettableClock;
import dev.medic.store.AttemptResult;
import dev.medic.store.AuditEntry;
import dev.medic.store.HealingLedger;
import dev.medic.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Guard's time-based limits on a clock the test moves: cooldowns and the hourly budget come
 * from the healing ledger, and a dry run spends neither. One store for the class; each test acts on
 * a target of its own.
 */
class GuardLimitsTest {

  @TempDir static Path dir;
  private static SqliteStore store;
  private static MedicConfig cfg;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private Guard guard;

  @BeforeAll
  static void open() throws Exception {
    store = SqliteStore.open(dir.resolve("medic.db"));
    StringBuilder targets = new StringBuilder();
    for (String name : new String[] {"cooled", "budgeted", "dry", "audited", "neighbour"}) {
      targets.append("  - name: ").append(name).append('\n')
          .append("    checks: [{type: http, url: \"http://127.0.0.1:1/health\"}]\n");
    }
    cfg = new ConfigLoader(dev.medic.runtime.Plugins.registry()).parse("medic.yaml", """
        agent: { max_heals_per_hour: 2 }
        targets:
        %s
        strategies:
          - name: restart
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            cooldown: 5m
          - name: flush
            conditions: [http_error]
            action: { type: command, command: ["/bin/true"] }
            cooldown: 0s
        """.formatted(targets.toString().stripTrailing()));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void newGuard() {
    guard = new Guard(store.ledger(), new CircuitBreaker(cfg.agent().breaker(), clock), clock);
  }

  private Guard.Decision check(String target, String strategy) {
    Incident incident = Incident.open(target, "http_error", Severity.WARNING, "500", clock.instant());
    return guard.check(incident, strategy(strategy), cfg.target(target).orElseThrow(), cfg.agent());
  }

  private StrategyConfig strategy(String name) {
    return cfg.strategies().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** An action that ran now and ended {@code took} later; the clock ends there. */
  private void acted(String target, String strategy, AttemptResult result, Duration took) {
    HealingLedger.Attempt a = store.ledger().begin(1, target, strategy, "command /bin/true", clock.instant());
    clock.advance(took);
    store.ledger().finish(a, result, "done", clock.instant());
  }

  @Test
  void cooldownBlocksTheStrategyUntilItHasPassedSinceTheActionEnded() {
    acted("cooled", "restart", AttemptResult.OK, Duration.ofSeconds(3));
    Instant ready = clock.instant().plus(Duration.ofMinutes(5));

    Guard.Decision cooling = check("cooled", "restart");
    assertThat(cooling.allowed()).isFalse();
    assertThat(cooling.waitable()).isTrue();
    assertThat(cooling.retryAt()).isEqualTo(ready);
    assertThat(cooling.reason()).startsWith("cooldown: restart ran on cooled");
    assertThat(check("cooled", "flush").allowed()).as("another strategy has its own cooldown").isTrue();

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(check("cooled", "restart").allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(check("cooled", "restart").allowed()).isTrue();
  }

  @Test
  void hourlyBudgetCountsTheTargetsActionsInARollingHour() {
    Instant first = clock.instant();
    acted("budgeted", "flush", AttemptResult.FAILED, Duration.ZERO);
    clock.advance(Duration.ofMinutes(20));
    acted("budgeted", "flush", AttemptResult.NO_EFFECT, Duration.ZERO);
    acted("neighbour", "flush", AttemptResult.OK, Duration.ZERO);

    Guard.Decision spent = check("budgeted", "flush");
    assertThat(spent.allowed()).isFalse();
    assertThat(spent.waitable()).isFalse();
    assertThat(spent.reason()).isEqualTo(
        "rate limit: 2 actions on budgeted in the last hour (max_heals_per_hour 2)");
    assertThat(check("neighbour", "flush").allowed()).as("the budget is per target").isTrue();

    clock.advance(Duration.between(clock.instant(), first.plus(Duration.ofHours(1))));
    assertThat(check("budgeted", "flush").allowed()).as("the first action is an hour old, still inside").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(check("budgeted", "flush").allowed()).isTrue();
  }

  @Test
  void dryRunsSpendNeitherCooldownNorBudget() {
    for (int i = 0; i < 5; i++) {
      acted("dry", "restart", AttemptResult.DRY_RUN, Duration.ofSeconds(1));
    }

    assertThat(check("dry", "restart").allowed()).isTrue();
    assertThat(store.ledger().actionsSince("dry", Instant.EPOCH)).isZero();
  }

  @Test
  void auditRowsAloneSpendNothing() {
    // The audit is for people: whatever its rows say, the limits count the ledger.
    for (int i = 0; i < 3; i++) {
      store.audit().append(AuditEntry.of(clock.instant(), 1L, "audited", "action", "restart", "ok", "restarted"));
    }

    assertThat(check("audited", "restart").allowed()).isTrue();
  }
}
