package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCloseTest {

  @TempDir Path dir;

  @Test
  void aNotificationOnItsWayWhenMedicStopsIsDeliveredAndRecordedBeforeTheStoreCloses() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    HttpServer slowReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    slowReceiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    slowReceiver.createContext("/hook", ex -> {
      ex.getRequestBody().readAllBytes();
      received.countDown();
      try {
        // A receiver that takes its time: the answer comes while medic is already stopping.
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    slowReceiver.start();
    try (TestHttpServer app = new TestHttpServer(() -> 500)) {
      AgentHarness h = AgentHarness.start(dir, """
          agent:
            mode: escalate-only
            interval: 100ms
          targets:
            - name: web
              checks: [{type: http, url: "%s"}]
          escalation:
            channels:
              - {type: webhook, name: ops, url: "http://127.0.0.1:%d/hook"}
          """.formatted(app.url("/health"), slowReceiver.getAddress().getPort()));
      try {
        assertThat(received.await(20, TimeUnit.SECONDS)).as("the webhook was called").isTrue();
      } finally {
        h.close();
      }
    } finally {
      slowReceiver.stop(0);
    }

    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      List<AuditEntry> notified = store.audit().list(null, 100).stream()
          .filter(a -> a.kind().equals("notified")).toList();
      assertThat(notified).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("ok");
        assertThat(a.detail()).isEqualTo("channel ops: escalation");
      });
    }
  }
}
