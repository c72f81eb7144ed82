package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.incident.Incident;
import dev.medic.store.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo heals a crash and escalates what it cannot fix. */
class DemoSmokeTest {

  @TempDir Path dir;

  @Test
  void demoRestartsTheCrashedServiceEscalatesTheUnreachableOneAndPrintsASummary() throws Exception {
    Path db = dir.resolve("demo.db");
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      // Free ports: the suite must not take the fixed ports from a demo someone runs beside it.
      code = Main.execute("demo", "--duration", "30s", "--api", "off", "--service-ports", "free", "--store", "sqlite:" + db);
    } finally {
      System.setOut(out);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text).contains("summary after", "TARGET", "checkout", "ledger", "services on ports ");

    try (SqliteStore store = SqliteStore.open(db)) {
      List<Incident> incidents = store.incidents().list(null, 100);
      assertThat(incidents).anySatisfy(i -> {
        assertThat(i.target()).isEqualTo("checkout");
        assertThat(i.condition()).isEqualTo("process_exited");
        assertThat(i.resolutionStatus()).isEqualTo("resolved");
        assertThat(i.strategiesTried()).containsExactly("restart_process");
      });
      assertThat(incidents).anySatisfy(i -> {
        assertThat(i.target()).isEqualTo("ledger");
        assertThat(i.escalated()).isTrue();
      });
    }
  }
}
