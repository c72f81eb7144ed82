package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.analyze.BundleBuilder;
import dev.medic.analyze.BundleJson;
import dev.medic.analyze.RuleAnalyst;
import dev.medic.analyze.Scorecard;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Verdict;
import dev.medic.support.AgentHarness;
import dev.medic.support.RealServices;
import dev.medic.support.TestHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain on the real PostgreSQL: web calls api, api runs {@code SELECT 1} on the database
 * through a TCP proxy. The proxy stops, so PostgreSQL is unreachable for this chain only; the
 * database's, api's and web's incidents open, and the rule analyst, given web's bundle, names the
 * database.
 */
class PostgresChainAnalysisTest {

  @TempDir Path dir;

  @BeforeEach
  void needsPostgres() {
    RealServices.requirePostgres();
  }

  /** Forwards connections to 127.0.0.1:5432 until stopped. */
  private static final class PostgresProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    PostgresProxy() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), 5432);
          sockets.add(client);
          sockets.add(upstream);
          Thread.ofVirtual().start(() -> pipe(client, upstream));
          Thread.ofVirtual().start(() -> pipe(upstream, client));
        } catch (IOException closed) {
          // stopped, or PostgreSQL refused: the client sees its connection end
        }
      }
    }

    private void pipe(Socket from, Socket to) {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ended) {
        // one side went away
      } finally {
        quietly(from);
        quietly(to);
      }
    }

    private void quietly(Socket s) {
      sockets.remove(s);
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    /**
     * Refuses new connections; those under way finish (every user here connects per query), so the
     * database is unreachable from now on rather than cut mid-query.
     */
    void stop() throws IOException {
      server.close();
    }

    @Override
    public void close() throws IOException {
      server.close();
      sockets.forEach(this::quietly);
    }
  }

  private static boolean selectOne(String url) {
    try (Connection c = DriverManager.getConnection(url, RealServices.POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean answers(HttpClient client, String url) {
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<Incident> open(IncidentBook book, String target) {
    return book.openIncidents(target).stream().findFirst();
  }

  @Test
  void namesTheDatabaseAsRootCauseOfWebsIncidentWhenPostgresIsUnreachable() throws Exception {
    try (PostgresProxy proxy = new PostgresProxy();
        HttpClient client = HttpClient.newHttpClient()) {
      String jdbc = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?connectTimeout=1&socketTimeout=2";
      try (TestHttpServer api = new TestHttpServer(() -> selectOne(jdbc) ? 200 : 500);
          TestHttpServer web = new TestHttpServer(() -> answers(client, api.url("/health")) ? 200 : 502)) {
        assertThat(selectOne(jdbc)).as("SELECT 1 through the proxy").isTrue();
        String yaml = """
            agent:
              interval: 300ms
              timeout: 3s
              failures: 2
              backoff: 10ms
              api: "off"
            targets:
              - name: db
                checks: [{ type: postgres, url: "%s", user: %s }]
                detect: { failures: 1 }
              - name: api
                checks: [{ type: http, url: "%s" }]
                depends_on: [db]
              - name: web
                checks: [{ type: http, url: "%s" }]
                depends_on: [api]
            strategies:
              - name: restart_app
                targets: [api, web]
                conditions: [http_error]
                action: { type: command, command: ["/bin/true"] }
                cooldown: 0s
            """.formatted(jdbc, RealServices.POSTGRES_USER, api.url("/health"), web.url("/"));
        try (AgentHarness h = AgentHarness.start(dir, yaml)) {
          IncidentBook book = h.agent.incidents();
          await().atMost(Duration.ofSeconds(10)).until(() -> answers(client, web.url("/")));

          proxy.stop();

          await().atMost(Duration.ofSeconds(30)).until(() ->
              open(book, "db").isPresent() && open(book, "api").isPresent() && open(book, "web").isPresent());
          Incident database = open(book, "db").orElseThrow();
          Incident webIncident = open(book, "web").orElseThrow();
          IncidentBundle bundle = new BundleBuilder(h.agent.store(), h.agent::config, t -> null, Clock.systemUTC())
              .bundle(webIncident.id()).orElseThrow();

          Analysis analysis = new RuleAnalyst(Clock.systemUTC()).analyze(bundle);

          assertThat(database.condition()).isEqualTo("db_connection_error");
          assertThat(analysis.analyst()).isEqualTo("rules");
          assertThat(analysis.incidentId()).isEqualTo(webIncident.id());
          assertThat(analysis.rootTarget()).isEqualTo("db");
          assertThat(analysis.rootCondition()).isEqualTo("db_connection_error");
          assertThat(analysis.rootIncidentId()).isEqualTo(database.id());
          assertThat(analysis.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
          assertThat(analysis.confidence()).isGreaterThanOrEqualTo(0.85);
          assertThat(analysis.evidence()).contains("web depends on api, which depends on db",
              "db has no failing dependency of its own");
          assertThat(analysis.summary()).startsWith("db db_connection_error is the root; web's http_error");
          // web's own remedy would treat a symptom: nothing to suggest for it.
          assertThat(analysis.suggestedActions()).isEmpty();
          // The bundle as medic serves it is a fixture's bundle: read back, it is analysed the same.
          String served = new BundleJson().json(bundle);
          IncidentBundle readBack = Scorecard.fixtureMapper().readValue(served, IncidentBundle.class);
          assertThat(new RuleAnalyst(Clock.systemUTC()).analyze(readBack))
              .extracting(Analysis::rootTarget, Analysis::rootCondition, Analysis::evidence)
              .containsExactly("db", "db_connection_error", analysis.evidence());
        }
      }
    }
  }
}
