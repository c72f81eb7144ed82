package dev.medic.config;

import dev.medic.spi.ThresholdRule;
import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.postgres.PostgresCancelBlockerAction;
import dev.medic.postgres.PostgresTerminateAppAction;
import dev.medic.postgres.PostgresTerminateIdleAction;
import dev.medic.postgres.PostgresVacuumAction;
import dev.medic.postgres.PostgresCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {

  private static MedicConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("PGPW", "hunter2")::get).parse("medic.yaml", yaml);
  }

  @Test
  void everyPostgresKeyBindsFromSnakeCaseYaml() throws Exception {
    MedicConfig cfg = parse("""
        targets:
          - name: db
            checks:
              - type: postgres
                url: jdbc:postgresql://db:5432/shop
                user: medic
                password: ${PGPW}
                pool_exhausted_pct: 75
                idle_in_transaction_after: 2m
                slow_query_after: 10s
                replica: true
                replication_lag_limit: 90s
        strategies:
          - name: idle
            conditions: [idle_in_transaction]
            action: { type: postgres_terminate_idle, url: "jdbc:postgresql://db/shop", older_than: 1m,
                      roles: [app], applications: [worker], max_sessions: 7 }
          - name: blocker
            conditions: [db_lock_chain]
            action: { type: postgres_cancel_blocker, url: "jdbc:postgresql://db/shop", terminate_after: 2s,
                      applications: [api], max_sessions: 2 }
          - name: reset
            conditions: [db_connection_error]
            action: { type: postgres_terminate_app, url: "jdbc:postgresql://db/shop", application_name: web }
          - name: stats
            conditions: [slow_query]
            action: { type: postgres_vacuum, url: "jdbc:postgresql://db/shop", tables: [orders, sales.lines],
                      timeout: 10m }
        """);
    PostgresCheck check = (PostgresCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check.password()).isEqualTo("hunter2");
    assertThat(check.poolExhaustedPct()).isEqualTo(75);
    assertThat(check.idleInTransactionAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(check.slowQueryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(check.replicationLagLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(check.rules()).map(ThresholdRule::condition).contains("db_pool_exhausted", "replication_lag");
    assertThat(check.toString()).doesNotContain("hunter2");

    var idle = (PostgresTerminateIdleAction) cfg.strategies().get(0).action();
    assertThat(idle.olderThan()).isEqualTo(Duration.ofMinutes(1));
    assertThat(idle.roles()).containsExactly("app");
    assertThat(idle.applications()).containsExactly("worker");
    assertThat(idle.maxSessions()).isEqualTo(7);
    var blocker = (PostgresCancelBlockerAction) cfg.strategies().get(1).action();
    assertThat(blocker.terminateAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(blocker.maxSessions()).isEqualTo(2);
    var reset = (PostgresTerminateAppAction) cfg.strategies().get(2).action();
    assertThat(reset.applicationName()).isEqualTo("web");
    var stats = (PostgresVacuumAction) cfg.strategies().get(3).action();
    assertThat(stats.tables()).containsExactly("orders", "sales.lines");
    assertThat(stats.effectiveTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(List.of(idle, blocker, reset, stats)).noneMatch(a -> a.destructive());
  }

  @Test
  void badPostgresSettingsNameTheLineAndTheValue() {
    assertThatThrownBy(() -> parse("""
        targets:
          - name: db
            checks:
              - type: postgres
                url: postgresql://db:5432/shop
        """)).hasMessageContaining("medic.yaml:5:9: targets[0].checks[0].url")
        .hasMessageContaining("url must look like jdbc:postgresql://host:5432/database, got postgresql://db:5432/shop");
    assertThatThrownBy(() -> parse("""
        targets:
          - name: db
            checks: [{ type: tcp, port: 5432 }]
        strategies:
          - name: stats
            conditions: [slow_query]
            action:
              type: postgres_vacuum
              url: jdbc:postgresql://db/shop
              tables: ["orders; DROP TABLE orders"]
        """)).hasMessageContaining("strategies[0].action")
        .hasMessageContaining("got 'orders; DROP TABLE orders'");
  }
}
