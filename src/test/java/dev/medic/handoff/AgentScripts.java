package dev.medic.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.ByteSize;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shell scripts standing in for the agent, and the incident they are handed. */
final class AgentScripts {

  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private final Path dir;

  AgentScripts(Path dir) {
    this.dir = dir;
  }

  /** An executable {@code /bin/sh} script with this body. */
  Path script(String name, String body) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static IncidentBundle bundle() {
    Incident incident = Incident.open("spartan-web", "cache_corruption", Severity.CRITICAL,
        "cache_errors 3 > 0", NOW.minusSeconds(600)).withId(42);
    return new IncidentBundle(IncidentBundle.VERSION, NOW, incident, null, null,
        List.of("ERROR cache checksum mismatch"), null, Map.of("name", "spartan-web"),
        List.of(new IncidentBundle.StrategyOption("clear_cache", "redis_flushdb", true, List.of("cache_corruption")),
            new IncidentBundle.StrategyOption("restart_container", "docker_restart", false, List.of())),
        null, null, null);
  }

  static AnalystContext context(IncidentBundle bundle) {
    try {
      String json = new ObjectMapper().registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(bundle);
      String markdown = "# Incident #" + bundle.incident().id() + ": " + bundle.incident().target() + " "
          + bundle.incident().condition() + "\n";
      return new AnalystContext(Clock.fixed(NOW, ZoneOffset.UTC), json, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An agent spec with the defaults, except what the test sets. */
  static AgentHandoffSpec spec(List<String> command, Path workdir, BundleDelivery bundle, BundleFormat format,
      Duration timeout, Map<String, String> env, List<String> passEnv, String maxOutput) {
    return new AgentHandoffSpec("claude-code", command, workdir, bundle, format, timeout, null, env, passEnv,
        maxOutput == null ? null : ByteSize.parse(maxOutput));
  }
}
