package dev.medic.postgres;

import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.support.WithPostgresScratch;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresTerminateAppActionTest extends WithPostgresScratch {

  @Test
  void resetsOneApplicationsConnectionsAndNoOneElses() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    List<Connection> web = List.of(db.connect(app, "spartan-web"), db.idleInTransaction(app, "spartan-web"));
    Connection preloader = db.connect(app, "spartan-preloader");

    var action = new PostgresTerminateAppAction(db.url, "postgres", null, "spartan-web", null, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).startsWith("terminated 2 sessions of application 'spartan-web' in database " + db.database)
        .contains("pid " + db.pid(web.get(0)) + " (user=" + app + ", app=spartan-web) [idle]")
        .contains("pid " + db.pid(web.get(1)) + " (user=" + app + ", app=spartan-web) [idle in transaction]")
        .doesNotContain("spartan-preloader");
    for (Connection c : web) {
      assertThat(db.alive(db.pid(c))).isFalse();
    }
    try (Statement st = preloader.createStatement()) {
      assertThat(st.execute("SELECT 1")).isTrue();
    }
  }

  @Test
  void askedForMedicsOwnApplicationItLeavesItsOwnSessionAndSaysItHadNoEffect() throws Exception {
    var action = new PostgresTerminateAppAction(db.url, "postgres", null, "medic", 5, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).matches("terminated 0 sessions of application 'medic' in database " + db.database
        + "; left alone: pid \\d+ \\(user=postgres, app=medic\\) active \\d+s: medic's own session");
  }

  @Test
  void anApplicationWithNoSessionIsNoEffect() throws Exception {
    db.connect("postgres", "spartan-preloader");
    var action = new PostgresTerminateAppAction(db.url, "postgres", null, "spartan-web", null, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("terminated 0 sessions of application 'spartan-web' in database "
        + db.database + ": no session of it is connected");
  }

  @Test
  void planNamesTheSessionsItWouldTerminateUpToMaxSessionsAndTerminatesNone() throws Exception {
    String app = db.role("app", "NOSUPERUSER");
    List<Connection> web = List.of(db.connect(app, "spartan-web"), db.idleInTransaction(app, "spartan-web"),
        db.connect(app, "spartan-web"));

    var action = new PostgresTerminateAppAction(db.url, "postgres", null, "spartan-web", 2, null);
    ActionOutcome plan = action.plan(PostgresTerminateIdleActionTest.context());

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).matches("would terminate 2 sessions of application 'spartan-web' in database " + db.database
        + ": pid " + db.pid(web.get(0)) + " \\(user=" + app + ", app=spartan-web\\) \\[idle\\], pid " + db.pid(web.get(1))
        + " \\(user=" + app + ", app=spartan-web\\) \\[idle in transaction\\]; would leave pid " + db.pid(web.get(2))
        + " \\(user=" + app + ", app=spartan-web\\) idle \\d+s: left for the next run \\(max_sessions 2\\)");
    for (Connection c : web) {
      assertThat(db.alive(db.pid(c))).isTrue();
    }
  }

  @Test
  void applicationNameIsRequired() {
    assertThatThrownBy(() -> new PostgresTerminateAppAction("jdbc:postgresql://db/app", null, null, " ", null, null))
        .hasMessageContaining("application_name is required");
  }
}
