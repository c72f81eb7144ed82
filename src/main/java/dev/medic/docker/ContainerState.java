package dev.medic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What one inspect says about a container, read defensively: Podman's compatible API and older
 * engines leave some fields out, which then read as absent rather than failing the run.
 *
 * @param status running, restarting, exited, paused, dead or created
 * @param health none, starting, healthy or unhealthy
 * @param healthOutput the last health check's output, trimmed; empty without one
 * @param memoryLimit the container's memory limit in bytes, 0 when unlimited
 */
record ContainerState(
    String id,
    String name,
    String status,
    int exitCode,
    boolean oomKilled,
    String error,
    int restartCount,
    Instant created,
    Instant startedAt,
    Instant finishedAt,
    String health,
    String healthOutput,
    boolean tty,
    long memoryLimit) {

  static ContainerState of(JsonNode inspect) {
    JsonNode state = inspect.path("State");
    // Podman's compatible API named it Healthcheck before it followed Docker's Health.
    JsonNode health = state.has("Health") ? state.path("Health") : state.path("Healthcheck");
    String healthStatus = health.path("Status").asText("");
    String output = "";
    JsonNode log = health.path("Log");
    if (log.isArray() && !log.isEmpty()) {
      output = log.get(log.size() - 1).path("Output").asText("").strip();
      if (output.length() > 200) {
        output = output.substring(0, 200) + "...";
      }
    }
    String name = inspect.path("Name").asText("");
    return new ContainerState(
        inspect.path("Id").asText(""),
        name.startsWith("/") ? name.substring(1) : name,
        status(state),
        state.path("ExitCode").asInt(0),
        state.path("OOMKilled").asBoolean(false),
        state.path("Error").asText(""),
        inspect.path("RestartCount").asInt(0),
        time(inspect.path("Created").asText(null)),
        time(state.path("StartedAt").asText(null)),
        time(state.path("FinishedAt").asText(null)),
        healthStatus.isEmpty() ? "none" : healthStatus,
        output,
        inspect.path("Config").path("Tty").asBoolean(false),
        inspect.path("HostConfig").path("Memory").asLong(0));
  }

  /** The status word; from the booleans when an engine leaves {@code Status} out. */
  private static String status(JsonNode state) {
    String s = state.path("Status").asText("");
    if (!s.isEmpty()) {
      return s;
    }
    if (state.path("Restarting").asBoolean(false)) return "restarting";
    if (state.path("Paused").asBoolean(false)) return "paused";
    if (state.path("Running").asBoolean(false)) return "running";
    if (state.path("Dead").asBoolean(false)) return "dead";
    return "exited";
  }

  /** Null for absent times and for the engine's zero time (0001-01-01: never happened). */
  private static Instant time(String text) {
    if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  boolean running() {
    return status.equals("running");
  }

  String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
