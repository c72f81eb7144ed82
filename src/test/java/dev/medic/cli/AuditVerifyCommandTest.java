package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic audit verify} on a real store: OK with the row count, or the first broken link and exit 1. */
class AuditVerifyCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out) {}

  private static synchronized Run medic(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      return new Run(Main.execute(args), o.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
    }
  }

  private Path storeWithFourEntries() {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      for (int i = 1; i <= 4; i++) {
        store.audit().append(AuditEntry.of(Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i), null, "web", "action",
            "restart", "ok", "#" + i));
      }
    }
    return db;
  }

  @Test
  void intactAuditVerifiesOkWithItsRowCount() {
    Path db = storeWithFourEntries();
    Run run = medic("audit", "verify", "--store", "sqlite:" + db);
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("OK: audit chain intact, 4 rows, head #4 ");
  }

  @Test
  void editedRowIsTheFirstBrokenLinkAndExits1() throws Exception {
    Path db = storeWithFourEntries();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate("DROP TRIGGER audit_no_update");
      s.executeUpdate("UPDATE audit SET detail = 'nothing happened' WHERE id = 2");
    }
    Run run = medic("audit", "verify", "--store", "sqlite:" + db);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("BROKEN: audit chain broken at row 2").contains("edited");
  }
}
