package dev.medic.heal;

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
  void neverTerminatesItsOwnSessionEvenWhenAskedForMedicsApplication() throws Exception {
    var action = new PostgresTerminateAppAction(db.url, "postgres", null, "medic", 5, null);
    ActionOutcome outcome = action.run(PostgresTerminateIdleActionTest.context());
    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail()).startsWith("terminated 0 sessions of application 'medic'");
  }

  @Test
  void applicationNameIsRequired() {
    assertThatThrownBy(() -> new PostgresTerminateAppAction("jdbc:postgresql://db/app", null, null, " ", null, null))
        .hasMessageContaining("application_name is required");
  }
}
