package dev.medic.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.RetryPolicy;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.spi.Status;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import dev.medic.support.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sending a report: the webhook's JSON, retries on a settable clock, the audit, channels side by side. */
class ReportSenderTest {

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T03:15:00Z"));
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private SqliteStore store;
  private ReportSender sender;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    sender = new ReportSender(store, new ChannelContext(Bindings.none()), clock, d -> {
      pauses.add(d);
      clock.advance(d);
    }, text -> text.replace("s3cret", "***"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private final Report report = new Report("staging", Instant.parse("2026-03-01T03:15:00Z"), 4, Map.of("env", "staging"),
      Report.Verdict.ALL_GOOD, List.of(), List.of(new Report.TargetLine("web", Status.UP, 100.0, null, null, false)),
      new Report.Counts(0, 0, 0, 0, 0, 0), null, null, Map.of(), List.of(), null);

  private static ReportChannel webhook(String name, String url) throws Exception {
    return (ReportChannel) new dev.medic.config.ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        targets: [{name: web, checks: [{type: tcp, host: 127.0.0.1, port: 1}]}]
        escalation:
          channels: [{type: webhook, name: %s, url: "%s"}]
        """.formatted(name, url)).escalation().channels().getFirst();
  }

  private List<AuditEntry> reportAudit() {
    return store.audit().list(null, 100).stream().filter(a -> a.kind().equals("report")).toList();
  }

  @Test
  void theWebhookGetsTheReportAsJsonWithItsEventAndIdempotencyKey() throws Exception {
    try (TestHttpServer receiver = new TestHttpServer(() -> 200)) {
      List<ChannelOutcome> outcomes = sender.send(report, List.of(webhook("hook", receiver.url("/in"))), null);

      assertThat(outcomes).containsExactly(new ChannelOutcome("hook", true, 1, "delivered"));
      TestHttpServer.Request r = receiver.requests().getFirst();
      assertThat(r.path()).isEqualTo("/in");
      assertThat(r.header("Idempotency-Key")).isEqualTo("report-staging-" + report.at().getEpochSecond());
      assertThat(json.readTree(r.body())).isEqualTo(json.readTree("""
          {"event": "report", "idempotency_key": "report-staging-%d",
           "report": {"name": "staging", "at": "2026-03-01T03:15:00Z", "hours": 4, "labels": {"env": "staging"},
             "verdict": "ALL_GOOD", "reasons": [],
             "targets": [{"name": "web", "status": "UP", "uptime_percent": 100.0, "open_incident": null,
                          "open_condition": null, "escalated": false}],
             "incidents": {"opened": 0, "resolved": 0, "healed": 0, "escalated": 0, "heal_attempts": 0, "heal_failures": 0},
             "heal_success_rate": null, "mttr_seconds": null, "log_patterns": {}, "silences": [], "next": null}}
          """.formatted(report.at().getEpochSecond())));
      assertThat(reportAudit()).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("delivered");
        assertThat(a.detail()).isEqualTo("report staging (ALL_GOOD, 4h) to hook (" + receiver.url("/in") + "): delivered");
      });
    }
  }

  @Test
  void retriesARefusingChannelAsTheRetryPolicySaysUntilItAccepts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (TestHttpServer receiver = new TestHttpServer(() -> calls.incrementAndGet() <= 2 ? 503 : 200)) {
      RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1));

      List<ChannelOutcome> outcomes = sender.send(report, List.of(webhook("hook", receiver.url("/"))), retry);

      assertThat(outcomes).containsExactly(new ChannelOutcome("hook", true, 3, "delivered"));
      assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
      assertThat(receiver.requests()).hasSize(3);
      assertThat(reportAudit()).singleElement().extracting(AuditEntry::detail).asString().endsWith("delivered after 3 attempts");
    }
  }

  @Test
  void givesUpAfterTheRetryPolicyAndAuditsTheFailureWithItsReasonAndNoSecret() throws Exception {
    try (TestHttpServer receiver = new TestHttpServer(() -> 500)) {
      RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(35));

      List<ChannelOutcome> outcomes = sender.send(report,
          List.of(webhook("hook", receiver.url("/hook?token=s3cret"))), retry);

      assertThat(outcomes).containsExactly(new ChannelOutcome("hook", false, 4, "HTTP 500: {\"status\":\"error\"}"));
      assertThat(pauses).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
      AuditEntry audited = reportAudit().getFirst();
      assertThat(audited.result()).isEqualTo("failed");
      assertThat(audited.detail()).contains("HTTP 500").endsWith("after 4 attempts").doesNotContain("s3cret");
    }
  }

  @Test
  void aChannelThatHangsDoesNotDelayAnother() throws Exception {
    CountDownLatch otherReached = new CountDownLatch(1);
    ReportChannel hanging = new ReportChannel() {
      @Override
      public String name() {
        return "hanging";
      }

      @Override
      public String destination() {
        return "nowhere";
      }

      @Override
      public void deliver(ChannelContext context, dev.medic.spi.Notice notice) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void deliverReport(ChannelContext context, Report r) throws DeliveryFailure, InterruptedException {
        // Sent one after the other, the webhook's turn would come only after this gave up.
        if (!otherReached.await(10, TimeUnit.SECONDS)) {
          throw new DeliveryFailure("the other channel was not tried meanwhile");
        }
      }
    };
    try (TestHttpServer receiver = new TestHttpServer(() -> {
      otherReached.countDown();
      return 200;
    })) {
      List<ChannelOutcome> outcomes = sender.send(report, List.of(hanging, webhook("hook", receiver.url("/"))), null);

      assertThat(outcomes).extracting(ChannelOutcome::channel, ChannelOutcome::delivered).containsExactly(
          org.assertj.core.groups.Tuple.tuple("hanging", true), org.assertj.core.groups.Tuple.tuple("hook", true));
    }
  }
}
