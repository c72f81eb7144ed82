package dev.medic.docker;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.SpecProblem;
import dev.medic.spi.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches a container through the Docker Engine API (or Podman's compatible one): its state, health
 * check, exit code, OOM kill, restarts, resource use, memory trend and log lines. Each run is one
 * inspect, plus one stats sample when {@code stats} is on, plus one log read when {@code logs} is set.
 *
 * <p>Conditions: {@code container_missing}, {@code container_exited} (exit code in the message),
 * {@code container_oom_killed}, {@code container_unhealthy}, {@code container_restarting}, {@code
 * crash_loop} (restart count grew by more than {@code restarts.max} within {@code restarts.within}),
 * {@code log_critical}, {@code docker_unreachable} (the engine did not answer), {@code docker_error}
 * (the engine refused a call), all DOWN, and {@code
 * container_paused} (DEGRADED). Rules it brings: {@code restarts_in_window > max as crash_loop} and
 * {@code memory_leak > 0 as memory_leak}.
 *
 * @param host the engine: {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
 *     (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine with {@code --tlsverify}
 * @param container the container's name or id
 * @param labels select the containers carrying all these labels (a value may be empty: any value)
 * @param compose select the containers of a Compose project's service
 * @param expect {@code running} (default) or {@code exited_zero} for one-shot containers (a data
 *     loader): exited with code 0 is UP, running is UP, any other exit is {@code container_exited}
 * @param stats sample CPU and memory each run (default true; costs the engine about a second)
 * @param restarts what restart growth is a crash loop (default more than 5 within 1h)
 * @param leak memory leak projection (default window 30m, horizon 1h); needs {@code stats}
 * @param logs critical and warning line patterns
 */
public record DockerCheck(
    String name,
    Duration interval,
    Duration timeout,
    String host,
    DockerTls tls,
    String container,
    Map<String, String> labels,
    ComposeService compose,
    String expect,
    Boolean stats,
    RestartLimit restarts,
    LeakWatch leak,
    LogRules logs)
    implements CheckSpec {

  static final String RUNNING = "running";
  static final String EXITED_ZERO = "exited_zero";

  public DockerCheck {
    name = name == null ? "docker" : name;
    int selectors = (container != null ? 1 : 0) + (labels != null ? 1 : 0) + (compose != null ? 1 : 0);
    if (selectors != 1) {
      throw new IllegalArgumentException("give exactly one of container, labels or compose, got " + selectors);
    }
    if (container != null && container.isBlank()) {
      throw new IllegalArgumentException("container must name a container or its id, got ''");
    }
    if (labels != null) {
      if (labels.isEmpty()) {
        throw new IllegalArgumentException("labels must hold at least one label");
      }
      labels = Map.copyOf(labels.entrySet().stream().collect(java.util.stream.Collectors.toMap(
          Map.Entry::getKey, e -> e.getValue() == null ? "" : e.getValue())));
    }
    expect = expect == null ? RUNNING : expect;
    if (!expect.equals(RUNNING) && !expect.equals(EXITED_ZERO)) {
      throw new IllegalArgumentException("expect must be running or exited_zero, got '" + expect + "'");
    }
    stats = stats == null ? Boolean.TRUE : stats;
    restarts = restarts == null ? RestartLimit.defaults() : restarts;
    leak = leak == null ? LeakWatch.defaults() : leak;
    DockerEndpoint.of(host, tls); // validates the address now, not at the first run
  }

  DockerEndpoint endpoint() {
    return DockerEndpoint.of(host, tls);
  }

  /** The selection in words: {@code spartan-web}, {@code labels app=web}, {@code compose spartan/web}. */
  String selection() {
    if (container != null) {
      return container;
    }
    if (compose != null) {
      return "compose " + compose.project() + "/" + compose.service();
    }
    List<String> pairs = new ArrayList<>();
    new java.util.TreeMap<>(labels).forEach((k, v) -> pairs.add(v.isEmpty() ? k : k + "=" + v));
    return "labels " + String.join(",", pairs);
  }

  /** The labels to list by, for a label or compose selection. */
  Map<String, String> selectorLabels() {
    if (compose != null) {
      return Map.of("com.docker.compose.project", compose.project(), "com.docker.compose.service", compose.service());
    }
    return labels;
  }

  @Override
  public Set<String> conditions() {
    return Set.of("container_missing", "container_exited", "container_oom_killed", "container_unhealthy",
        "container_restarting", "crash_loop", "container_paused", "log_critical", "docker_unreachable", "docker_error");
  }

  /**
   * True: what the check reports is the engine's own record of the container (exited with code 3,
   * killed by the OOM killer, no such container, unhealthy after the health check's own retries, a
   * critical line in its log), not an inference from one slow answer that a second look might
   * contradict. Waiting for more failures would only delay the remedy; a log line is seen once.
   */
  @Override
  public boolean raisesOnFirstFailure() {
    return true;
  }

  /**
   * {@code restarts_in_window > max as crash_loop}, besides the check's own DOWN: a check holds one
   * condition at a time, and a container that medic restarts goes down as {@code container_exited}
   * first; the rule raises the loop while that incident is still open. With {@code stats}: {@code
   * memory_leak > 0 as memory_leak}.
   */
  @Override
  public List<ThresholdRule> rules() {
    ThresholdRule loop = new ThresholdRule("restarts_in_window", ">", restarts.max(), null, "crash_loop");
    return stats ? List.of(loop, new ThresholdRule("memory_leak", ">", 0, null, "memory_leak")) : List.of(loop);
  }

  @Override
  public List<SpecProblem> problems() {
    if (tls == null) {
      return List.of();
    }
    return tls.unreadable().stream().map(f -> new SpecProblem("tls", "cannot read " + f)).toList();
  }

  public Probe create(ProbeContext context) {
    return new DockerProbe(this, context.clock());
  }
}
