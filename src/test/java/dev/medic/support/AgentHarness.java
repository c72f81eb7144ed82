package dev.medic.support;

import dev.medic.runtime.Plugins;
import dev.medic.runtime.Agent;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Incident;
import dev.medic.store.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Writes a config into a directory and runs a real Agent on it, with its SQLite store beside it. */
public final class AgentHarness implements AutoCloseable {

  public final Path dir;
  public final Path configFile;
  public final Agent agent;

  private AgentHarness(Path dir, Path configFile, Agent agent) {
    this.dir = dir;
    this.configFile = configFile;
    this.agent = agent;
  }

  /** The YAML may omit {@code store:} and {@code api:}; they default to this directory and off. */
  public static AgentHarness start(Path dir, String yaml) throws Exception {
    return start(dir, yaml, Agent.Overrides.none());
  }

  public static AgentHarness start(Path dir, String yaml, Agent.Overrides overrides) throws Exception {
    Path file = dir.resolve("medic.yaml");
    Files.writeString(file, yaml);
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).load(file);
    Agent.Overrides o = new Agent.Overrides(overrides.mode(), overrides.dryRun(),
        overrides.store() != null ? overrides.store() : "sqlite:" + dir.resolve("medic.db"),
        overrides.api() != null ? overrides.api() : "off");
    Agent agent = new Agent(file, cfg, o, Clock.systemUTC());
    agent.start();
    return new AgentHarness(dir, file, agent);
  }

  public List<Incident> incidents() {
    return agent.store().incidents().list(null, 1000);
  }

  /** Audit entries oldest first. */
  public List<AuditEntry> audit() {
    return agent.store().audit().list(null, 10_000).reversed();
  }

  public List<String> auditKinds(long incidentId) {
    return agent.store().audit().list(incidentId, 10_000).reversed().stream().map(AuditEntry::kind).toList();
  }

  @Override
  public void close() {
    agent.close();
  }
}
