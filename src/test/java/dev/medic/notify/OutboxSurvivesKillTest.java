package dev.medic.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.store.Outbox;
import dev.medic.store.SqliteStore;
import dev.medic.support.MedicProcess;
import dev.medic.support.TestHttpServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page that could not be delivered before medic was SIGKILLed is delivered by the next start, once. */
class OutboxSurvivesKillTest {

  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  private List<String> events(TestHttpServer hook) {
    return hook.requests().stream().map(r -> {
      try {
        return json.readTree(r.body()).get("event").asText();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void aPageWhoseReceiverWasDownWhenMedicWasKilledArrivesExactlyOnceAfterTheRestartAndSoDoesTheAllClear()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // nothing listens here until the receiver comes up
    }
    AtomicBoolean healthy = new AtomicBoolean();
    try (TestHttpServer app = new TestHttpServer(() -> healthy.get() ? 200 : 500)) {
      Path config = dir.resolve("medic.yaml");
      Files.writeString(config, """
          agent:
            mode: escalate-only
            interval: 150ms
            timeout: 1s
            api: "off"
            store: sqlite:%s
          targets:
            - name: api
              checks: [{type: http, url: "%s"}]
          escalation:
            retry: {backoff: 200ms, backoff_max: 400ms, give_up_after: 10m}
            channels:
              - {type: webhook, name: ops, url: "http://127.0.0.1:%d/hook"}
          """.formatted(dir.resolve("medic.db"), app.url("/health"), port));

      Path firstLog = dir.resolve("first-run.log");
      Process first = MedicProcess.run(config, firstLog);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(firstLog)
            .contains("could not deliver escalation of incident #1 (attempt 2): ConnectException: connection refused"));
      } finally {
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing flushed
      }
      assertThat(Files.readString(firstLog)).contains("channel ops (http://127.0.0.1:" + port + "/hook)");

      String key;
      try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
        List<Outbox.Row> rows = store.outbox().pending();
        assertThat(rows).singleElement().satisfies(r -> {
          assertThat(r.channel()).isEqualTo("ops");
          assertThat(r.kind()).isEqualTo("escalation");
          assertThat(r.attempts()).isGreaterThanOrEqualTo(2);
        });
        key = rows.getFirst().idempotencyKey();
      }

      try (TestHttpServer hook = new TestHttpServer(port, () -> 200)) {
        Path secondLog = dir.resolve("second-run.log");
        Process second = MedicProcess.run(config, secondLog);
        try {
          await().atMost(Duration.ofSeconds(30)).until(() -> !hook.requests().isEmpty());
          // Exactly one page: the restart neither escalates again nor sends the row twice.
          await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> hook.requests().size() == 1);
          assertThat(events(hook)).containsExactly("escalation");
          assertThat(hook.requests().getFirst().header("Idempotency-Key")).isEqualTo(key);

          healthy.set(true);
          await().atMost(Duration.ofSeconds(30)).until(() -> hook.requests().size() == 2);
          assertThat(events(hook)).containsExactly("escalation", "resolved");
          await().during(Duration.ofSeconds(1)).until(() -> hook.requests().size() == 2);
        } finally {
          second.destroy();
          second.waitFor();
        }
      }
      try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
        assertThat(store.outbox().pending()).isEmpty();
        assertThat(store.audit().list(null, 1000)).filteredOn(a -> a.kind().equals("notified"))
            .extracting(a -> a.result() + " " + a.detail())
            .hasSize(2)
            .contains("ok channel ops: resolved")
            // attempts before the kill count too: the page went out on the first attempt after it
            .anyMatch(d -> d.matches("ok channel ops: escalation \\(attempt [3-9]\\)"));
      }
    }
  }
}
