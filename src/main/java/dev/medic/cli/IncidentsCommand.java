package dev.medic.cli;

import dev.medic.spi.Incident;
import dev.medic.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medic incidents [--open] [--json]}. */
@Command(name = "incidents", description = "List incidents from the store, newest first.")
final class IncidentsCommand implements Callable<Integer> {

  @Option(names = "--open", description = "Only incidents not yet resolved.")
  boolean open;

  @Option(names = "--json", description = "JSON instead of a table.")
  boolean json;

  @Option(names = "--limit", defaultValue = "50")
  int limit;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    try (Store s = store.open()) {
      List<Incident> incidents = s.incidents().list(open ? true : null, limit);
      Table.print(store.redactor(), incidents, json,
          i -> new Object[] {i.id(), i.openedAt(), i.target(), i.condition(), i.severity().key(), i.state().key(),
              i.healingAttempts(), String.join(",", i.strategiesTried()),
              i.resolutionSeconds() == null ? "" : i.resolutionSeconds() + " s"},
          "ID", "OPENED", "TARGET", "CONDITION", "SEVERITY", "STATE", "ATTEMPTS", "STRATEGIES", "RESOLVED IN");
      return 0;
    }
  }
}
