package dev.medic.cli;

import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medic audit [--json] [--incident ID]}. */
@Command(name = "audit", description = "Show the audit trail, oldest of the selection first.")
final class AuditCommand implements Callable<Integer> {

  @Option(names = "--json", description = "JSON instead of a table.")
  boolean json;

  @Option(names = "--incident", paramLabel = "ID", description = "Only entries of this incident.")
  Long incident;

  @Option(names = "--limit", defaultValue = "100")
  int limit;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    try (Store s = store.open()) {
      List<AuditEntry> entries = s.audit(incident, limit).reversed();
      Table.print(entries, json,
          a -> new Object[] {a.id(), a.at(), a.incidentId(), a.target(), a.kind(), a.strategy(), a.result(), a.detail()},
          "ID", "AT", "INCIDENT", "TARGET", "KIND", "STRATEGY", "RESULT", "DETAIL");
      return 0;
    }
  }
}
