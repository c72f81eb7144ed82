package dev.medic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medic.spi.Durations;
import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run of a {@link DockerCheck}: inspect the selected containers, sample their resources, read
 * their new log lines, and report the worst of them. Keeps, per container, the restart counts it saw
 * (crash loop), its CPU counters (CPU share between runs) and its memory trend (leak); and the time
 * up to which logs were read, so no line is read twice, also across a restart of medic.
 */
final class DockerProbe implements Probe {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final DockerCheck spec;
  private final DockerEndpoint endpoint;
  private final Clock clock;
  private final Map<String, Tracked> tracked = new HashMap<>();
  /** Null without {@code logs:}. */
  private final ContainerLogs logs;

  DockerProbe(DockerCheck spec, Clock clock) {
    this.spec = spec;
    this.endpoint = spec.endpoint();
    this.clock = clock;
    this.logs = spec.logs() == null ? null : new ContainerLogs(spec.logs());
  }

  /** Continues reading logs where the last run before medic's restart stopped. */
  @Override
  public void resume(Observation last) {
    if (logs != null) {
      logs.resume(last);
    }
    Double count = last.metrics().get("restart_count");
    Double inWindow = last.metrics().get("restarts_in_window");
    if (spec.container() != null && count != null && inWindow != null) {
      resumed = new Resumed(last.at(), count.intValue(), inWindow.intValue());
    }
  }

  /** The restart counts of the last run before medic restarted, for the one container watched by name. */
  private record Resumed(Instant at, int count, int inWindow) {}

  private Resumed resumed;

  private record Verdict(ContainerState state, Status status, String condition, String message, Map<String, Double> metrics) {}

  @Override
  public ProbeResult run(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    Instant now = clock.instant();
    if (logs != null) {
      logs.startAt(now); // the first run reads only lines written from now on
    }
    try (DockerClient client = DockerClient.open(endpoint, timeout)) {
      List<ContainerState> found = select(client);
      if (found.isEmpty()) {
        return ProbeResult.down(took(start), Map.of("running", 0.0), "container_missing",
            "no container " + spec.selection() + " on " + endpoint);
      }
      Set<String> ids = new HashSet<>();
      found.forEach(s -> ids.add(s.id()));
      tracked.keySet().retainAll(ids); // forget containers that are gone (recreated ones get a new id)
      List<Verdict> verdicts = new ArrayList<>();
      for (ContainerState s : found) {
        verdicts.add(judge(client, s, now));
      }
      Verdict worst = verdicts.getFirst();
      for (Verdict v : verdicts) {
        if (rank(v.status()) > rank(worst.status())) {
          worst = v;
        }
      }
      Map<String, Double> metrics = new LinkedHashMap<>(worst.metrics());
      if (spec.container() == null) {
        metrics.put("containers", (double) found.size());
        metrics.put("containers_running", (double) found.stream().filter(ContainerState::running).count());
      }
      String message = worst.message() + (found.size() > 1
          ? " (the worst of " + found.size() + " containers of " + spec.selection() + ")" : "");
      Status status = worst.status();
      String condition = worst.condition();
      if (logs != null) {
        ContainerLogs.Scan scan = logs.read(client, found);
        metrics.put("log_critical_lines", (double) scan.critical());
        metrics.put("log_warning_lines", (double) scan.warning());
        metrics.put("log_since_seconds", logs.sinceSeconds());
        if (scan.critical() > 0) {
          String evidence = scan.critical() + " critical log line" + (scan.critical() == 1 ? "" : "s") + ": "
              + String.join(" | ", scan.evidence());
          if (status == Status.UP) {
            status = Status.DOWN;
            condition = "log_critical";
            message = worst.state().name() + ": " + evidence;
          } else {
            message = message + "; " + evidence;
          }
        } else if (!scan.note().isEmpty()) {
          message = message + "; " + scan.note();
        }
      }
      return new ProbeResult(status, took(start), metrics, condition, message);
    } catch (DockerException e) {
      return ProbeResult.down(took(start), Map.of(), e.unreachable() ? "docker_unreachable" : "docker_error", e.getMessage());
    }
  }

  private static int rank(Status s) {
    return switch (s) {
      case UP -> 0;
      case DEGRADED -> 1;
      default -> 2;
    };
  }

  private List<ContainerState> select(DockerClient client) throws DockerException, InterruptedException {
    if (spec.container() != null) {
      return client.inspect(spec.container()).map(ContainerState::of).map(List::of).orElse(List.of());
    }
    List<ContainerState> out = new ArrayList<>();
    for (JsonNode summary : client.list(spec.selectorLabels())) {
      Optional<JsonNode> full = client.inspect(summary.path("Id").asText());
      full.map(ContainerState::of).ifPresent(out::add); // removed between list and inspect: not there
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  private Verdict judge(DockerClient client, ContainerState s, Instant now) throws InterruptedException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Tracked t = tracked.get(s.id());
    if (t == null) {
      t = new Tracked(spec);
      t.restarts.seed(s.created(), now, s.restartCount());
      if (resumed != null && resumed.count() <= s.restartCount() && resumed.at().isBefore(now)) {
        t.restarts.resume(resumed.at(), resumed.count(), resumed.inWindow());
      }
      resumed = null;
      tracked.put(s.id(), t);
    }
    int inWindow = t.restarts.observe(now, s.restartCount(), s.startedAt());
    if (s.startedAt() != null && !s.startedAt().equals(t.startedAt)) {
      if (t.startedAt != null) {
        t.memory.reset(); // a new start: its memory starts afresh, and so do its CPU counters
        t.cpuTotal = -1;
        t.systemTotal = -1;
      }
      t.startedAt = s.startedAt();
    }
    metrics.put("running", s.running() ? 1.0 : 0.0);
    metrics.put("restart_count", (double) s.restartCount());
    metrics.put("restarts_in_window", (double) inWindow);
    metrics.put("oom_killed", s.oomKilled() ? 1.0 : 0.0);
    if (!s.running() && s.finishedAt() != null) {
      metrics.put("exit_code", (double) s.exitCode());
    }
    if (s.health().equals("healthy") || s.health().equals("unhealthy")) {
      metrics.put("healthy", s.health().equals("healthy") ? 1.0 : 0.0);
    }
    String resources = "";
    if (spec.stats() && s.running()) {
      resources = sample(client, s, t, now, metrics);
    }

    String name = s.name();
    RestartLimit limit = spec.restarts();
    if (inWindow > limit.max()) {
      return new Verdict(s, Status.DOWN, "crash_loop", name + " restarted " + inWindow + " times within "
          + Durations.format(limit.within()) + " (limit " + limit.max() + "): now " + s.status()
          + lastExit(s), metrics);
    }
    switch (s.status()) {
      case "exited", "dead", "created" -> {
        if (s.oomKilled()) {
          return new Verdict(s, Status.DOWN, "container_oom_killed", name + " was killed by the OOM killer"
              + memoryLimit(s) + lastExit(s), metrics);
        }
        if (s.status().equals("created")) {
          return new Verdict(s, Status.DOWN, "container_exited", name + " was created but never started", metrics);
        }
        if (spec.expect().equals(DockerCheck.EXITED_ZERO) && s.exitCode() == 0 && s.status().equals("exited")) {
          return new Verdict(s, Status.UP, null, name + " ran to completion: exited 0"
              + finished(s), metrics);
        }
        return new Verdict(s, Status.DOWN, "container_exited", name + " is " + s.status() + lastExit(s)
            + (s.error().isEmpty() ? "" : " (" + s.error() + ")"), metrics);
      }
      case "restarting" -> {
        if (s.oomKilled()) {
          return new Verdict(s, Status.DOWN, "container_oom_killed", name + " was killed by the OOM killer"
              + memoryLimit(s) + " and is restarting (restart count " + s.restartCount() + ")", metrics);
        }
        return new Verdict(s, Status.DOWN, "container_restarting", name + " is restarting (restart count "
            + s.restartCount() + lastExit(s) + ")", metrics);
      }
      case "paused" -> {
        return new Verdict(s, Status.DEGRADED, "container_paused", name + " is paused", metrics);
      }
      default -> {
        if (s.health().equals("unhealthy")) {
          return new Verdict(s, Status.DOWN, "container_unhealthy", name + " is unhealthy: health check says "
              + (s.healthOutput().isEmpty() ? "nothing" : "'" + s.healthOutput() + "'"), metrics);
        }
        String health = s.health().equals("none") ? "" : ", " + s.health();
        String up = s.startedAt() == null ? "" : ", up since " + CLOCK.format(s.startedAt());
        return new Verdict(s, Status.UP, null, name + " " + s.status() + health + up + ", restart count "
            + s.restartCount() + resources, metrics);
      }
    }
  }

  /** Stats, CPU, memory and the leak projection; their summary for the message. */
  private String sample(DockerClient client, ContainerState s, Tracked t, Instant now, Map<String, Double> metrics)
      throws InterruptedException {
    JsonNode stats;
    try {
      stats = client.stats(s.id());
    } catch (DockerException e) {
      return "; no stats: " + e.getMessage();
    }
    StringBuilder b = new StringBuilder();
    Double cpu = Usage.cpuPercent(stats, t);
    Usage.put(metrics, "cpu_pct", cpu);
    if (cpu != null) {
      b.append(String.format(", cpu %.1f%%", cpu));
    }
    double used = Usage.memoryUsed(stats);
    double limit = Usage.memoryLimit(stats);
    if (used > 0 || limit > 0) {
      metrics.put("memory_bytes", used);
      metrics.put("memory_limit_bytes", limit);
    }
    if (limit > 0) {
      metrics.put("memory_pct", used * 100 / limit);
      b.append(String.format(", memory %s of %s (%.0f%%)", mib(used), mib(limit), used * 100 / limit));
      t.memory.add(now, used);
      Optional<Duration> eta = t.memory.timeTo(limit);
      boolean leak = eta.isPresent() && eta.get().compareTo(spec.leak().horizon()) <= 0;
      metrics.put("memory_leak", leak ? 1.0 : 0.0);
      if (eta.isPresent()) {
        metrics.put("memory_leak_eta_seconds", (double) eta.get().toSeconds());
        b.append(", memory growing steadily: at the limit in ").append(Durations.format(Duration.ofSeconds(eta.get().toSeconds())));
      }
    }
    return b.toString();
  }

  private static String lastExit(ContainerState s) {
    if (s.finishedAt() == null) {
      return "";
    }
    return ", exit code " + s.exitCode() + finished(s);
  }

  private static String finished(ContainerState s) {
    return s.finishedAt() == null ? "" : " at " + CLOCK.format(s.finishedAt());
  }

  private static String memoryLimit(ContainerState s) {
    return s.memoryLimit() > 0 ? " (memory limit " + mib(s.memoryLimit()) + ")" : "";
  }

  static String mib(double bytes) {
    return String.format("%.1f MiB", bytes / (1024 * 1024));
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
