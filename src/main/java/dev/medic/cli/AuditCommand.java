package dev.medic.cli;

import dev.medic.store.AuditEntry;
import dev.medic.store.AuditVerification;
import dev.medic.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medic audit [--json] [--incident ID]} and {@code medic audit verify}. */
@Command(name = "audit", description = "Show the audit trail, oldest of the selection first.",
    subcommands = AuditCommand.Verify.class)
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
      List<AuditEntry> entries = s.audit().list(incident, limit).reversed();
      Table.print(entries, json,
          a -> new Object[] {a.id(), a.at(), a.incidentId(), a.target(), a.kind(), a.strategy(), a.result(), a.detail()},
          "ID", "AT", "INCIDENT", "TARGET", "KIND", "STRATEGY", "RESULT", "DETAIL");
      return 0;
    }
  }

  /** {@code medic audit verify}: walks the hash chain; exit 0 when intact, 1 at the first broken link. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check the audit's hash chain: OK with the row count, or the first broken link (exit 1).")
  static final class Verify implements Callable<Integer> {

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      try (Store s = store.open()) {
        AuditVerification v = s.audit().verify();
        if (v.ok()) {
          System.out.println("OK: audit chain intact, " + v.rows() + " rows, head #" + v.headId() + " "
              + (v.headHash().isEmpty() ? "(empty audit)" : v.headHash()));
          return 0;
        }
        System.out.println("BROKEN: audit chain broken at row " + v.brokenAt() + ": " + v.problem()
            + " (" + v.rows() + " rows before it verified, last good row #" + v.headId() + ")");
        return 1;
      }
    }
  }
}
