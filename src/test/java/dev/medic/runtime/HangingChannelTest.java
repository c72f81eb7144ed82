package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel whose receiver accepts the connection and never answers must not hold up healing: the
 * page is still waiting for its answer when the incident it is about has been healed and resolved.
 */
class HangingChannelTest {

  @TempDir Path dir;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private ServerSocket silent;

  @AfterEach
  void close() throws IOException {
    for (Socket s : held) {
      s.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  /** Accepts every connection, reads nothing, answers nothing. */
  private int silentReceiver() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!silent.isClosed()) {
        try {
          held.add(silent.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
    return silent.getLocalPort();
  }

  @Test
  void aReceiverThatNeverAnswersDoesNotDelayTheHeal() throws Exception {
    Path flag = dir.resolve("flag");
    String yaml = """
        agent:
          interval: 200ms
          failures: 1
          successes: 1
          verify_timeout: 5s
        targets:
          - name: flag
            checks:
              - {type: command, command: ["test", "-f", "%1$s"]}
        strategies:
          - name: make_flag
            conditions: [command_failed]
            targets: [flag]
            action: {type: command, command: ["touch", "%1$s"]}
        escalation:
          retry: {backoff: 1s, give_up_after: 10m}
          channels:
            - {type: webhook, name: stuck, url: "http://127.0.0.1:%2$d/hook", timeout: 60s}
          policies:
            - name: page-first
              steps: [{on: opened, notify: [stuck]}]
        """.formatted(flag, silentReceiver());
    try (AgentHarness harness = AgentHarness.start(dir, yaml)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.incidents().stream()
          .anyMatch(i -> i.target().equals("flag") && !i.isOpen()));
      Incident healed = harness.incidents().getFirst();

      assertThat(Files.exists(flag)).isTrue();
      assertThat(healed.resolutionStatus()).isEqualTo(Incident.RESOLVED);
      assertThat(harness.audit()).anyMatch(a -> a.kind().equals("action") && "make_flag".equals(a.strategy())
          && a.result().equals("ok"));
      assertThat(held).as("the page went out and is still waiting for its answer").isNotEmpty();
      List<AuditEntry> notified = harness.audit().stream().filter(a -> a.kind().equals("notified")).toList();
      assertThat(notified).as("no answer yet, so nothing recorded about the page").isEmpty();
    }
  }
}
