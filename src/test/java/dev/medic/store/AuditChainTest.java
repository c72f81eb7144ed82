package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's hash chain against a real SQLite file: rows are tampered with through a raw
 * connection, after dropping the append-only triggers as anyone with file access could.
 */
class AuditChainTest {

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  private Path storeWithFiveEntries() {
    Path db = dir.resolve("medic.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      for (int i = 1; i <= 5; i++) {
        store.audit().append(AuditEntry.of(t0.plusSeconds(i), (long) i, "web", "action", "restart", "ok", "attempt " + i));
      }
    }
    return db;
  }

  private static void raw(Path db, String... sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.executeUpdate(q);
      }
    }
  }

  @Test
  void intactChainVerifiesWithItsRowCount() {
    Path db = storeWithFiveEntries();
    try (SqliteStore store = SqliteStore.open(db)) {
      AuditVerification v = store.audit().verify();
      assertThat(v.ok()).isTrue();
      assertThat(v.rows()).isEqualTo(5);
      assertThat(v.headId()).isEqualTo(5);
      assertThat(v.headHash()).hasSize(64);
      assertThat(store.problem()).isEmpty();
    }
  }

  @Test
  void editedRowIsReportedAsTheFirstBrokenLinkAndMakesTheStoreLoud() throws Exception {
    Path db = storeWithFiveEntries();
    raw(db, "DROP TRIGGER audit_no_update", "UPDATE audit SET result = 'failed' WHERE id = 3");

    try (SqliteStore store = SqliteStore.open(db)) {
      AuditVerification v = store.audit().verify();
      assertThat(v.ok()).isFalse();
      assertThat(v.brokenAt()).isEqualTo(3);
      assertThat(v.problem()).contains("edited");
      assertThat(v.rows()).isEqualTo(2);
      assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains("audit chain broken at row 3"));
      // Loud, never a refusal: the store still takes writes.
      store.audit().append(AuditEntry.of(t0.plusSeconds(9), null, "web", "reload", null, "ok", ""));
      assertThat(store.audit().list(null, 1).getFirst().kind()).isEqualTo("reload");
    }
  }

  @Test
  void deletedRowBreaksTheLinkOfTheRowAfterIt() throws Exception {
    Path db = storeWithFiveEntries();
    raw(db, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE id = 2");

    try (SqliteStore store = SqliteStore.open(db)) {
      AuditVerification v = store.audit().verify();
      assertThat(v.ok()).isFalse();
      assertThat(v.brokenAt()).isEqualTo(3);
      assertThat(v.problem()).contains("does not match row 1").contains("deleted");
    }
  }

  @Test
  void rowInsertedAroundMedicWithoutHashBreaksTheChain() throws Exception {
    Path db = storeWithFiveEntries();
    raw(db, "INSERT INTO audit (at, kind, result, detail, actor) VALUES (0, 'action', 'ok', 'forged', 'medic')");

    try (SqliteStore store = SqliteStore.open(db)) {
      AuditVerification v = store.audit().verify();
      assertThat(v.brokenAt()).isEqualTo(6);
      assertThat(v.problem()).contains("no hash");
    }
  }

  @Test
  void chainedRowsStayAppendOnlyWhileTheTriggersAreThere() {
    Path db = storeWithFiveEntries();
    assertThatThrownBy(() -> raw(db, "UPDATE audit SET hash = NULL, prev_hash = NULL WHERE id = 3"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> raw(db, "UPDATE audit SET detail = 'x' WHERE id = 3"))
        .hasMessageContaining("append-only");
  }

  @Test
  void rowsWrittenBeforeTheChainExistedAreChainedOnFirstOpen() throws Exception {
    Path db = dir.resolve("old.db");
    // A store as the previous release left it: schema up to V2, audit rows without hashes.
    Flyway.configure().dataSource("jdbc:sqlite:" + db, null, null).locations("classpath:db/migration/sqlite")
        .target("2").load().migrate();
    raw(db, "INSERT INTO audit (at, kind, result, detail) VALUES (1, 'opened', '', 'old one')",
        "INSERT INTO audit (at, kind, result, detail) VALUES (2, 'action', 'ok', 'old two')");

    try (SqliteStore store = SqliteStore.open(db)) {
      store.audit().append(AuditEntry.of(t0, null, "web", "reload", null, "ok", "new"));
      AuditVerification v = store.audit().verify();
      assertThat(v.ok()).as(v.summary()).isTrue();
      assertThat(v.rows()).isEqualTo(3);
    }
    // Once chained, the old rows are as protected as the new ones.
    raw(db, "DROP TRIGGER audit_no_update", "UPDATE audit SET detail = 'rewritten' WHERE id = 1");
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.audit().verify().brokenAt()).isEqualTo(1);
    }
  }

  @Test
  void eachStartRecordsTheChainHeadAndVerifiesTheChain() {
    Path db = storeWithFiveEntries();
    String head;
    try (SqliteStore store = SqliteStore.open(db)) {
      head = store.audit().verify().headHash();
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      store.audit().startChain(t0.plusSeconds(60));
      assertThat(store.audit().list(null, 1)).singleElement().satisfies(a -> {
        assertThat(a.kind()).isEqualTo(AuditEntry.CHAIN_HEAD);
        assertThat(a.detail()).isEqualTo("head #5 " + head);
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> store.audit().lastVerification() != null);
      assertThat(store.audit().lastVerification().ok()).isTrue();
      assertThat(store.audit().lastVerification().rows()).isEqualTo(6);
    }
  }
}
