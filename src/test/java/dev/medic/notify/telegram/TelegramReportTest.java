package dev.medic.notify.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Report;
import dev.medic.spi.Status;
import dev.medic.support.TestHttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A report through the telegram channel, its whole request as the Bot API receives it. */
class TelegramReportTest {

  private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private final ObjectMapper json = new ObjectMapper();

  private static TelegramChannel channel(String apiUrl, Boolean quiet) {
    return new TelegramChannel("chat", TOKEN, "-1001234567890", URI.create(apiUrl), Duration.ofSeconds(2), null, quiet);
  }

  private static Report report(Report.Verdict verdict, List<String> reasons, List<Report.TargetLine> targets,
      List<String> silences) {
    return new Report("stage_env", Instant.parse("2026-03-01T03:15:00Z"), 4, Map.of("env", "staging"), verdict,
        reasons, targets, new Report.Counts(2, 1, 1, 1, 2, 1), 0.5, 200L, Map.of("log_error", 2), silences,
        Instant.parse("2026-03-01T10:30:00Z"));
  }

  private TestHttpServer.Request send(Report report, Boolean quiet) throws Exception {
    try (TestHttpServer api = new TestHttpServer(() -> 200)) {
      channel(api.url(""), quiet).deliverReport(new ChannelContext(Bindings.none()), report);
      return api.requests().getFirst();
    }
  }

  @Test
  void sendsTheReportLayoutInMarkdownV2WithEveryReservedCharacterOfNamesAndReasonsEscaped() throws Exception {
    Report r = report(Report.Verdict.ERRORS_INVESTIGATE,
        List.of("db_main.v2-x is down now", "incident #7 (db_main.v2-x http_error) is open and escalated"),
        List.of(new Report.TargetLine("db_main.v2-x", Status.DOWN, 97.5, 7L, "http_error", true),
            new Report.TargetLine("web", Status.UP, 100.0, null, null, false)),
        List.of("*big* [deploy] ~ops> #1 +x =y |z {w}!"));

    TestHttpServer.Request sent = send(r, null);

    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent.header("Idempotency-Key")).isEqualTo("report-stage_env-" + r.at().getEpochSecond());
    String text = String.join("\n",
        "🔴 *STAGE\\_ENV REPORT \\- ERRORS, INVESTIGATE*",
        "",
        "📅 Report time: 2026\\-03\\-01 03:15 UTC",
        "⏱️ Period analyzed: 4 hours",
        "🎯 Targets: env\\=staging",
        "📋 Verdict: ERRORS\\_INVESTIGATE",
        "",
        "❗ db\\_main\\.v2\\-x is down now",
        "❗ incident \\#7 \\(db\\_main\\.v2\\-x http\\_error\\) is open and escalated",
        "",
        "❌ db\\_main\\.v2\\-x: down, 97\\.50% uptime, incident \\#7 open \\(http\\_error, escalated\\)",
        "✅ web: up, 100\\.00% uptime",
        "",
        "📈 Incidents: 2 opened, 1 healed, 1 resolved, 1 escalated",
        "🩺 Healing: 1/2 attempts healed \\(50\\.00%\\)",
        "⏲️ MTTR: 3m 20s",
        "🔎 Log patterns: log\\_error x2",
        "🔕 Silences: \\*big\\* \\[deploy\\] \\~ops\\> \\#1 \\+x \\=y \\|z \\{w\\}\\!",
        "",
        "🔄 Next report: 10:30 UTC",
        "",
        "_Automated report by medic_");
    assertThat(json.readTree(sent.body())).isEqualTo(json.createObjectNode()
        .put("chat_id", "-1001234567890")
        .put("text", text)
        .put("parse_mode", "MarkdownV2")
        .put("disable_web_page_preview", true));
  }

  @Test
  void aGoodReportArrivesWithoutASoundWhenWarningsDoAndABadOneRings() throws Exception {
    Report good = report(Report.Verdict.ALL_GOOD, List.of(),
        List.of(new Report.TargetLine("web", Status.UP, 100.0, null, null, false)), List.of());
    Report bad = report(Report.Verdict.SUSPICIOUS_INVESTIGATE, List.of("1 healing attempt failed in the last 4h"),
        List.of(new Report.TargetLine("web", Status.UP, 100.0, null, null, false)), List.of());

    assertThat(json.readTree(send(good, true).body()).path("disable_notification").asBoolean()).isTrue();
    assertThat(json.readTree(send(bad, true).body()).has("disable_notification")).isFalse();
    assertThat(json.readTree(send(good, true).body()).path("text").asText())
        .startsWith("🟢 *STAGE\\_ENV REPORT \\- ALL SYSTEMS HEALTHY*\n");
  }

  @Test
  void aReportTooLongForOneMessageIsCutBetweenLinesAndSaysSo() {
    List<Report.TargetLine> many = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> new Report.TargetLine("target-" + i, Status.UP, 100.0, null, null, false)).toList();

    String text = TelegramReport.markdown(report(Report.Verdict.ALL_GOOD, List.of(), many, List.of()));

    assertThat(text.length()).isLessThanOrEqualTo(TelegramReport.MESSAGE_MAX);
    assertThat(text).endsWith("\n... \\(cut: too long for one message\\)".replace("...", "\\.\\.\\."));
  }
}
