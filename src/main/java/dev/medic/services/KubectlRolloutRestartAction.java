package dev.medic.services;

import dev.medic.spi.CommandRunner;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls a Kubernetes workload's pods: {@code kubectl [--context C] [--kubeconfig K] -n NS rollout
 * restart RESOURCE}, then with {@code wait} (the default) {@code kubectl ... rollout status RESOURCE
 * --timeout=T}, so success means the new pods are ready, not merely that the restart was asked for.
 *
 * <ul>
 *   <li>{@code resource} (required): {@code deployment/NAME}, {@code statefulset/NAME} or
 *       {@code daemonset/NAME} (short forms deploy, sts, ds and an {@code .apps} group allowed)
 *   <li>{@code namespace} (required): never left to the kubeconfig's current namespace
 *   <li>{@code context}, {@code kubeconfig}: which cluster, as for kubectl; default kubectl's own
 *   <li>{@code wait}: wait for the rollout to complete, default true (the record calls it
 *       {@code waitForRollout}: {@code wait} is taken by {@link Object#wait()})
 *   <li>{@code timeout}: how long the rollout may take ({@code --timeout} of rollout status), default 5m
 *   <li>{@code program}: the kubectl to run, default {@code kubectl} from medic's PATH
 * </ul>
 */
public record KubectlRolloutRestartAction(String resource, String namespace, String context, String kubeconfig,
    @JsonProperty("wait") Boolean waitForRollout, String program, Duration timeout) implements ActionSpec {

  /** Time kubectl gets beyond the rollout's own timeout to say so itself, before medic stops it. */
  private static final Duration MARGIN = Duration.ofSeconds(15);

  public KubectlRolloutRestartAction {
    CommandLine.requireName("resource", resource,
        "(deployments?|deploy|statefulsets?|sts|daemonsets?|ds)(\\.apps)?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?",
        "deployment/web, statefulset/db or daemonset/agent");
    CommandLine.requireName("namespace", namespace, "[a-z0-9]([-a-z0-9]*[a-z0-9])?", "prod");
    if (context != null) {
      CommandLine.requireName("context", context, "\\S+", "prod-cluster");
    }
    if (kubeconfig != null && (kubeconfig.isBlank() || kubeconfig.startsWith("-"))) {
      throw new IllegalArgumentException("kubeconfig must be the path of a kubeconfig file, got '" + kubeconfig + "'");
    }
    waitForRollout = waitForRollout == null || waitForRollout;
    program = CommandLine.check(program, "kubectl");
    Durations.requirePositive("timeout", timeout);
  }

  @Override
  public Duration effectiveTimeout() {
    return timeout == null ? Duration.ofMinutes(5) : timeout;
  }

  private List<String> kubectl(String... verb) {
    List<String> argv = new ArrayList<>(List.of(program));
    if (context != null) {
      argv.addAll(List.of("--context", context));
    }
    if (kubeconfig != null) {
      argv.addAll(List.of("--kubeconfig", kubeconfig));
    }
    argv.addAll(List.of("-n", namespace, "rollout"));
    argv.addAll(List.of(verb));
    return argv;
  }

  /** The restart command line. */
  public List<String> restartArgv() {
    return kubectl("restart", resource);
  }

  /** The command line that waits for the rollout. */
  public List<String> statusArgv() {
    return kubectl("status", resource, "--timeout=" + effectiveTimeout().toSeconds() + "s");
  }

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public String describe(ActionContext ctx) {
    return String.join(" ", restartArgv()) + (waitForRollout ? " && " + String.join(" ", statusArgv()) : "");
  }

  @Override
  public ActionOutcome run(ActionContext ctx) throws InterruptedException {
    CommandRunner.Result r = CommandRunner.run(restartArgv(), Duration.ofSeconds(30).plus(MARGIN));
    if (r.timedOut()) {
      return ActionOutcome.failed("rollout restart did not answer within 45 s and was stopped"
          + (r.tail().isEmpty() ? "" : ": " + r.tail()));
    }
    if (r.exitCode() != 0) {
      return ActionOutcome.failed("rollout restart: exit " + r.exitCode() + (r.tail().isEmpty() ? "" : ": " + r.tail()));
    }
    if (!waitForRollout) {
      return ActionOutcome.ok(r.tail() + " (not waiting for the rollout)");
    }
    CommandRunner.Result s = CommandRunner.run(statusArgv(), effectiveTimeout().plus(MARGIN));
    if (s.timedOut() || s.exitCode() != 0) {
      return ActionOutcome.failed(r.tail() + "; but the rollout did not complete within "
          + Durations.format(effectiveTimeout()) + ": rollout status "
          + (s.timedOut() ? "stopped after " + Durations.format(effectiveTimeout().plus(MARGIN)) : "exit " + s.exitCode())
          + (s.tail().isEmpty() ? "" : ": " + s.tail()));
    }
    return ActionOutcome.ok(r.tail() + "; " + s.tail());
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(CommandLine.problems(program));
    problems.addAll(CommandLine.readable("kubeconfig", kubeconfig));
    return problems;
  }
}
