package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.Investigation;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running medic analyses what it escalates: a step's {@code analyze: [rules]} runs the rule analyst
 * on the real bundle before the page goes out, and the page carries its verdict; the investigation
 * port reads the analysis back and sends proposals through the healer.
 */
class AgentAnalysisTest {

  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anEscalatedIncidentIsPagedWithTheRuleAnalysisOfItsBundle() throws Exception {
    try (TestHttpServer db = new TestHttpServer(() -> 500);
        TestHttpServer api = new TestHttpServer(() -> 500);
        TestHttpServer oncall = new TestHttpServer(() -> 200);
        AgentHarness h = AgentHarness.start(dir, """
            agent:
              interval: 150ms
              timeout: 1s
            targets:
              - name: db
                checks: [{type: http, url: "%s"}]
              - name: api
                depends_on: [db]
                heal_symptoms: true
                checks: [{type: http, url: "%s"}]
            escalation:
              channels:
                - type: webhook
                  name: oncall
                  url: %s
              policies:
                - name: analysed
                  steps:
                    - on: escalated
                      analyze: [rules]
                      notify: [oncall]
            """.formatted(db.url("/health"), api.url("/health"), oncall.url("/hook")))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !oncall.requests().isEmpty());
      JsonNode page = json.readTree(oncall.requests().getFirst().body());
      assertThat(page.get("event").asText()).isEqualTo("escalation");
      JsonNode analysis = page.get("analysis");
      assertThat(analysis).as("the page carries the analysis: " + page).isNotNull();
      assertThat(analysis.get("analyst").asText()).isEqualTo("rules");
      assertThat(analysis.get("verdict").asText()).isNotBlank();

      long incidentId = page.get("incident").get("id").asLong();
      Investigation investigation = h.agent.investigation();
      List<Analysis> analyses = investigation.analyses(incidentId);
      assertThat(analyses).isNotEmpty().first().satisfies(a -> assertThat(a.analyst()).isEqualTo("rules"));
      assertThat(analysis.get("summary").asText()).isEqualTo(analyses.getFirst().summary());
      assertThat(investigation.bundle(incidentId)).hasValueSatisfying(b ->
          assertThat(b.incident().id()).isEqualTo(incidentId));
      assertThat(investigation.openIncidents()).extracting(Incident::id).contains(incidentId);
      assertThat(h.auditKinds(incidentId)).contains("analysis");

      Investigation.Proposal refused = investigation.propose(incidentId, "restart_everything", "alice via mcp", "try");
      assertThat(refused.accepted()).isFalse();
      assertThat(refused.reason()).contains("is not one target").contains("allowed: []");
    }
  }
}
