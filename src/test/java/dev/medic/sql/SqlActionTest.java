package dev.medic.sql;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.support.RealServices;
import dev.medic.support.SqlScratch;
import dev.medic.support.TestServices;
import dev.medic.support.WithDocumentsTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sql action against real rows in a scratch PostgreSQL schema (and one MariaDB database). */
class SqlActionTest extends WithDocumentsTable {

  private static final String REQUEUE = "update documents set status = 'pending', updated_at = now()"
      + " where status = 'processing' and updated_at < now() - interval '30 minutes'";
  private static final String STUCK = "select count(*) from documents"
      + " where status = 'processing' and updated_at < now() - interval '30 minutes'";

  private static ActionContext context(String target) {
    Incident incident = Incident.open(target, "stuck_items", Severity.WARNING, "msg", Instant.now()).withId(7);
    return new ActionContext(incident, Bindings.none());
  }

  private SqlAction action(String statement, List<Object> params, Integer maxRows) {
    return new SqlAction(db.url(), db.user(), null, statement, params, maxRows, null);
  }

  private void documents(int n, String status, String ago) throws Exception {
    db.exec("INSERT INTO documents (status, updated_at) SELECT '" + status + "', now() - interval '" + ago + "'"
        + " FROM generate_series(1, " + n + ")");
  }

  @Test
  void requeuesStuckRowsAndReportsHowManyItChanged() throws Exception {
    documents(3, "processing", "2 hours");
    documents(2, "processing", "1 minute");
    documents(4, "pending", "3 hours");
    SqlCheck stuck = new SqlCheck(null, null, null, db.url(), db.user(), null, STUCK, null, null, null);
    ProbeContext probes = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
    assertThat(stuck.create(probes).run(Duration.ofSeconds(5)).metrics()).containsEntry("value", 3.0);

    ActionOutcome outcome = action(REQUEUE, null, null).run(context("pipeline"));

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail()).isEqualTo("updated 3 rows (limit 100)");
    ProbeResult after = stuck.create(probes).run(Duration.ofSeconds(5));
    assertThat(after.metrics()).containsEntry("value", 0.0);
    assertThat(db.count("select count(*) from documents where status = 'processing'")).isEqualTo(2);
    assertThat(db.count("select count(*) from documents where status = 'pending'")).isEqualTo(7);
  }

  @Test
  void aStatementThatMatchesNoRowIsNoEffect() throws Exception {
    documents(2, "processing", "1 minute");

    ActionOutcome outcome = action(REQUEUE, null, null).run(context("pipeline"));

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("updated 0 rows (limit 100): the statement matched no row");
    assertThat(db.count("select count(*) from documents where status = 'processing'")).isEqualTo(2);
  }

  @Test
  void planCountsTheRowsARunWouldChangeAndRollsBack() throws Exception {
    documents(3, "processing", "2 hours");

    ActionOutcome plan = action(REQUEUE, null, null).plan(context("pipeline"));

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would have updated 3 rows (limit 100); rolled back, nothing changed");
    assertThat(db.count(STUCK)).isEqualTo(3);

    ActionOutcome tooMany = action(REQUEUE, null, 2).plan(context("pipeline"));
    assertThat(tooMany.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(tooMany.detail()).isEqualTo("would have updated 3 rows, more than max_rows 2: rolled back, nothing changed");

    ActionOutcome none = action(REQUEUE.replace("30 minutes", "3 hours"), null, null).plan(context("pipeline"));
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo(
        "would have updated 0 rows (limit 100): the statement matches no row; rolled back, nothing changed");
    assertThat(db.count(STUCK)).isEqualTo(3);
  }

  @Test
  void planOnMariaDbRunsNothing() throws Exception {
    RealServices.requireMariaDb();
    try (SqlScratch maria = SqlScratch.mariadb()) {
      maria.exec("CREATE TABLE locks (name varchar(64) PRIMARY KEY) ENGINE=MyISAM", "INSERT INTO locks VALUES ('a')");
      SqlAction a = new SqlAction(maria.url(), maria.user(), null, "delete from locks", null, 10, null);

      ActionOutcome plan = a.plan(context("queue"));

      assertThat(plan.detail()).startsWith("would run sql delete from locks (max_rows 10) on ")
          .endsWith("(rows are counted in a dry run on PostgreSQL only: this database may not roll every table back)");
      assertThat(maria.count("select count(*) from locks")).isEqualTo(1);
    }
  }

  @Test
  void rollsBackAndFailsWhenTheStatementWouldTouchMoreThanMaxRows() throws Exception {
    documents(5, "processing", "2 hours");

    ActionOutcome outcome = action(REQUEUE, null, 3).run(context("pipeline"));

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).isEqualTo("would have updated 5 rows, more than max_rows 3: rolled back, nothing changed");
    assertThat(db.count(STUCK)).isEqualTo(5);
  }

  @Test
  void bindsTemplatedIncidentFieldsAsValuesNeverAsSql() throws Exception {
    db.exec("CREATE TABLE notes (target text, note text, attempt int)");
    String hostile = "api'); drop table documents; --";

    ActionOutcome outcome = action("insert into notes (target, note, attempt) values (?, ?, ?)",
        List.of("{target}", "incident {incident_id} ({condition})", 2), 1).run(context(hostile));

    assertThat(outcome.detail()).isEqualTo("inserted 1 row (limit 1)");
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select target, note, attempt from notes")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(hostile);
      assertThat(rs.getString(2)).isEqualTo("incident 7 (stuck_items)");
      assertThat(rs.getInt(3)).isEqualTo(2);
    }
    assertThat(db.count("select count(*) from documents")).isZero();
    assertThat(db.count("select count(*) from information_schema.tables where table_schema = '" + db.name()
        + "' and table_name = 'documents'")).isEqualTo(1);
  }

  @Test
  void aFailingStatementRollsBackAndNamesTheSqlState() throws Exception {
    ActionOutcome outcome = action("update no_such_table set x = 1", null, null).run(context("pipeline"));

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("rolled back, nothing changed: SQL state 42P01");
  }

  @Test
  void anUnreachableDatabaseFailsWithoutTouchingAnything() {
    int port = TestServices.freePort();
    SqlAction a = new SqlAction("jdbc:postgresql://127.0.0.1:" + port + "/test?password=hunter2", "postgres",
        null, REQUEUE, null, null, Duration.ofSeconds(2));

    ActionOutcome outcome = a.run(context("pipeline"));

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("cannot connect to jdbc:postgresql://127.0.0.1:" + port)
        .doesNotContain("hunter2");
  }

  @Test
  void deletesOnMariaDbWithinTheLimit() throws Exception {
    RealServices.requireMariaDb();
    try (SqlScratch maria = SqlScratch.mariadb()) {
      maria.exec("CREATE TABLE locks (name varchar(64) PRIMARY KEY, taken_at datetime NOT NULL)",
          "INSERT INTO locks VALUES ('a', NOW() - INTERVAL 2 HOUR), ('b', NOW() - INTERVAL 3 HOUR), ('c', NOW())");
      SqlAction a = new SqlAction(maria.url(), maria.user(), null,
          "delete from locks where taken_at < now() - interval ? minute", List.of(30), 10, null);

      assertThat(a.destructive()).isTrue();
      ActionOutcome outcome = a.run(context("queue"));

      assertThat(outcome.detail()).isEqualTo("deleted 2 rows (limit 10)");
      assertThat(maria.count("select count(*) from locks")).isEqualTo(1);
    }
  }

  @Test
  void onlyDeleteIsDestructive() {
    assertThat(action(REQUEUE, null, null).destructive()).isFalse();
    assertThat(action("insert into documents (status, updated_at) values ('x', now())", null, null).destructive())
        .isFalse();
    assertThat(action("DELETE FROM documents", null, null).destructive()).isTrue();
  }

  @Test
  void refusesAnythingButOneUpdateDeleteOrInsert() {
    assertThatThrownBy(() -> action("drop table documents", null, null))
        .hasMessage("statement must begin with UPDATE, DELETE or INSERT, got 'drop'");
    assertThatThrownBy(() -> action("with x as (delete from documents) select 1", null, null))
        .hasMessageContaining("got 'with'");
    assertThatThrownBy(() -> action("update documents set status = 'x'; drop table documents", null, null))
        .hasMessageContaining("single statement without ';'");
    assertThatThrownBy(() -> action("delete from documents;", null, null))
        .hasMessageContaining("single statement without ';'");
    assertThatThrownBy(() -> action("update documents set status = ?", List.of(), null))
        .hasMessage("statement has 1 '?' placeholders but 0 params are given");
    assertThatThrownBy(() -> action(REQUEUE, null, 0)).hasMessage("max_rows must be >= 1, got 0");
    assertThatThrownBy(() -> action("update documents set status = ?", List.of(List.of("x")), null))
        .hasMessageContaining("params[0] must be a string, number or boolean");
    assertThat(action("update documents set status = 'a;b'", null, null).statement()).contains("a;b");
  }

  @Test
  void describesItselfWithoutThePassword() {
    SqlAction a = new SqlAction("jdbc:postgresql://h/db?password=hunter2", "u", "s3cret",
        "update documents set status = ?", List.of("{target}"), 5, null);

    assertThat(a.describe(context("pipeline")))
        .isEqualTo("sql update documents set status = ? [pipeline] (max_rows 5) on jdbc:postgresql://h/db?password=***");
    assertThat(a.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }
}
