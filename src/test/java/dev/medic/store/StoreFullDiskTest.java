package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real filesystem that runs out of space: writes are held in memory in order (the
 * caller never sees an exception and gets its ids at once), reads and the healing limits see them,
 * and once space returns they are written, each exactly once, behind what was already committed.
 */
class StoreFullDiskTest {

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void fullDiskHoldsWritesInMemoryAndCatchesUpWhenSpaceReturns() throws Exception {
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m")) {
      Path db = disk.dir().resolve("medic.db");
      long committedId;
      long heldId;
      long approvalId;
      try (SqliteStore store = SqliteStore.open(db)) {
        Incident committed = store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "down", t0));
        committedId = committed.id();
        store.audit().append(AuditEntry.of(t0, committedId, "db", "opened", null, "", "down"));

        disk.fill();

        // Detection and healing go on: none of these throws, and the new incident has its id now.
        Incident held = store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "500", t0.plusSeconds(1)));
        heldId = held.id();
        assertThat(heldId).isEqualTo(committedId + 1);
        store.incidents().appendTimeline(new TimelineEvent(heldId, t0.plusSeconds(1), "opened", "500"));
        HealingLedger.Attempt restart = store.ledger().begin(heldId, "web", "restart", "restart web", t0.plusSeconds(2));
        store.ledger().finish(restart, AttemptResult.FAILED, "exit 1", t0.plusSeconds(2));
        store.audit().append(AuditEntry.of(t0.plusSeconds(2), heldId, "web", "action", "restart", "failed", "exit 1"));
        HealingLedger.Attempt flush = store.ledger().begin(heldId, "web", "flush", "command flush", t0.plusSeconds(3));
        store.incidents().update(held.withAttempt("restart", t0.plusSeconds(2)));
        store.incidents().update(committed.resolvedAt("came back", t0.plusSeconds(3)));
        Approval approval = store.approvals().insert(new Approval(0, heldId, "web", "flush", "command /bin/true",
            Approval.State.PENDING, t0.plusSeconds(4), t0.plusSeconds(600), null, null, null));
        approvalId = approval.id();
        assertThat(store.approvals().decide(approvalId, Approval.State.APPROVED, t0.plusSeconds(5), "alice", null)).isTrue();
        assertThat(store.approvals().decide(approvalId, Approval.State.REJECTED, t0.plusSeconds(6), "bob", null))
            .as("the first decision wins, held or not").isFalse();

        // The problem is loud.
        assertThat(store.writable()).isFalse();
        assertThat(store.backlog()).isEqualTo(10);
        assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains("cannot write").contains("SQLITE_FULL"));

        // Readers and the healing limits see held writes as if committed.
        assertThat(store.incidents().get(heldId)).hasValueSatisfying(i -> assertThat(i.healingAttempts()).isEqualTo(1));
        assertThat(store.incidents().list(true, 10)).extracting(Incident::id).containsExactly(heldId);
        assertThat(store.incidents().list(false, 10)).extracting(Incident::id).containsExactly(committedId);
        assertThat(store.incidents().timeline(heldId)).extracting(TimelineEvent::event).containsExactly("opened");
        assertThat(store.ledger().attempts(heldId, "restart")).isEqualTo(1);
        assertThat(store.ledger().actionsSince("web", t0)).isEqualTo(1);
        assertThat(store.ledger().lastAction("web", "restart")).contains(t0.plusSeconds(2));
        assertThat(store.ledger().recentResults(5)).containsExactly(false);
        assertThat(store.ledger().unfinished()).containsExactly(flush);
        assertThat(store.audit().list(heldId, 10)).extracting(AuditEntry::kind).containsExactly("action");
        assertThat(store.approvals().get(approvalId)).hasValueSatisfying(a -> assertThat(a.decidedBy()).isEqualTo("alice"));
        assertThat(store.approvals().list(Approval.State.PENDING, 10)).isEmpty();

        disk.free();

        await().atMost(Duration.ofSeconds(15)).until(() -> store.backlog() == 0);
        assertThat(store.writable()).isTrue();
        assertThat(store.problem()).isEmpty();
        assertThat(store.audit().verify().ok()).isTrue();
        // New writes go straight to the file again, after the caught-up ones.
        assertThat(store.incidents().insert(Incident.open("cache", "http_error", Severity.WARNING, "x", t0.plusSeconds(9))).id())
            .isEqualTo(heldId + 1);
      }

      // What was committed before stayed; what was held is in the file, each row once.
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM incidents")).isEqualTo(3);
        assertThat(count(s, "SELECT healing_attempts FROM incidents WHERE id = " + heldId)).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM incidents WHERE state = 'resolved' AND id = " + committedId)).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM incident_events WHERE incident_id = " + heldId)).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM audit")).isEqualTo(2);
        assertThat(count(s, "SELECT count(*) FROM healing_ledger WHERE incident_id = " + heldId
            + " AND result = 'failed' AND healed = 0 AND finished_at = " + t0.plusSeconds(2).toEpochMilli())).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM healing_ledger WHERE result IS NULL AND strategy = 'flush'")).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM audit WHERE incident_id = " + heldId + " AND kind = 'action'")).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM approvals WHERE id = " + approvalId
            + " AND state = 'approved' AND decided_by = 'alice'")).isEqualTo(1);
      }
    }
  }

  @Test
  void aTransactionOnAFullDiskIsHeldAsOneGroupAndDroppedWholeIfItThrows() throws Exception {
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m")) {
      Path db = disk.dir().resolve("medic.db");
      Incident opened;
      try (SqliteStore store = SqliteStore.open(db)) {
        Incident before = store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "down", t0));

        disk.fill();

        opened = store.inTransaction(s -> opening(s, "web", t0.plusSeconds(1)));
        assertThat(opened.id()).isEqualTo(before.id() + 1);
        assertThat(store.backlog()).isEqualTo(3);
        assertThatThrownBy(() -> store.inTransaction(s -> {
          opening(s, "cache", t0.plusSeconds(2));
          throw new IllegalStateException("the work failed halfway");
        })).hasMessage("the work failed halfway");

        // The group that threw is gone from memory too; the one before it stays, whole.
        assertThat(store.backlog()).isEqualTo(3);
        assertThat(store.incidents().list(true, 10)).extracting(Incident::target).containsExactly("web", "db");
        assertThat(store.audit().list(null, 10)).extracting(AuditEntry::target).containsExactly("web");

        disk.free();
        await().atMost(Duration.ofSeconds(15)).until(() -> store.backlog() == 0);
        assertThat(store.audit().verify().ok()).isTrue();
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM incidents")).isEqualTo(2);
        assertThat(count(s, "SELECT count(*) FROM incident_events WHERE incident_id = " + opened.id())).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM audit WHERE incident_id = " + opened.id())).isEqualTo(1);
      }
    }
  }

  @Test
  void aDiskThatFillsDuringATransactionHoldsWhatItHadWrittenAndTheRestInOrder() throws Exception {
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m")) {
      Path db = disk.dir().resolve("medic.db");
      Incident opened;
      try (SqliteStore store = SqliteStore.open(db)) {
        store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "down", t0));

        opened = store.inTransaction(s -> {
          Incident i = s.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "500", t0));
          fill(disk);
          s.incidents().appendTimeline(new TimelineEvent(i.id(), t0, "opened", "500"));
          s.audit().append(AuditEntry.of(t0, i.id(), "web", "opened", null, "", "http_error: 500"));
          return i;
        });

        assertThat(store.writable()).isFalse();
        assertThat(store.backlog()).isEqualTo(3);
        assertThat(store.incidents().get(opened.id())).contains(opened);
        assertThat(store.incidents().timeline(opened.id())).extracting(TimelineEvent::event).containsExactly("opened");
        assertThat(store.audit().list(opened.id(), 10)).extracting(AuditEntry::kind).containsExactly("opened");

        disk.free();
        await().atMost(Duration.ofSeconds(15)).until(() -> store.backlog() == 0);
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM incidents WHERE target = 'web' AND id = " + opened.id())).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM incident_events WHERE incident_id = " + opened.id())).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM audit WHERE incident_id = " + opened.id())).isEqualTo(1);
      }
    }
  }

  @Test
  void linksOnAFullDiskAreHeldSeenByReadersAndWrittenOnceSpaceReturns() throws Exception {
    try (FullDisk disk = FullDisk.mount(dir.resolve("small"), "2m")) {
      Path db = disk.dir().resolve("medic.db");
      long rootId;
      long apiId;
      long webId;
      try (SqliteStore store = SqliteStore.open(db)) {
        rootId = store.incidents().insert(Incident.open("db", "tcp_unreachable", Severity.CRITICAL, "down", t0)).id();
        apiId = store.incidents().insert(Incident.open("api", "http_error", Severity.CRITICAL, "500", t0)).id();
        store.links().link(apiId, rootId, t0);

        disk.fill();

        webId = store.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "502", t0)).id();
        store.links().link(webId, rootId, t0.plusSeconds(1));
        store.links().unlink(apiId, t0.plusSeconds(2));
        assertThat(store.writable()).isFalse();

        // Readers see the held link and the held end as if committed, and the one-root rule holds.
        assertThat(store.links().active()).extracting(IncidentLinks.Link::symptomId).containsExactly(webId);
        assertThat(store.links().ofRoot(rootId)).containsExactly(
            new IncidentLinks.Link(apiId, rootId, t0, t0.plusSeconds(2)),
            new IncidentLinks.Link(webId, rootId, t0.plusSeconds(1), null));
        assertThatThrownBy(() -> store.links().link(webId, apiId, t0.plusSeconds(3)))
            .hasMessageContaining("already linked");

        disk.free();
        await().atMost(Duration.ofSeconds(15)).until(() -> store.backlog() == 0);
        assertThat(store.links().active()).extracting(IncidentLinks.Link::symptomId).containsExactly(webId);
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM incident_links WHERE root_id = " + rootId)).isEqualTo(2);
        assertThat(count(s, "SELECT count(*) FROM incident_links WHERE unlinked_at IS NULL AND symptom_id = " + webId))
            .isEqualTo(1);
        assertThat(count(s, "SELECT unlinked_at FROM incident_links WHERE symptom_id = " + apiId))
            .isEqualTo(t0.plusSeconds(2).toEpochMilli());
      }
    }
  }

  /** An incident, its first event and its audit row, as the incident book writes them. */
  private static Incident opening(Store s, String target, Instant at) {
    Incident i = s.incidents().insert(Incident.open(target, "http_error", Severity.CRITICAL, "500", at));
    s.incidents().appendTimeline(new TimelineEvent(i.id(), at, "opened", "500"));
    s.audit().append(AuditEntry.of(at, i.id(), target, "opened", null, "", "http_error: 500"));
    return i;
  }

  private static void fill(FullDisk disk) {
    try {
      disk.fill();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
