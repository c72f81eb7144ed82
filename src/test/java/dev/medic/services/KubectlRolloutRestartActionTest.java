package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl_rollout_restart's two command lines and how their exits are read, against a recording kubectl. */
class KubectlRolloutRestartActionTest {

  @TempDir Path dir;
  final ActionContext ctx = new ActionContext(
      Incident.open("web", "http_down", Severity.CRITICAL, "msg", Instant.now()).withId(1), Bindings.none());

  static final String KUBECTL = """
      case "$*" in
        *"rollout restart"*) echo 'deployment.apps/web restarted' ;;
        *"rollout status"*) echo 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'
                            echo 'deployment "web" successfully rolled out' ;;
      esac""";

  @Test
  void restartsThenWaitsForTheRolloutWithTheClusterAndNamespaceOnBoth() throws Exception {
    FakeProgram kubectl = FakeProgram.write(dir, "kubectl", KUBECTL);
    var action = new KubectlRolloutRestartAction("deployment/web", "prod", "prod-eu", "/etc/medic/kubeconfig", null,
        kubectl.program.toString(), Duration.ofMinutes(3));

    ActionOutcome outcome = action.run(ctx);

    assertThat(kubectl.invocations()).containsExactly(
        "--context|prod-eu|--kubeconfig|/etc/medic/kubeconfig|-n|prod|rollout|restart|deployment/web|",
        "--context|prod-eu|--kubeconfig|/etc/medic/kubeconfig|-n|prod|rollout|status|deployment/web|--timeout=180s|");
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("deployment.apps/web restarted; Waiting for deployment \"web\" rollout to"
        + " finish: 1 old replicas are pending termination...; deployment \"web\" successfully rolled out");
    assertThat(action.restartsTarget()).isTrue();
  }

  @Test
  void withoutWaitOnlyTheRestartRuns() throws Exception {
    FakeProgram kubectl = FakeProgram.write(dir, "kubectl", KUBECTL);
    var action = new KubectlRolloutRestartAction("sts/db", "data", null, null, false, kubectl.program.toString(), null);

    ActionOutcome outcome = action.run(ctx);

    assertThat(kubectl.invocations()).containsExactly("-n|data|rollout|restart|sts/db|");
    assertThat(outcome.detail()).isEqualTo("deployment.apps/web restarted (not waiting for the rollout)");
    assertThat(action.describe(ctx)).isEqualTo(kubectl.program + " -n data rollout restart sts/db");
  }

  @Test
  void rolloutThatDoesNotCompleteIsFailed() throws Exception {
    FakeProgram kubectl = FakeProgram.write(dir, "kubectl", """
        case "$*" in
          *"rollout restart"*) echo 'deployment.apps/web restarted' ;;
          *) echo 'error: timed out waiting for the condition' >&2; exit 1 ;;
        esac""");

    ActionOutcome outcome = new KubectlRolloutRestartAction("deployment/web", "prod", null, null, true,
        kubectl.program.toString(), Duration.ofSeconds(90)).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("deployment.apps/web restarted; but the rollout did not complete within 90s: "
        + "rollout status exit 1: "
        + "error: timed out waiting for the condition");
  }

  @Test
  void refusedRestartIsFailedAndNothingIsAwaited() throws Exception {
    FakeProgram kubectl = FakeProgram.write(dir, "kubectl", """
        echo 'Error from server (NotFound): deployments.apps "web" not found' >&2; exit 1""");

    ActionOutcome outcome = new KubectlRolloutRestartAction("deployment/web", "prod", null, null, null,
        kubectl.program.toString(), null).run(ctx);

    assertThat(kubectl.invocations()).hasSize(1);
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("rollout restart: exit 1: "
        + "Error from server (NotFound): deployments.apps \"web\" not found");
  }

  @Test
  void onlyRestartableWorkloadsInANamedNamespaceAreAccepted() {
    assertThatThrownBy(() -> new KubectlRolloutRestartAction("pod/web-1", "prod", null, null, null, null, null))
        .hasMessageStartingWith("resource 'pod/web-1' is not a valid name");
    assertThatThrownBy(() -> new KubectlRolloutRestartAction("deployment/web", null, null, null, null, null, null))
        .hasMessage("namespace is required, like prod");
    assertThatThrownBy(() -> new KubectlRolloutRestartAction("deployment/web", "--all-namespaces", null, null, null, null,
        null)).hasMessageStartingWith("namespace '--all-namespaces' is not a valid name");
    assertThat(new KubectlRolloutRestartAction("deployments.apps/web", "prod", null, null, null, null, null)
        .effectiveTimeout()).isEqualTo(Duration.ofMinutes(5));
  }
}
