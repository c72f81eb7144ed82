package dev.medic.dashboard;

import static dev.medic.dashboard.Samples.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthScoreTest {

  @Test
  void everyTargetUpScoresAHundredAndGreen() {
    HealthScore h = HealthScore.of(List.of(target("a", false, Status.UP, ""), target("b", true, Status.UP, "")), 0);

    assertThat(h.score()).isEqualTo(100.0);
    assertThat(h.level()).isEqualTo("green");
    assertThat(h.reasons()).isEmpty();
  }

  @Test
  void aCriticalTargetWeighsThreeAndDegradedCountsHalf() {
    // db critical down: 3 x 0; web degraded: 1 x 0.5; api up: 1 x 1 -> 1.5 / 5 = 30.0
    HealthScore h = HealthScore.of(List.of(target("db", true, Status.DOWN, "connection refused"),
        target("web", false, Status.DEGRADED, "slow"), target("api", false, Status.UP, "")), 0);

    assertThat(h.score()).isEqualTo(30.0);
    assertThat(h.level()).isEqualTo("red");
  }

  @Test
  void theScoreHasOneDecimal() {
    // one degraded of seven: 6.5 / 7 = 92.857... -> 92.9
    List<TargetState> seven = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seven.add(target("t" + i, false, Status.UP, ""));
    }
    seven.add(target("slow", false, Status.DEGRADED, "slow"));

    assertThat(HealthScore.of(seven, 0).score()).isEqualTo(92.9);
  }

  @Test
  void targetsWithoutAResultAreLeftOut() {
    HealthScore h = HealthScore.of(List.of(target("new", true, Status.UNKNOWN, ""), target("web", false, Status.UP, "")), 0);

    assertThat(h.score()).isEqualTo(100.0);
    assertThat(h.reasons()).isEmpty();
  }

  @Test
  void noResultsYetHasNoScore() {
    HealthScore h = HealthScore.of(List.of(target("new", false, Status.UNKNOWN, "")), 0);

    assertThat(h.score()).isNull();
    assertThat(h.level()).isEqualTo("none");
    assertThat(h.reasons()).containsExactly("no results yet");
  }

  @Test
  void thresholdsAreGreenAboveNinetyFiveYellowFromNinetyRedBelow() {
    assertThat(HealthScore.level(95.1)).isEqualTo("green");
    assertThat(HealthScore.level(95.0)).isEqualTo("yellow");
    assertThat(HealthScore.level(90.0)).isEqualTo("yellow");
    assertThat(HealthScore.level(89.9)).isEqualTo("red");
  }

  @Test
  void reasonsListTheWorstAndHeaviestFirstThenApprovalsWaiting() {
    HealthScore h = HealthScore.of(List.of(
        target("web", false, Status.DEGRADED, "slow answers"),
        target("cache", false, Status.DOWN, "refused"),
        target("db", true, Status.DOWN, "connection refused"),
        target("queue", true, Status.DEGRADED, "backlog"),
        target("api", false, Status.UP, "")), 2);

    assertThat(h.reasons()).containsExactly(
        "db is down (critical): connection refused",
        "cache is down: refused",
        "queue is degraded (critical): backlog",
        "web is degraded: slow answers",
        "2 approvals are waiting for a person");
  }
}
