package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real chain: web calls api, api needs the database. The database goes away: medic opens one
 * root incident on it, links the incidents of api and web to it as symptoms, heals neither and pages
 * only the database; when the database is back, everything resolves and the all-clear names the
 * targets the outage took down.
 */
class RootCauseChainTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A TCP service that accepts connections while it is up, on the same port each time. */
  private static final class Database implements AutoCloseable {
    private final int port;
    private volatile ServerSocket socket;

    Database() throws IOException {
      try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      start();
    }

    void start() throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      socket = s;
      Thread.ofVirtual().start(() -> {
        while (!s.isClosed()) {
          try (Socket accepted = s.accept()) {
            accepted.getInputStream().available();
          } catch (IOException closed) {
            // stopped
          }
        }
      });
    }

    void stop() throws IOException {
      socket.close();
    }

    boolean reachable() {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      stop();
    }
  }

  private static boolean answers(HttpClient client, String url) {
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(500)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Each message the pager got, as its event and the target of its incident. */
  private static List<String> pages(TestHttpServer pager) throws IOException {
    List<String> pages = new ArrayList<>();
    for (TestHttpServer.Request r : pager.requests()) {
      JsonNode body = JSON.readTree(r.body());
      pages.add(body.get("event").asText() + " " + body.get("incident").get("target").asText());
    }
    return pages;
  }

  private static Optional<Incident> open(IncidentBook book, String target) {
    return book.openIncidents(target).stream().findFirst();
  }

  private static boolean symptomOf(IncidentBook book, String target, Incident root) {
    return open(book, target).flatMap(i -> book.rootOf(i.id())).map(r -> r.id() == root.id()).orElse(false);
  }

  @Test
  void aDatabaseOutageIsOneIncidentWithApiAndWebAsItsSymptomsAndAllResolvesWhenItIsBack() throws Exception {
    try (Database database = new Database();
        HttpClient client = HttpClient.newHttpClient();
        TestHttpServer api = new TestHttpServer(() -> database.reachable() ? 200 : 500);
        TestHttpServer web = new TestHttpServer(() -> answers(client, api.url("/health")) ? 200 : 502);
        TestHttpServer pager = new TestHttpServer(() -> 200)) {
      // The database is told down at its first failed run; api and web take four: the root opens
      // first, as it would in a real outage, and nothing acts on api or web before it does.
      String yaml = """
          agent:
            interval: 300ms
            timeout: 1s
            failures: 4
            backoff: 10ms
            api: "off"
          targets:
            - name: database
              checks: [{ type: tcp, port: %d }]
              detect: { failures: 1 }
            - name: api
              checks: [{ type: http, url: "%s" }]
              depends_on: [database]
            - name: web
              checks: [{ type: http, url: "%s" }]
              depends_on: [api]
          strategies:
            - name: restart_app
              targets: [api, web]
              conditions: [http_error]
              action: { type: command, command: ["/bin/true"] }
              cooldown: 0s
          escalation:
            channels:
              - type: webhook
                name: oncall
                url: "%s"
          """.formatted(database.port, api.url("/health"), web.url("/"), pager.url("/hook"));
      try (AgentHarness h = AgentHarness.start(dir, yaml)) {
        IncidentBook book = h.agent.incidents();
        Instant start = Instant.now();

        database.stop();

        await().atMost(Duration.ofSeconds(20)).until(() -> open(book, "database").isPresent());
        Incident root = open(book, "database").orElseThrow();
        await().atMost(Duration.ofSeconds(20))
            .until(() -> symptomOf(book, "api", root) && symptomOf(book, "web", root));
        Incident apiIncident = open(book, "api").orElseThrow();
        Incident webIncident = open(book, "web").orElseThrow();
        // The healer heard of both and left them to the root.
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(apiIncident, webIncident).stream()
            .allMatch(i -> h.agent.store().incidents().timeline(i.id()).stream()
                .anyMatch(e -> e.event().equals("healing_skipped"))));

        assertThat(root.condition()).isEqualTo("tcp_unreachable");
        assertThat(book.rootOf(root.id())).isEmpty();
        assertThat(book.symptomsOf(root.id())).extracting(Incident::target).containsExactlyInAnyOrder("api", "web");
        assertThat(h.agent.store().ledger().actionsSince("api", start)).isZero();
        assertThat(h.agent.store().ledger().actionsSince("web", start)).isZero();
        assertThat(h.incidents()).extracting(Incident::target).containsExactlyInAnyOrder("database", "api", "web");
        // Nothing handles tcp_unreachable: the root is escalated, and it is the only page.
        await().atMost(Duration.ofSeconds(10)).until(() -> !pages(pager).isEmpty());
        assertThat(pages(pager)).containsExactly("escalation database");

        database.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> book.openIncidents().isEmpty());
        Incident resolved = h.agent.store().incidents().get(root.id()).orElseThrow();
        assertThat(resolved.resolutionStatus()).isEqualTo(Incident.RESOLVED);
        assertThat(book.affectedTargets(root.id())).containsExactlyInAnyOrder("api", "web");
        assertThat(h.incidents()).filteredOn(i -> i.target().equals("database")).hasSize(1);
        assertThat(h.agent.store().links().active()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> pages(pager).contains("resolved database"));
        JsonNode allClear = JSON.readTree(pager.requests().stream()
            .filter(r -> r.body().contains("\"resolved\"")).findFirst().orElseThrow().body());
        assertThat(allClear.get("affected")).extracting(JsonNode::asText).containsExactlyInAnyOrder("api", "web");
        assertThat(pages(pager)).filteredOn(p -> p.startsWith("escalation")).containsExactly("escalation database");
      }
    }
  }
}
