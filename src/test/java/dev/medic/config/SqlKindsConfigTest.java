package dev.medic.config;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.sql.SqlAction;
import dev.medic.mysql.MySqlCheck;
import dev.medic.sql.SqlCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sql and mysql checks and the sql action as written in medic.yaml. */
class SqlKindsConfigTest {

  private static MedicConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.of("DB_PASSWORD", "s3cret")::get).parse("medic.yaml", yaml);
  }

  @Test
  void readsEveryKeyInSnakeCaseWithThePasswordFromTheEnvironment() throws Exception {
    MedicConfig cfg = parse("""
        targets:
          - name: pipeline
            checks:
              - type: sql
                name: freshness
                url: jdbc:postgresql://db:5432/app
                user: medic_ro
                password: ${DB_PASSWORD}
                query: select max(updated_at) from documents
                metric: age_seconds
                time_zone: UTC
                timeout: 5s
                rules: ["age_seconds > 1800 as stale_data"]
              - type: mysql
                url: jdbc:mariadb://db:3306/app
                user: medic
                long_query_after: 10s
                pool_exhausted_pct: 80
        strategies:
          - name: requeue
            conditions: [stale_data]
            action:
              type: sql
              url: jdbc:postgresql://db:5432/app
              user: medic_rw
              password: ${DB_PASSWORD}
              statement: "update documents set status = 'pending' where status = ? and owner = ?"
              params: [processing, "{target}"]
              max_rows: 50
              timeout: 10s
        """);

    SqlCheck sql = (SqlCheck) cfg.targets().getFirst().checks().get(0);
    assertThat(sql.name()).isEqualTo("freshness");
    assertThat(sql.password()).isEqualTo("s3cret");
    assertThat(sql.metric()).isEqualTo("age_seconds");
    assertThat(sql.timeZone()).isEqualTo("UTC");
    assertThat(sql.rules()).extracting(Object::toString).containsExactly("age_seconds > 1800 as stale_data");
    assertThat(sql.toString()).doesNotContain("s3cret");

    MySqlCheck mysql = (MySqlCheck) cfg.targets().getFirst().checks().get(1);
    assertThat(mysql.name()).isEqualTo("mysql");
    assertThat(mysql.longQueryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(mysql.rules()).extracting(Object::toString).contains("connections_pct > 80 as db_pool_exhausted");

    SqlAction action = (SqlAction) cfg.strategies().getFirst().action();
    assertThat(action.params()).isEqualTo(List.of("processing", "{target}"));
    assertThat(action.maxRows()).isEqualTo(50);
    assertThat(action.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(action.destructive()).isFalse();
  }

  @Test
  void aStatementThatIsNotAllowedIsAConfigErrorAtItsLine() {
    assertThatThrownBy(() -> parse("""
        targets:
          - name: pipeline
            checks:
              - type: tcp
                port: 5432
        strategies:
          - name: wipe
            conditions: [stale_data]
            action:
              type: sql
              url: jdbc:postgresql://db:5432/app
              statement: "truncate documents"
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("medic.yaml:")
        .hasMessageContaining("statement must begin with UPDATE, DELETE or INSERT, got 'truncate'");
  }

  @Test
  void aRuleThatCannotParseIsAConfigError() {
    assertThatThrownBy(() -> parse("""
        targets:
          - name: pipeline
            checks:
              - type: sql
                url: jdbc:postgresql://db:5432/app
                query: select 1
                rules: ["value is big"]
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value is big");
  }
}
