package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.store.SqliteStore;
import dev.medic.support.MedicProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the demo heals a crash and escalates what it cannot fix. It runs as
 * its own JVM with a duration it never reaches: the test stops it (SIGTERM, as Ctrl-C would) as soon
 * as both outcomes are in the store, and reads the summary it prints on the way out.
 */
class DemoSmokeTest {

  @TempDir Path dir;

  @Test
  void demoRestartsTheCrashedServiceEscalatesTheUnreachableOneAndPrintsASummaryWhenStopped() throws Exception {
    Path db = dir.resolve("demo.db");
    Path log = dir.resolve("demo.log");
    // Free ports: the suite must not take the fixed ports from a demo someone runs beside it.
    Process demo = MedicProcess.command(log, Map.of(), "demo", "--duration", "10m", "--api", "off",
        "--service-ports", "free", "--store", "sqlite:" + db).start();
    boolean stopped = false;
    try {
      // The banner follows the store's opening: from then on the store can be read beside the demo.
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("services on ports "));
      try (SqliteStore store = SqliteStore.open(db)) {
        // checkout crashes 12 s after its start, ledger is never reachable: both settle within ~20 s.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertOutcomes(store.incidents().list(null, 100)));
      }
    } finally {
      demo.destroy();
      stopped = demo.waitFor(30, TimeUnit.SECONDS);
      if (!stopped) {
        demo.destroyForcibly().waitFor();
      }
    }
    assertThat(stopped).as("the demo stopped within 30 s of SIGTERM").isTrue();

    String text = Files.readString(log);
    assertThat(text).contains("services on ports ", "summary after", "TARGET", "checkout", "ledger");
    assertThat(text).containsPattern("(?m)^checkout +[1-9]\\d* +[1-9]\\d* ");
    assertThat(text).containsPattern("(?m)^ledger +[1-9]\\d* +\\d+ +[1-9]\\d* ");
    try (SqliteStore store = SqliteStore.open(db)) {
      assertOutcomes(store.incidents().list(null, 100));
    }
  }

  private static void assertOutcomes(List<Incident> incidents) {
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
