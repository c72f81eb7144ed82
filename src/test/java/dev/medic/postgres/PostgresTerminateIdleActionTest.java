package dev.medic.postgres;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.WithPostgresScratch;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresTerminateIdleActionTest extends WithPostgresScratch {

  static ActionContext context() {
    return new ActionContext(Incident.open("db", "idle_in_transaction", Severity.WARNING, "msg", Instant.now())
        .withId(1), Bindings.none());
  }

  @Test
  void terminatesIdleSessionsOfAllowListedRoleThatExhaustedItsConnectionBudgetAndLeavesOthersAlone()
      throws Exception {
    String app = db.role("app", "NOSUPERUSER CONNECTION LIMIT 3");
    String batch = db.role("batch", "NOSUPERUSER");
    String medic = db.medicRole();
    List<Connection> leaked = List.of(
        db.idleInTransaction(app, "worker"), db.idleInTransaction(app, "worker"), db.idleInTransaction(app, "worker"));
    Connection other = db.idleInTransaction(batch, "nightly");
    int otherPid = db.pid(other);
    assertThatThrownBy(() -> db.connect(app, "worker")).hasMessageContaining("too many connections for role");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.idleLongerThan(0.5) == 4);

    var action = new PostgresTerminateIdleAction(db.url, medic, null, Duration.ofMillis(500), List.of(app),
        null, null, null);
    ActionOutcome outcome = action.run(context());

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail())
        .startsWith("terminated 3 sessions idle in transaction > 500ms of roles [" + app + "] in database " + db.database)
        .contains("user=" + app + ", app=worker")
        .contains("; left alone: pid " + otherPid + " (user=" + batch + ", app=nightly) idle in transaction ")
        .endsWith(": role " + batch + " not in roles [" + app + "]");
    for (Connection c : leaked) {
      assertThat(outcome.detail()).contains("pid " + db.pid(c));
    }
    // The budget is free again, and the other role's transaction is untouched and still open.
    try (Connection fresh = db.connect(app, "worker"); Statement st = fresh.createStatement()) {
      assertThat(st.execute("SELECT 1")).isTrue();
    }
    assertThat(db.alive(otherPid)).isTrue();
    try (Statement st = other.createStatement()) {
      st.execute("SELECT 2");
    }
    other.commit();
  }

  @Test
  void applicationAllowListAndMaxSessionsBoundWhatIsTerminated() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    for (int i = 0; i < 3; i++) {
      db.idleInTransaction(app, "worker");
    }
    Connection api = db.idleInTransaction(app, "api");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.idleLongerThan(0.2) == 4);

    var action = new PostgresTerminateIdleAction(db.url, "postgres", null, Duration.ofMillis(200), null,
        List.of("worker"), 2, null);
    ActionOutcome outcome = action.run(context());

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail()).startsWith("terminated 2 sessions idle in transaction > 200ms of applications [worker]")
        .contains("more matched, left for the next run (max_sessions 2)")
        .contains("pid " + db.pid(api) + " (user=" + app + ", app=api) idle in transaction ")
        .contains(": application api not in applications [worker]");
    assertThat(db.alive(db.pid(api))).isTrue();
    assertThat(action.run(context()).detail()).startsWith("terminated 1 session idle");
    ActionOutcome none = action.run(context());
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).startsWith("terminated 0 sessions idle in transaction > 200ms of applications [worker]"
        + " in database " + db.database + "; left alone: pid " + db.pid(api));
  }

  @Test
  void terminatingNoSessionIsNoEffectNamingEachSessionSeenAndWhyItWasLeft() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    String admin = db.role("admin", "NOSUPERUSER");
    Connection young = db.idleInTransaction(app, "worker");
    Connection foreign = db.idleInTransaction(admin, "psql");
    Connection busy = db.connect(app, "worker"); // idle, but not inside a transaction: not seen

    var action = new PostgresTerminateIdleAction(db.url, "postgres", null, Duration.ofHours(1), List.of(app),
        null, null, null);
    ActionOutcome outcome = action.run(context());

    assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail())
        .matches("terminated 0 sessions idle in transaction > 1h of roles \\[" + app + "\\] in database "
            + db.database + "; left alone: pid " + db.pid(young) + " \\(user=" + app + ", app=worker\\)"
            + " idle in transaction \\d+s: not idle longer than 1h; pid " + db.pid(foreign) + " \\(user=" + admin
            + ", app=psql\\) idle in transaction \\d+s: role " + admin + " not in roles \\[" + app + "\\]")
        .doesNotContain("pid " + db.pid(busy) + " ");
    for (Connection c : List.of(young, foreign, busy)) {
      assertThat(db.alive(db.pid(c))).isTrue();
    }
  }

  @Test
  void withNoSessionIdleInATransactionTheNoEffectSaysSo() throws Exception {
    var action = new PostgresTerminateIdleAction(db.url, "postgres", null, null, List.of("app"), null, null, null);
    ActionOutcome outcome = action.run(context());
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("terminated 0 sessions idle in transaction > 5m of roles [app] in database "
        + db.database + ": no session is idle in a transaction");
  }

  @Test
  void planNamesTheSessionsItWouldTerminateAndThoseItWouldLeaveAndTerminatesNone() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    String batch = db.role("batch", "NOSUPERUSER");
    Connection first = db.idleInTransaction(app, "worker");
    Connection second = db.idleInTransaction(app, "worker");
    Connection other = db.idleInTransaction(batch, "nightly");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.idleLongerThan(0.3) == 3);

    var action = new PostgresTerminateIdleAction(db.url, "postgres", null, Duration.ofMillis(300), List.of(app),
        null, null, null);
    ActionOutcome plan = action.plan(context());

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).matches("would terminate 2 sessions idle in transaction > 300ms of roles \\[" + app
        + "\\] in database " + db.database + ": pid " + db.pid(first) + " \\(user=" + app + ", app=worker\\) idle \\d+s,"
        + " pid " + db.pid(second) + " \\(user=" + app + ", app=worker\\) idle \\d+s; would leave pid " + db.pid(other)
        + " \\(user=" + batch + ", app=nightly\\) idle in transaction \\d+s: role " + batch + " not in roles \\[" + app + "\\]");
    for (Connection c : List.of(first, second, other)) {
      assertThat(db.alive(db.pid(c))).isTrue();
    }
    assertThat(db.idleLongerThan(0.3)).isEqualTo(3);

    var none = new PostgresTerminateIdleAction(db.url, "postgres", null, Duration.ofHours(1), List.of(app),
        null, null, null).plan(context());
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).startsWith("would terminate 0 sessions idle in transaction > 1h of roles [" + app
        + "] in database " + db.database + "; would leave pid " + db.pid(first));
  }

  @Test
  void superuserSessionIsNotTerminatedByASignalBackendRoleAndTheDetailSaysWhy() throws Exception {
    String medic = db.medicRole();
    Connection admin = db.idleInTransaction("postgres", "psql");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.idleLongerThan(0.2) == 1);

    var action = new PostgresTerminateIdleAction(db.url, medic, null, Duration.ofMillis(200), List.of("postgres"),
        null, null, null);
    ActionOutcome outcome = action.run(context());

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("terminated 0 sessions").contains("not terminated")
        .contains("42501");
    assertThat(db.alive(db.pid(admin))).isTrue();
  }

  @Test
  void anAllowListIsRequired() {
    assertThatThrownBy(() -> new PostgresTerminateIdleAction("jdbc:postgresql://db/app", null, null, null, null,
        List.of(), null, null))
        .hasMessageContaining("roles and/or applications must list whose idle sessions may be terminated");
    assertThatThrownBy(() -> new PostgresTerminateIdleAction("jdbc:postgresql://db/app", null, null, null,
        List.of("app"), null, 0, null)).hasMessageContaining("max_sessions must be >= 1, got 0");
    assertThatThrownBy(() -> new PostgresTerminateIdleAction("jdbc:postgresql://db/app", null, null, Duration.ZERO,
        List.of("app"), null, null, null)).hasMessageContaining("older_than must be more than 0, got 0s");
    var action = new PostgresTerminateIdleAction("jdbc:postgresql://db/app", "medic", "hunter2", null,
        List.of("app"), null, null, null);
    assertThat(action.olderThan()).isEqualTo(Duration.ofMinutes(5));
    assertThat(action.maxSessions()).isEqualTo(20);
    assertThat(action.toString()).doesNotContain("hunter2");
    assertThat(action.describe(context())).doesNotContain("hunter2").contains("roles [app]");
  }
}
