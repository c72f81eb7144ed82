package dev.medic.postgres;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.support.WithPostgresScratch;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresCancelBlockerActionTest extends WithPostgresScratch {

  @BeforeEach
  void tables() throws SQLException {
    db.sql("CREATE TABLE job (id int PRIMARY KEY, state text)", "INSERT INTO job VALUES (1, 'new'), (2, 'new')");
  }

  /** The lock chain C waits on B waits on A; A holds row 1 and then does {@code rootThen}. */
  private record Chain(Connection a, Connection b, Connection c, CompletableFuture<Void> aRuns,
      CompletableFuture<Void> bWaits, CompletableFuture<Void> cWaits) {}

  private Chain chain(String roleA, String rootThen) throws Exception {
    Connection a = db.connect(roleA, "holder");
    Connection b = db.connect("postgres", "middle");
    Connection c = db.connect("postgres", "tail");
    a.setAutoCommit(false);
    b.setAutoCommit(false);
    try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      sa.execute("UPDATE job SET state = 'a' WHERE id = 1");
      sb.execute("UPDATE job SET state = 'b' WHERE id = 2");
    }
    CompletableFuture<Void> aRuns = rootThen == null ? null : db.inBackground(a, rootThen);
    CompletableFuture<Void> bWaits = db.inBackground(b, "UPDATE job SET state = 'b' WHERE id = 1");
    CompletableFuture<Void> cWaits = db.inBackground(c, "UPDATE job SET state = 'c' WHERE id = 2");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.waitsOnLock(db.pid(b)) && db.waitsOnLock(db.pid(c)));
    return new Chain(a, b, c, aRuns, bWaits, cWaits);
  }

  @Test
  void terminatesTheIdleRootOfALockChainSoBothWaitersProceed() throws Exception {
    String medic = db.medicRole();
    String app = db.role("app", "NOSUPERUSER");
    Chain chain = chain(app, null);
    int rootPid = db.pid(chain.a());
    PostgresCheck check = new PostgresCheck(null, null, null, db.url, medic, null, null, null, null, null, null);
    ProbeResult seen = check.create(new ProbeContext("db", Clock.systemUTC(), Bindings.none())).run(Duration.ofSeconds(5));
    assertThat(seen.metrics()).containsEntry("blocked_sessions", 2.0);

    var action = new PostgresCancelBlockerAction(db.url, medic, null, Duration.ofSeconds(5), null, null, null, null);
    long start = System.nanoTime();
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail())
        .startsWith("root pid " + rootPid + " (user=" + app + ", app=holder) [idle in transaction]")
        .contains("query 'UPDATE job SET state = 'a' WHERE id = 1'")
        .contains("blocked 2 sessions")
        .endsWith("a cancel cannot release its locks: terminated");
    // No query to cancel: it does not wait terminate_after in vain.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(db.alive(rootPid)).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(chain.bWaits()::isDone);
    assertThat(chain.bWaits()).isCompleted();
    chain.b().commit();
    await().atMost(Duration.ofSeconds(5)).until(chain.cWaits()::isDone);
    assertThat(chain.cWaits()).isCompleted();
  }

  @Test
  void cancelsTheRunningQueryOfTheRootWithoutTerminatingItsSession() throws Exception {
    Chain chain = chain("postgres", "SELECT pg_sleep(60)");
    int rootPid = db.pid(chain.a());

    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, null, null, List.of("holder"), null, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).startsWith("root pid " + rootPid + " (user=postgres, app=holder) [active]")
        .contains("query 'SELECT pg_sleep(60)'")
        .contains("cancelled; the chain cleared after");
    await().atMost(Duration.ofSeconds(5)).until(chain.aRuns()::isDone);
    assertThat(chain.aRuns()).isCompletedExceptionally();
    assertThat(db.alive(rootPid)).isTrue(); // cancelled, not terminated: its session lives on
    await().atMost(Duration.ofSeconds(5)).until(chain.bWaits()::isDone);
    chain.b().commit();
    await().atMost(Duration.ofSeconds(5)).until(chain.cWaits()::isDone);
    assertThat(chain.cWaits()).isCompleted();
  }

  @Test
  void rootOutsideTheAllowListIsNoEffectNamingItsPidRoleApplicationAndTheAllowList() throws Exception {
    Chain chain = chain("postgres", null);
    int rootPid = db.pid(chain.a());

    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, null, List.of("app"), null, null, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("root pid " + rootPid + " (user=postgres, app=holder) [idle in transaction]"
        + " query 'UPDATE job SET state = 'a' WHERE id = 1' blocked 2 sessions: role postgres not in roles [app],"
        + " left alone: nothing cancelled");
    assertThat(db.alive(rootPid)).isTrue();
    assertThat(db.waitsOnLock(db.pid(chain.b()))).isTrue();
  }

  @Test
  void planNamesTheRootItWouldTerminateAndTheOneItWouldLeaveAndSignalsNeither() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    Chain chain = chain(app, null);
    int rootPid = db.pid(chain.a());
    // A second chain whose root is outside the allow-list: row 3 held by a postgres session.
    db.sql("INSERT INTO job VALUES (3, 'new')");
    Connection admin = db.connect("postgres", "psql");
    admin.setAutoCommit(false);
    try (Statement st = admin.createStatement()) {
      st.execute("UPDATE job SET state = 'x' WHERE id = 3");
    }
    Connection waiter = db.connect(app, "other");
    db.inBackground(waiter, "UPDATE job SET state = 'y' WHERE id = 3");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.waitsOnLock(db.pid(waiter)));

    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, null, List.of(app), null, null, null);
    ActionOutcome plan = action.plan(PostgresTerminateIdleActionTest.context());

    assertThat(plan.result()).as(plan.detail()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would terminate root pid " + rootPid + " (user=" + app + ", app=holder)"
        + " [idle in transaction] query 'UPDATE job SET state = 'a' WHERE id = 1', which blocks 2 sessions"
        + " (idle in its transaction, a cancel cannot release its locks); root pid " + db.pid(admin)
        + " (user=postgres, app=psql) [idle in transaction] query 'UPDATE job SET state = 'x' WHERE id = 3'"
        + " blocked 1 session: role postgres not in roles [" + app + "], left alone");
    assertThat(db.alive(rootPid)).isTrue();
    assertThat(db.alive(db.pid(admin))).isTrue();
    assertThat(db.waitsOnLock(db.pid(chain.b()))).isTrue();
    assertThat(db.waitsOnLock(db.pid(chain.c()))).isTrue();
    assertThat(db.waitsOnLock(db.pid(waiter))).isTrue();
  }

  @Test
  void planOfARunningRootSaysItWouldCancelThenTerminate() throws Exception {
    Chain chain = chain("postgres", "SELECT pg_sleep(60)");
    int rootPid = db.pid(chain.a());

    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, Duration.ofSeconds(3), null, null, null, null);
    ActionOutcome plan = action.plan(PostgresTerminateIdleActionTest.context());

    assertThat(plan.detail()).isEqualTo("would cancel root pid " + rootPid + " (user=postgres, app=holder) [active]"
        + " query 'SELECT pg_sleep(60)', which blocks 2 sessions, and terminate it if it still blocks after 3s");
    assertThat(chain.aRuns()).isNotDone();
    assertThat(db.waitsOnLock(db.pid(chain.c()))).isTrue();
  }

  @Test
  void aLockCycleIsLeftToPostgresAndTheDetailNamesItsPids() throws Exception {
    Connection a = db.connect("postgres", "left");
    Connection b = db.connect("postgres", "right");
    for (Connection c : List.of(a, b)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET deadlock_timeout = '60s'"); // keep the deadlock standing while the action looks
      }
    }
    try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      sa.execute("UPDATE job SET state = 'a' WHERE id = 1");
      sb.execute("UPDATE job SET state = 'b' WHERE id = 2");
    }
    db.inBackground(a, "UPDATE job SET state = 'a' WHERE id = 2");
    db.inBackground(b, "UPDATE job SET state = 'b' WHERE id = 1");
    await().atMost(Duration.ofSeconds(5)).until(() -> db.waitsOnLock(db.pid(a)) && db.waitsOnLock(db.pid(b)));
    int low = Math.min(db.pid(a), db.pid(b));
    int high = Math.max(db.pid(a), db.pid(b));
    String cycle = "2 sessions (pids " + low + ", " + high + ") wait in a lock cycle: a deadlock PostgreSQL"
        + " resolves itself after deadlock_timeout (1s), left to it";

    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, null, null, null, null, null);
    ActionOutcome plan = action.plan(PostgresTerminateIdleActionTest.context());
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(plan.detail()).isEqualTo("would cancel nothing: " + cycle + ": nothing to cancel");
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo(cycle + ": nothing cancelled");
    assertThat(db.waitsOnLock(db.pid(a)) && db.waitsOnLock(db.pid(b))).isTrue();
  }

  @Test
  void withoutAnyWaiterThereIsNothingToCancel() throws Exception {
    var action = new PostgresCancelBlockerAction(db.url, "postgres", null, null, null, null, null, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("no session waits on a lock in database " + db.database + ": nothing cancelled");
    assertThat(action.plan(PostgresTerminateIdleActionTest.context()).detail())
        .isEqualTo("would cancel nothing: no session waits on a lock in database " + db.database + ": nothing to cancel");
  }

  @Test
  void rootsAreBlockersThatWaitOnNobodyMostWaitersFirst() {
    // 12 waits on 11 waits on 10; 21 waits on 20; 30 and 31 wait on each other (no root).
    Map<Integer, Set<Integer>> waitsFor = Map.of(
        11, Set.of(10), 12, Set.of(11), 21, Set.of(20), 30, Set.of(31), 31, Set.of(30), 40, Set.of(0));
    assertThat(PostgresCancelBlockerAction.roots(waitsFor))
        .containsExactly(Map.entry(10, 2), Map.entry(20, 1));
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new PostgresCancelBlockerAction("jdbc:postgresql://db/app", null, null, null,
        List.of(" "), null, null, null)).hasMessageContaining("roles must not hold blank names");
    var action = new PostgresCancelBlockerAction("jdbc:postgresql://db/app", null, "pw", null, null, null, null, null);
    assertThat(action.terminateAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(action.toString()).doesNotContain("pw,");
  }
}
