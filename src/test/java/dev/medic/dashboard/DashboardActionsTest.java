package dev.medic.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.Role;
import dev.medic.config.LabelMatcher;
import dev.medic.spi.Status;
import dev.medic.store.Approval;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buttons' endpoints: they act through Controls as the caller, and answer the panel refreshed. */
class DashboardActionsTest {

  private DashboardServer server;

  private DashboardServer serve(String name, Role role) {
    FixedDashboardData data = new FixedDashboardData();
    data.targets.add(Samples.target("db", true, Status.DOWN, "refused", 7L));
    data.incidents.add(Samples.open(7, "db", "unreachable", "refused"));
    data.approvals.add(new Approval(3, 7, "db", "rebuild-db", "drop and restore db", Approval.State.PENDING,
        Samples.AT, Samples.AT.plusSeconds(900), null, null, null));
    server = new DashboardServer(data, name, role);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void operatorAcknowledgesAsThemselvesAndGetsThePanelBack() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> answer = server.post("/ui/incidents/7/ack", "", "incidents");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(server.controls.done).containsExactly("ack 7 by alice");
    assertThat(answer.body()).startsWith("<section id=\"incidents\"")
        .contains("incident 7 acknowledged by alice", "<td class=\"ack-by\">alice</td>")
        .doesNotContain("class=\"ack\" data-incident=\"7\"");
  }

  @Test
  void acknowledgingTwiceSaysWhoDidFirst() throws Exception {
    serve("alice", Role.OPERATOR);
    server.post("/ui/incidents/7/ack", "", "incidents");

    HttpResponse<String> again = server.post("/ui/incidents/7/ack", "", "incidents");

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("incident 7 was acknowledged before by alice");
  }

  @Test
  void acknowledgingOnTheIncidentPageAnswersItsActionBlock() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> answer = server.post("/ui/incidents/7/ack", "", "incident-actions");

    assertThat(answer.body()).startsWith("<div id=\"incident-actions\"").contains("Acknowledged by <strong>alice</strong>");
  }

  @Test
  void unknownOrBadIncidentIsRefusedWithAReason() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> missing = server.post("/ui/incidents/999/ack", "", "incidents");
    HttpResponse<String> bad = server.post("/ui/incidents/x/ack", "", "incidents");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no incident 999");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("incident id must be a number, got &#39;x&#39;");
    assertThat(server.controls.done).isEmpty();
  }

  @Test
  void silenceMatchesTheIncidentsTargetForTheChosenTimeAndNamesTheCaller() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> answer = server.post("/ui/incidents/7/silence", "duration=4h", "incidents");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(server.controls.silences).hasSize(1);
    var request = server.controls.silences.getFirst();
    assertThat(request.matchers()).containsExactly(new LabelMatcher("target", "=", "db"));
    assertThat(request.duration()).isEqualTo(Duration.ofHours(4));
    assertThat(request.author()).isEqualTo("alice");
    assertThat(answer.body()).contains("silence #1 holds messages and healing for db");
  }

  @Test
  void aBadSilenceDurationIsRefusedNamingIt() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> answer = server.post("/ui/incidents/7/silence", "duration=forever", "incidents");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("duration", "forever");
    assertThat(server.controls.silences).isEmpty();
  }

  @Test
  void operatorApprovesAsThemselves() throws Exception {
    serve("alice", Role.OPERATOR);

    HttpResponse<String> answer = server.post("/ui/approvals/3", "decision=approve", "approvals");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(server.controls.done).containsExactly("approve 3 by alice");
    assertThat(answer.body()).startsWith("<section id=\"approvals\"").contains("approval 3 approved by alice",
        "No action is waiting for approval.");
  }

  @Test
  void approvalDecisionMustBeApproveOrRejectAndPending() throws Exception {
    serve("alice", Role.OPERATOR);

    assertThat(server.post("/ui/approvals/3", "decision=maybe", null).statusCode()).isEqualTo(400);
    assertThat(server.post("/ui/approvals/99", "decision=reject", null).statusCode()).isEqualTo(404);
    assertThat(server.post("/ui/approvals/3", "decision=reject", null).statusCode()).isEqualTo(200);
    HttpResponse<String> again = server.post("/ui/approvals/3", "decision=approve", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("no longer pending");
  }

  @Test
  void viewerCannotAcknowledgeSilenceOrApprove() throws Exception {
    serve("victor", Role.VIEWER);

    for (var call : List.of(List.of("/ui/incidents/7/ack", ""), List.of("/ui/incidents/7/silence", "duration=1h"),
        List.of("/ui/approvals/3", "decision=approve"))) {
      assertThat(server.post(call.get(0), call.get(1), null).statusCode()).as(call.get(0)).isEqualTo(403);
    }
    assertThat(server.controls.done).isEmpty();
  }
}
