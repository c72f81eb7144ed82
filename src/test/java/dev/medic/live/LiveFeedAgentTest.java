package dev.medic.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.live.LiveStreams.MonitorSocket;
import dev.medic.live.LiveStreams.Sse;
import dev.medic.live.LiveStreams.SseStream;
import dev.medic.runtime.Agent;
import dev.medic.support.AgentHarness;
import dev.medic.support.TcpPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live feed of a real medic: a TCP target's port closes and opens again, an incident comes and goes. */
class LiveFeedAgentTest {

  /** The check interval; "within one interval" allows this plus the run itself. */
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration ONE_INTERVAL = INTERVAL.plusMillis(700);

  @TempDir
  Path dir;

  @Test
  void aTargetWhosePortClosesIsPushedDownWithinOneIntervalAndItsIncidentAsAlerts() throws Exception {
    try (TcpPort db = new TcpPort(0);
        AgentHarness h = AgentHarness.start(dir, config(db.port()),
            new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status(h).equals("up"));
      try (SseStream page = new SseStream(h.agent.port(), Map.of());
          MonitorSocket monitor = new MonitorSocket(h.agent.port(), Map.of())) {
        assertThat(page.status).isEqualTo(200);
        JsonNode snapshot = monitor.await(Duration.ofSeconds(2), m -> m.path("type").asText().equals("metrics_update"));
        assertThat(snapshot.at("/data/targets/0/name").asText()).isEqualTo("db");
        assertThat(snapshot.at("/data/targets/0/status").asText()).isEqualTo("up");
        assertThat(snapshot.at("/data/open_incidents").asInt()).isZero();

        long closedAt = System.nanoTime();
        db.close();
        Sse down = page.await(ONE_INTERVAL, e -> e.name().equals("status_change")
            && e.data().path("new_status").asText().equals("down"));
        Duration took = Duration.ofNanos(System.nanoTime() - closedAt);
        assertThat(took).isLessThan(ONE_INTERVAL);
        assertThat(down.data().path("target").asText()).isEqualTo("db");
        assertThat(down.data().path("old_status").asText()).isEqualTo("up");
        assertThat(down.data().path("message").asText()).contains(String.valueOf(db.port()));
        assertThat(down.data().path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode socketDown = monitor.await(Duration.ofSeconds(1), m -> m.path("type").asText().equals("status_change"));
        assertThat(socketDown.path("service").asText()).isEqualTo("db");
        assertThat(socketDown.path("old_status").asText()).isEqualTo("up");
        assertThat(socketDown.path("new_status").asText()).isEqualTo("down");
        assertThat(socketDown.hasNonNull("timestamp")).isTrue();

        Sse opened = page.await(Duration.ofSeconds(3), e -> e.name().equals("alert")
            && e.data().at("/alert/event").asText().equals("opened"));
        assertThat(opened.data().at("/alert/service").asText()).isEqualTo("db");
        assertThat(opened.data().at("/alert/level").asText()).isEqualTo("warning");
        assertThat(opened.data().at("/alert/id").asLong()).isPositive();
        assertThat(opened.data().at("/alert/state").asText()).isNotBlank();
        JsonNode socketAlert = monitor.await(Duration.ofSeconds(1), m -> m.path("type").asText().equals("alert"));
        assertThat(socketAlert.at("/alert/service").asText()).isEqualTo("db");
        assertThat(socketAlert.at("/alert/message").asText()).isNotBlank();

        try (TcpPort again = new TcpPort(db.port())) {
          page.await(Duration.ofSeconds(3), e -> e.name().equals("status_change")
              && e.data().path("new_status").asText().equals("up"));
          Sse resolved = page.await(Duration.ofSeconds(5), e -> e.name().equals("alert")
              && e.data().at("/alert/event").asText().equals("resolved"));
          assertThat(resolved.data().at("/alert/level").asText()).isEqualTo("info");
          assertThat(resolved.data().at("/alert/state").asText()).isEqualTo("resolved");
        }
      }
    }
  }

  @Test
  void aFinishedRemedyAttemptIsPushedAsAHealEventWithItsNumber() throws Exception {
    try (TcpPort db = new TcpPort(0);
        AgentHarness h = AgentHarness.start(dir, config(db.port()).replace("agent:\n", "agent:\n  verify_timeout: 300ms\n") + """
            strategies:
              - name: poke
                conditions: [tcp_unreachable]
                action: { type: command, command: ["/bin/true"] }
                max_attempts: 2
            """, new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status(h).equals("up"));
      try (SseStream page = new SseStream(h.agent.port(), Map.of())) {
        db.close();
        Sse heal = page.await(Duration.ofSeconds(20), e -> e.name().equals("heal"));
        assertThat(heal.data().path("target").asText()).isEqualTo("db");
        assertThat(heal.data().path("strategy").asText()).isEqualTo("poke");
        assertThat(heal.data().path("result").asText()).isEqualTo("not_healed");
        assertThat(heal.data().path("attempt").asInt()).isEqualTo(1);
        assertThat(heal.data().path("of").asInt()).isEqualTo(2);
        assertThat(heal.data().path("detail").asText()).startsWith("poke attempt 1/2");
        page.await(Duration.ofSeconds(1), e -> e.name().equals("alert")
            && e.data().at("/alert/event").asText().equals("attempted"));
      }
    }
  }

  @Test
  void openStreamsEndWhenTheirTokenIsTakenAwayAndAPageOfAnotherOriginCannotOpenTheSocket() throws Exception {
    String token = "medic_test-wallboard-token-0123456789";
    String access = "\naccess:\n  anonymous: none\n";
    try (TcpPort db = new TcpPort(0);
        AgentHarness h = AgentHarness.start(dir, config(db.port()) + access
            + "  tokens:\n    - {name: wallboard, role: viewer, token: \"" + token + "\"}\n",
            new Agent.Overrides(null, false, null, "127.0.0.1:0"))) {
      Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
      Map<String, String> elsewhere = Map.of("Authorization", "Bearer " + token, "Origin", "http://localhost:1");
      assertThatThrownBy(() -> new MonitorSocket(h.agent.port(), elsewhere))
          .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
          .cause().satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse()
              .statusCode()).isEqualTo(403));
      try (SseStream page = new SseStream(h.agent.port(), bearer);
          MonitorSocket monitor = new MonitorSocket(h.agent.port(), bearer)) {
        assertThat(page.status).isEqualTo(200);
        monitor.await(Duration.ofSeconds(2), m -> m.path("type").asText().equals("metrics_update"));

        java.nio.file.Files.writeString(h.configFile, config(db.port()) + access);
        assertThat(h.agent.reload()).isEmpty();

        // Within one round of the feed's checks (5 s): the stream and the socket end.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> page.ended && monitor.closed);
      }
    }
  }

  private static String status(AgentHarness h) {
    return h.agent.targets().getFirst().status();
  }

  private static String config(int port) {
    return """
        agent:
          interval: %ds
          failures: 1
          successes: 1
        targets:
          - name: db
            checks: [{type: tcp, port: %d}]
        """.formatted(INTERVAL.toSeconds(), port);
  }
}
