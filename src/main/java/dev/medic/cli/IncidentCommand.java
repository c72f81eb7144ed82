package dev.medic.cli;

import dev.medic.analyze.BundleBuilder;
import dev.medic.analyze.BundleJson;
import dev.medic.analyze.BundleMarkdown;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.IncidentBundle;
import dev.medic.store.Store;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medic incident bundle ID}: one incident, looked into from the store (and the config, when there is one). */
@Command(name = "incident", description = "Look into one incident.", subcommands = IncidentCommand.Bundle.class)
final class IncidentCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: bundle");
  }

  /**
   * {@code medic incident bundle ID [--markdown]}: everything known about the incident in one
   * document, read from the store directly, so it works whether or not medic runs. The config gives
   * the target's settings, strategies and dependencies; without one, those parts are empty.
   */
  @Command(name = "bundle", mixinStandardHelpOptions = true,
      description = "Print an incident's bundle: timeline, check runs, log lines, actions, config (secrets redacted),"
          + " allowed strategies, dependencies, related and similar incidents. JSON unless --markdown.")
  static final class Bundle implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "The incident's id (see medic incidents).")
    String id;

    @Option(names = "--markdown", description = "Markdown for people instead of JSON.")
    boolean markdown;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      long incidentId;
      try {
        incidentId = Long.parseLong(id);
      } catch (NumberFormatException e) {
        throw new UserError("ID must be an incident's number, got '" + id + "'");
      }
      if (incidentId <= 0) {
        throw new UserError("ID must be an incident's number, got '" + id + "'");
      }
      MedicConfig config = store.config.exists() ? store.config.load() : null;
      try (Store s = store.open()) {
        IncidentBundle bundle = new BundleBuilder(s, () -> config, target -> null, Clock.systemUTC(),
            Plugins.registry()).bundle(incidentId)
            .orElseThrow(() -> new UserError("no incident #" + incidentId + " in the store"));
        if (config == null) {
          System.err.println("medic incident bundle: no config at " + store.config.file + ": the target's config,"
              + " strategies and dependencies are left out (give -c FILE)");
        }
        System.out.print(markdown ? new BundleMarkdown().markdown(bundle) : new BundleJson().json(bundle) + "\n");
        return 0;
      }
    }
  }
}
