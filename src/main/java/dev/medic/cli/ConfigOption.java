package dev.medic.cli;

import dev.medic.runtime.Plugins;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option shared by commands that read a config. */
final class ConfigOption {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: ${DEFAULT-VALUE}).",
      defaultValue = "medic.yaml")
  Path file;

  MedicConfig load() throws ConfigException {
    return new ConfigLoader(Plugins.registry()).load(file);
  }

  /** The config, or empty after printing its problems to stderr (the command then exits 2). */
  Optional<MedicConfig> loadOrReport() {
    try {
      return Optional.of(load());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }

  boolean exists() {
    return Files.exists(file);
  }
}
