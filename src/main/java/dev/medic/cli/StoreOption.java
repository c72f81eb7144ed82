package dev.medic.cli;

import dev.medic.config.ConfigException;
import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
import dev.medic.store.SqliteStore;
import dev.medic.store.Store;
import dev.medic.config.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Finds the store for read commands: {@code --store}, else the config's, else the default. A read
 * command never creates a store: when there is none it says which one it looked for.
 */
final class StoreOption {

  static final String DEFAULT = StoreUrl.DEFAULT;

  @Option(names = "--store", paramLabel = "sqlite:PATH", description = "Store to read (default: the config's store).")
  String store;

  @Mixin ConfigOption config;

  private MedicConfig loaded;

  /** The store to read, opened; never created. */
  Store open() throws ConfigException, UserError {
    return open(false);
  }

  /**
   * The store to write, opened, and created if there is none yet: a token may be made before medic
   * first runs.
   */
  Store openOrCreate() throws ConfigException, UserError {
    return open(true);
  }

  /** The config's access tokens, when there is a config here: token names must not clash with them. */
  java.util.List<dev.medic.config.AccessToken> configTokens() throws ConfigException {
    return store == null && config.exists() ? config().access().tokens() : java.util.List.of();
  }

  private Store open(boolean create) throws ConfigException, UserError {
    String location;
    String source;
    if (store != null) {
      location = store;
      source = "--store";
    } else if (config.exists()) {
      location = config().agent().store();
      source = "agent.store in " + config.file;
    } else {
      location = DEFAULT;
      source = "the default; there is no " + config.file + " here to name another";
    }
    Path path;
    try {
      path = StoreUrl.parse(location).path();
    } catch (IllegalArgumentException e) {
      throw new UserError("--" + e.getMessage());
    }
    if (!create && !Files.isRegularFile(path)) {
      throw new UserError("no store at " + path.toAbsolutePath().normalize() + " (" + location + ", from " + source
          + "): nothing has been recorded there. Give --store sqlite:PATH or -c FILE to read another.");
    }
    return SqliteStore.open(path);
  }

  /**
   * Hides the secrets of the config (its {@code ${ENV}} values) when there is one, and URL passwords
   * and secret query parameters always.
   */
  Redactor redactor() {
    try {
      return config.exists() ? config().redactor() : Redactor.none();
    } catch (ConfigException e) {
      return Redactor.none();
    }
  }

  private MedicConfig config() throws ConfigException {
    if (loaded == null) {
      loaded = config.load();
    }
    return loaded;
  }
}
