package dev.medic.cli;

import dev.medic.config.ConfigException;
import dev.medic.store.SqliteStore;
import dev.medic.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Finds the store for read commands: {@code --store}, else the config's, else the default. */
final class StoreOption {

  @Option(names = "--store", paramLabel = "sqlite:PATH", description = "Store to read (default: the config's store).")
  String store;

  @Mixin ConfigOption config;

  Store open() throws ConfigException {
    String location = store;
    if (location == null) {
      location = config.exists() ? config.load().agent().store() : "sqlite:./medic.db";
    }
    if (!location.startsWith("sqlite:")) {
      throw new IllegalArgumentException("--store must be sqlite:PATH, got " + location);
    }
    return SqliteStore.open(Path.of(location.substring("sqlite:".length())));
  }
}
