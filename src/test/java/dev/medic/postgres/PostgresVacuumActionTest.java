package dev.medic.postgres;

import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.support.WithPostgresScratch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresVacuumActionTest extends WithPostgresScratch {

  @BeforeEach
  void tables() throws SQLException {
    db.sql("CREATE TABLE orders (id int PRIMARY KEY, total int)",
        "INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g",
        "DELETE FROM orders WHERE id % 2 = 0",
        "CREATE SCHEMA billing", "CREATE TABLE billing.invoice (id int)");
  }

  private boolean vacuumedAndAnalyzed(String table) throws SQLException {
    try (Connection c = db.connect("postgres", "check"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL, n_dead_tup"
            + " FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
      return r.next() && r.getBoolean(1) && r.getLong(2) == 0;
    }
  }

  @Test
  void vacuumsAndAnalyzesEachListedTableOutsideATransaction() throws Exception {
    var action = new PostgresVacuumAction(db.url, "postgres", null, List.of("orders", "billing.invoice"), null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).startsWith("vacuumed and analyzed 2 of 2 tables in database " + db.database + ": orders (")
        .contains("billing.invoice (");
    await().atMost(Duration.ofSeconds(5)).until(() -> vacuumedAndAnalyzed("orders") && vacuumedAndAnalyzed("invoice"));
  }

  @Test
  void planNamesTheTablesAndTheirDeadRowsAndVacuumsNone() throws Exception {
    db.sql("ALTER TABLE orders SET (autovacuum_enabled = false)"); // keep the dead rows still while we look
    await().atMost(Duration.ofSeconds(10)).until(() -> deadRows("orders") == 2500);
    var action = new PostgresVacuumAction(db.url, "postgres", null, List.of("orders", "billing.invoice", "nope"), null);

    ActionOutcome plan = action.plan(PostgresTerminateIdleActionTest.context());

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(plan.detail()).isEqualTo("would vacuum and analyze 2 of 3 tables in database " + db.database
        + ": orders (2500 dead rows), billing.invoice (0 dead rows); would fail: nope (no such table)");
    assertThat(deadRows("orders")).isEqualTo(2500);
    assertThat(vacuumedAndAnalyzed("orders")).isFalse(); // last_vacuum counts VACUUM commands only
  }

  private long deadRows(String table) throws SQLException {
    try (Connection c = db.connect("postgres", "check"); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
      return r.next() ? r.getLong(1) : -1;
    }
  }

  @Test
  void missingTableAndTableItsRoleMayNotVacuumFailTheActionNamingThem() throws Exception {
    String medic = db.role("medic", "NOSUPERUSER");
    var action = new PostgresVacuumAction(db.url, medic, null, List.of("Orders", "no_such_table"), null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.ok()).isFalse();
    // Unquoted names fold to lower case, as in SQL: Orders is orders, which medic does not own.
    assertThat(outcome.detail()).startsWith("vacuumed and analyzed 0 of 2 tables")
        .contains("orders (skipping \"orders\"")
        .contains("no_such_table (no such table)");
  }

  @Test
  void tablesMustBePlainIdentifiers() {
    for (String bad : List.of("orders; DROP TABLE orders", "\"orders\"", "a.b.c", "1orders", "")) {
      assertThatThrownBy(() -> new PostgresVacuumAction("jdbc:postgresql://db/app", null, null, List.of(bad), null))
          .hasMessageContaining("got '" + bad + "'");
    }
    assertThatThrownBy(() -> new PostgresVacuumAction("jdbc:postgresql://db/app", null, null, List.of(), null))
        .hasMessageContaining("tables must list at least one table");
  }
}
