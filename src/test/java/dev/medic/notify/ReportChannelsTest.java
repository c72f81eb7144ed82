package dev.medic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.ConfigLoader;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.spi.Status;
import dev.medic.support.TestHttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A report through Slack, Discord, Teams and ntfy, each request as its receiver gets it. */
class ReportChannelsTest {

  private final ObjectMapper json = new ObjectMapper();

  private static final Report REPORT = new Report("staging", Instant.parse("2026-03-01T03:15:00Z"), 4,
      Map.of("env", "staging"), Report.Verdict.SUSPICIOUS_INVESTIGATE, List.of("<!channel> @everyone 1 healing attempt failed in the last 4h"),
      List.of(new Report.TargetLine("web_1", Status.UP, 99.5, null, null, false)), new Report.Counts(1, 1, 1, 0, 2, 1),
      0.5, 65L, Map.of(), List.of(), null);

  private static ReportChannel channel(String yaml) throws Exception {
    return (ReportChannel) new ConfigLoader(Plugins.registry()).parse("medic.yaml", """
        targets: [{name: web, checks: [{type: tcp, host: 127.0.0.1, port: 1}]}]
        escalation:
          channels: [%s]
        """.formatted(yaml)).escalation().channels().getFirst();
  }

  private TestHttpServer.Request send(String yaml) throws Exception {
    try (TestHttpServer receiver = new TestHttpServer(() -> 200)) {
      channel(yaml.replace("URL", receiver.url("/hook"))).deliverReport(new ChannelContext(Bindings.none()), REPORT);
      TestHttpServer.Request r = receiver.requests().getFirst();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("Idempotency-Key")).isEqualTo("report-staging-" + REPORT.at().getEpochSecond());
      return r;
    }
  }

  private void assertJson(TestHttpServer.Request r, String expected) throws Exception {
    assertThat(json.readTree(r.body())).isEqualTo(json.readTree(expected));
  }

  @Test
  void slackGetsBlockKitWithAHeaderASectionPerBlockAndMentionsEscaped() throws Exception {
    TestHttpServer.Request r = send("{type: slack, url: \"URL\"}");

    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertJson(r, """
        {
          "text": "🟡 STAGING REPORT - SUSPICIOUS, INVESTIGATE",
          "blocks": [
            {
              "type": "header",
              "text": {
                "type": "plain_text",
                "text": "🟡 STAGING REPORT - SUSPICIOUS, INVESTIGATE"
              }
            },
            {
              "type": "section",
              "text": {
                "type": "mrkdwn",
                "text": "📅 Report time: 2026-03-01 03:15 UTC\\n⏱️ Period analyzed: 4 hours\\n🎯 Targets: env=staging\\n📋 Verdict: SUSPICIOUS_INVESTIGATE"
              }
            },
            {
              "type": "section",
              "text": {
                "type": "mrkdwn",
                "text": "⚠️ &lt;!channel&gt; @everyone 1 healing attempt failed in the last 4h"
              }
            },
            {
              "type": "section",
              "text": {
                "type": "mrkdwn",
                "text": "✅ web_1: up, 99.50% uptime"
              }
            },
            {
              "type": "section",
              "text": {
                "type": "mrkdwn",
                "text": "📈 Incidents: 1 opened, 1 healed, 1 resolved, 0 escalated\\n🩺 Healing: 1/2 attempts healed (50.00%)\\n⏲️ MTTR: 1m 5s"
              }
            },
            {
              "type": "context",
              "elements": [
                {
                  "type": "mrkdwn",
                  "text": "Automated report by medic"
                }
              ]
            }
          ]
        }
        """);
  }

  @Test
  void discordGetsOneEmbedInTheVerdictsColourWithMarkdownEscapedAndNoMentionsParsed() throws Exception {
    TestHttpServer.Request r = send("{type: discord, url: \"URL\", username: medic}");

    assertJson(r, """
        {
          "username": "medic",
          "embeds": [
            {
              "title": "🟡 STAGING REPORT - SUSPICIOUS, INVESTIGATE",
              "description": "📅 Report time: 2026\\\\-03\\\\-01 03:15 UTC\\n⏱️ Period analyzed: 4 hours\\n🎯 Targets: env=staging\\n📋 Verdict: SUSPICIOUS\\\\_INVESTIGATE\\n\\n⚠️ \\\\<\\\\!channel\\\\> @everyone 1 healing attempt failed in the last 4h\\n\\n✅ web\\\\_1: up, 99\\\\.50% uptime\\n\\n📈 Incidents: 1 opened, 1 healed, 1 resolved, 0 escalated\\n🩺 Healing: 1/2 attempts healed \\\\(50\\\\.00%\\\\)\\n⏲️ MTTR: 1m 5s\\n\\n_Automated report by medic_",
              "color": 15105570,
              "timestamp": "2026-03-01T03:15:00Z"
            }
          ],
          "allowed_mentions": {
            "parse": []
          }
        }
        """);
  }

  @Test
  void teamsGetsAnAdaptiveCardWithTheTitleInTheVerdictsColourAndALinePerTextBlock() throws Exception {
    TestHttpServer.Request r = send("{type: teams, url: \"URL\"}");

    assertJson(r, """
        {
          "type": "message",
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.card.adaptive",
              "contentUrl": null,
              "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [
                  {
                    "type": "TextBlock",
                    "text": "🟡 STAGING REPORT - SUSPICIOUS, INVESTIGATE",
                    "weight": "bolder",
                    "size": "medium",
                    "color": "warning",
                    "wrap": true
                  },
                  {
                    "type": "TextBlock",
                    "text": "📅 Report time: 2026-03-01 03:15 UTC",
                    "wrap": true,
                    "separator": true
                  },
                  {
                    "type": "TextBlock",
                    "text": "⏱️ Period analyzed: 4 hours",
                    "wrap": true,
                    "spacing": "none"
                  },
                  {
                    "type": "TextBlock",
                    "text": "🎯 Targets: env=staging",
                    "wrap": true,
                    "spacing": "none"
                  },
                  {
                    "type": "TextBlock",
                    "text": "📋 Verdict: SUSPICIOUS_INVESTIGATE",
                    "wrap": true,
                    "spacing": "none"
                  },
                  {
                    "type": "TextBlock",
                    "text": "⚠️ <!channel> @everyone 1 healing attempt failed in the last 4h",
                    "wrap": true,
                    "separator": true
                  },
                  {
                    "type": "TextBlock",
                    "text": "✅ web_1: up, 99.50% uptime",
                    "wrap": true,
                    "separator": true
                  },
                  {
                    "type": "TextBlock",
                    "text": "📈 Incidents: 1 opened, 1 healed, 1 resolved, 0 escalated",
                    "wrap": true,
                    "separator": true
                  },
                  {
                    "type": "TextBlock",
                    "text": "🩺 Healing: 1/2 attempts healed (50.00%)",
                    "wrap": true,
                    "spacing": "none"
                  },
                  {
                    "type": "TextBlock",
                    "text": "⏲️ MTTR: 1m 5s",
                    "wrap": true,
                    "spacing": "none"
                  },
                  {
                    "type": "TextBlock",
                    "text": "Automated report by medic",
                    "isSubtle": true,
                    "size": "small",
                    "separator": true,
                    "wrap": true
                  }
                ]
              }
            }
          ]
        }
        """);
  }

  @Test
  void ntfyGetsThePlainTextWithTheTitlePriorityAndTagsOfTheVerdict() throws Exception {
    TestHttpServer.Request r = send("{type: ntfy, server: \"URL\", topic: ops}");

    assertThat(r.path()).isEqualTo("/hook/ops");
    assertThat(r.header("Title")).isEqualTo("STAGING REPORT - SUSPICIOUS, INVESTIGATE");
    assertThat(r.header("Priority")).isEqualTo("default");
    assertThat(r.header("Tags")).isEqualTo("warning");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.body()).isEqualTo("""
        Report time: 2026-03-01 03:15 UTC
        Period analyzed: 4 hours
        Targets: env=staging
        Verdict: SUSPICIOUS_INVESTIGATE

        <!channel> @everyone 1 healing attempt failed in the last 4h

        web_1: up, 99.50% uptime

        Incidents: 1 opened, 1 healed, 1 resolved, 0 escalated
        Healing: 1/2 attempts healed (50.00%)
        MTTR: 1m 5s

        Automated report by medic\
        """);
  }
}
