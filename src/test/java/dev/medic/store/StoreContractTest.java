package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.TimelineEvent;
import dev.medic.support.SettableClock;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, whatever it keeps its rows in. An implementation passes by
 * extending this class with a way to open a new, empty store. Time comes from a clock the test
 * moves.
 */
public abstract class StoreContractTest {

  protected final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T10:00:00Z"));
  protected Store store;

  /** A new, empty store. */
  protected abstract Store open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Instant now() {
    return clock.instant();
  }

  private Incident incident(String target, String condition) {
    return Incident.open(target, condition, Severity.WARNING, condition + " on " + target, now());
  }

  // ---- incidents --------------------------------------------------------------------------

  @Test
  void incidentsRoundTripAndListNewestFirstByState() {
    Incident web = store.incidents().insert(incident("web", "http_error"));
    Incident db = store.incidents().insert(incident("db", "tcp_unreachable"));
    clock.advance(Duration.ofSeconds(30));
    Incident attempted = web.withAttempt("restart", now());
    store.incidents().update(attempted);
    store.incidents().update(db.resolvedAt("came back", now()));

    assertThat(web.id()).isPositive();
    assertThat(db.id()).isGreaterThan(web.id());
    assertThat(store.incidents().get(web.id())).contains(attempted);
    assertThat(store.incidents().get(db.id() + 100)).isEmpty();
    assertThat(store.incidents().list(null, 10)).extracting(Incident::id).containsExactly(db.id(), web.id());
    assertThat(store.incidents().list(true, 10)).extracting(Incident::id).containsExactly(web.id());
    assertThat(store.incidents().list(false, 10)).singleElement()
        .satisfies(i -> assertThat(i.resolutionSeconds()).isEqualTo(30));
    assertThat(store.incidents().list(null, 1)).extracting(Incident::id).containsExactly(db.id());
  }

  @Test
  void openIfAbsentGivesTheOpenIncidentBackUntilItIsResolved() {
    Incidents.Opened first = store.incidents().openIfAbsent(incident("web", "http_error"));
    clock.advance(Duration.ofSeconds(5));
    Incidents.Opened again = store.incidents().openIfAbsent(incident("web", "http_error"));
    Incidents.Opened other = store.incidents().openIfAbsent(incident("web", "http_timeout"));

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.incident()).isEqualTo(first.incident());
    assertThat(other.created()).isTrue();

    store.incidents().update(first.incident().resolvedAt("cleared", now()));
    Incidents.Opened afterResolve = store.incidents().openIfAbsent(incident("web", "http_error"));
    assertThat(afterResolve.created()).isTrue();
    assertThat(afterResolve.incident().id()).isNotIn(first.incident().id(), other.incident().id());
  }

  @Test
  void openIfAbsentFromTwoThreadsAtOnceOpensOneIncident() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String condition = "condition_" + round;
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Incidents.Opened>> racing = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          racing.add(threads.submit(() -> {
            together.await();
            return store.incidents().openIfAbsent(incident("web", condition));
          }));
        }
        Incidents.Opened a = racing.get(0).get();
        Incidents.Opened b = racing.get(1).get();
        assertThat(a.incident().id()).as("round %d", round).isEqualTo(b.incident().id());
        assertThat(a.created() ^ b.created()).as("exactly one created, round %d", round).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(store.incidents().list(true, 100)).hasSize(20);
  }

  @Test
  void timelineKeepsEachIncidentsEventsInOrder() {
    Incident web = store.incidents().insert(incident("web", "http_error"));
    Incident db = store.incidents().insert(incident("db", "tcp_unreachable"));
    store.incidents().appendTimeline(new TimelineEvent(web.id(), now(), "opened", "500"));
    store.incidents().appendTimeline(new TimelineEvent(db.id(), now(), "opened", "refused"));
    clock.advance(Duration.ofSeconds(1));
    store.incidents().appendTimeline(new TimelineEvent(web.id(), now(), "healing", "restart"));

    assertThat(store.incidents().timeline(web.id())).extracting(TimelineEvent::event).containsExactly("opened", "healing");
    assertThat(store.incidents().timeline(web.id()).getLast().at()).isEqualTo(now());
    assertThat(store.incidents().timeline(db.id())).extracting(TimelineEvent::detail).containsExactly("refused");
  }

  @Test
  void lastResolvedIsPerTargetAndOnlyForIncidentsThatCleared() {
    Incident early = store.incidents().insert(incident("web", "http_error"));
    Incident symptom = store.incidents().insert(incident("worker", "process_exited"));
    clock.advance(Duration.ofMinutes(1));
    store.incidents().update(early.resolvedAt("cleared", now()));
    store.incidents().update(symptom.closedAs(Incident.SYMPTOM, "folded into a crash loop", now()));
    Incident later = store.incidents().insert(incident("web", "http_error"));
    clock.advance(Duration.ofMinutes(1));
    store.incidents().update(later.resolvedAt("cleared again", now()));

    assertThat(store.incidents().lastResolved(Instant.EPOCH)).containsExactlyEntriesOf(Map.of("web", now()));
    assertThat(store.incidents().lastResolved(now().plusSeconds(1))).isEmpty();
  }

  // ---- audit ------------------------------------------------------------------------------

  @Test
  void auditKeepsEveryEntryAsWrittenAndItsChainVerifies() {
    for (int i = 1; i <= 5; i++) {
      store.audit().append(AuditEntry.of(now(), (long) (i % 2), "web", "decision", "restart", "", "entry " + i));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(store.audit().list(null, 10)).extracting(AuditEntry::detail)
        .containsExactly("entry 5", "entry 4", "entry 3", "entry 2", "entry 1");
    assertThat(store.audit().list(0L, 10)).extracting(AuditEntry::detail).containsExactly("entry 4", "entry 2");
    assertThat(store.audit().list(null, 2)).hasSize(2);
    AuditVerification verified = store.audit().verify();
    assertThat(verified.ok()).as(verified.summary()).isTrue();
    assertThat(verified.rows()).isEqualTo(5);
    assertThat(store.audit().head().headId()).isEqualTo(store.audit().list(null, 1).getFirst().id());
    assertThat(store.audit().head().headHash()).isEqualTo(verified.headHash());
    assertThat(store.audit().lastVerification()).isEqualTo(verified);
    assertThat(store.problem()).isEmpty();
  }

  @Test
  void processExitsAreTheTargetsOwnSinceTheInstantOldestFirst() {
    Instant start = now();
    for (String target : List.of("worker", "other", "worker")) {
      clock.advance(Duration.ofSeconds(10));
      store.audit().append(AuditEntry.of(now(), null, target, AuditEntry.PROCESS_EXITED, null, "", "exit 1"));
    }
    assertThat(store.audit().processExits("worker", start)).containsExactly(start.plusSeconds(10), start.plusSeconds(30));
    assertThat(store.audit().processExits("worker", start.plusSeconds(11))).containsExactly(start.plusSeconds(30));
  }

  // ---- healing ledger ---------------------------------------------------------------------

  private HealingLedger.Attempt acted(long incident, String target, String strategy, AttemptResult result) {
    HealingLedger.Attempt a = store.ledger().begin(incident, target, strategy, "command /bin/true", now());
    clock.advance(Duration.ofSeconds(2));
    store.ledger().finish(a, result, "done", now());
    return a;
  }

  @Test
  void cooldownCountsFromWhenTheStrategysLastActionEnded() {
    acted(1, "web", "restart", AttemptResult.OK);
    Instant ended = now();
    clock.advance(Duration.ofMinutes(5));
    acted(1, "web", "flush", AttemptResult.FAILED);
    acted(2, "db", "restart", AttemptResult.OK);

    assertThat(store.ledger().lastAction("web", "restart")).contains(ended);
    assertThat(store.ledger().lastAction("web", "vacuum")).isEmpty();
    assertThat(store.ledger().lastAction("cache", "restart")).isEmpty();
  }

  @Test
  void hourlyBudgetCountsTheTargetsActionsThatEndedInTheWindow() {
    Instant start = now();
    acted(1, "web", "restart", AttemptResult.OK);
    acted(1, "web", "flush", AttemptResult.NO_EFFECT);
    acted(2, "db", "restart", AttemptResult.FAILED);
    clock.advance(Duration.ofMinutes(30));
    acted(1, "web", "restart", AttemptResult.FAILED);

    assertThat(store.ledger().actionsSince("web", start)).isEqualTo(3);
    assertThat(store.ledger().actionsSince("web", start.plusSeconds(5))).isEqualTo(1);
    assertThat(store.ledger().actionsSince("db", start)).isEqualTo(1);
  }

  @Test
  void attemptsAreCountedPerIncidentAndStrategy() {
    acted(1, "web", "restart", AttemptResult.OK);
    acted(1, "web", "restart", AttemptResult.NO_EFFECT);
    acted(1, "web", "flush", AttemptResult.OK);
    acted(2, "web", "restart", AttemptResult.FAILED);

    assertThat(store.ledger().attempts(1, "restart")).isEqualTo(2);
    assertThat(store.ledger().attempts(1, "flush")).isEqualTo(1);
    assertThat(store.ledger().attempts(2, "restart")).isEqualTo(1);
    assertThat(store.ledger().attempts(3, "restart")).isZero();
  }

  @Test
  void dryRunsSpendNoCooldownBudgetOrAttempt() {
    acted(1, "web", "restart", AttemptResult.DRY_RUN);

    assertThat(store.ledger().lastAction("web", "restart")).isEmpty();
    assertThat(store.ledger().actionsSince("web", Instant.EPOCH)).isZero();
    assertThat(store.ledger().attempts(1, "restart")).isZero();
    assertThat(store.ledger().unfinished()).isEmpty();
    assertThat(store.ledger().recentResults(10)).isEmpty();
  }

  @Test
  void anAttemptBegunAndNeverFinishedIsRecoveredAsAnInterruptedAttempt() {
    HealingLedger.Attempt cut = store.ledger().begin(7, "api", "slow_fix", "command sleep 60", now());
    acted(8, "api", "restart", AttemptResult.OK);

    assertThat(store.ledger().unfinished()).containsExactly(cut);
    assertThat(store.ledger().attempts(7, "slow_fix")).as("running, not yet counted").isZero();

    clock.advance(Duration.ofMinutes(10));
    store.ledger().finish(cut, AttemptResult.INTERRUPTED, "interrupted by a restart of medic", cut.startedAt());

    assertThat(store.ledger().unfinished()).isEmpty();
    assertThat(store.ledger().attempts(7, "slow_fix")).isEqualTo(1);
    assertThat(store.ledger().lastAction("api", "slow_fix")).contains(cut.startedAt());
    assertThat(store.ledger().recentResults(10)).as("no verdict: it neither healed nor failed").isEmpty();
    assertThatThrownBy(() -> store.ledger().finish(cut, AttemptResult.OK, "again", now()))
        .as("an attempt is finished once").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void breakerMemoryIsTheVerdictsNewestFirst() {
    store.ledger().verified(acted(1, "web", "restart", AttemptResult.OK), true);
    acted(1, "web", "restart", AttemptResult.FAILED);
    acted(1, "web", "flush", AttemptResult.NO_EFFECT);
    store.ledger().verified(acted(2, "db", "restart", AttemptResult.OK), false);
    acted(2, "db", "restart", AttemptResult.OK); // not verified yet: no verdict

    assertThat(store.ledger().recentResults(10)).containsExactly(false, false, true);
    assertThat(store.ledger().recentResults(2)).containsExactly(false, false);
  }

  @Test
  void failedStreakCountsFailuresSinceTheLastHealPerTarget() {
    Instant start = now();
    acted(1, "web", "restart", AttemptResult.FAILED);
    store.ledger().verified(acted(1, "web", "restart", AttemptResult.OK), true);
    acted(2, "web", "restart", AttemptResult.FAILED);
    acted(2, "web", "flush", AttemptResult.NO_EFFECT);
    store.ledger().verified(acted(2, "web", "flush", AttemptResult.OK), false);
    acted(3, "db", "restart", AttemptResult.FAILED);
    store.ledger().verified(acted(4, "cache", "restart", AttemptResult.OK), true);

    assertThat(store.ledger().failedStreaks(start)).containsExactlyInAnyOrderEntriesOf(
        Map.of("web", 2, "db", 1, "cache", 0));
    assertThat(store.ledger().failedStreaks(now().plusSeconds(1))).isEmpty();
  }

  // ---- approvals --------------------------------------------------------------------------

  @Test
  void anApprovalIsDecidedOnceAndTheFirstDecisionWins() {
    Incident i = store.incidents().insert(incident("web", "http_error"));
    Approval asked = store.approvals().insert(new Approval(0, i.id(), "web", "flush", "command /bin/true",
        Approval.State.PENDING, now(), now().plusSeconds(600), null, null, null));

    assertThat(asked.id()).isPositive();
    assertThat(store.approvals().pending(i.id(), "flush")).contains(asked);
    assertThat(store.approvals().list(Approval.State.PENDING, 10)).containsExactly(asked);

    clock.advance(Duration.ofSeconds(30));
    assertThat(store.approvals().decide(asked.id(), Approval.State.APPROVED, now(), "alice", "go")).isTrue();
    assertThat(store.approvals().decide(asked.id(), Approval.State.REJECTED, now(), "bob", "no")).isFalse();

    assertThat(store.approvals().get(asked.id())).hasValueSatisfying(a -> {
      assertThat(a.state()).isEqualTo(Approval.State.APPROVED);
      assertThat(a.decidedBy()).isEqualTo("alice");
      assertThat(a.decidedAt()).isEqualTo(now());
    });
    assertThat(store.approvals().pending(i.id(), "flush")).isEmpty();
    assertThat(store.approvals().list(Approval.State.PENDING, 10)).isEmpty();
    assertThat(store.approvals().list(null, 10)).hasSize(1);
    assertThat(store.approvals().decide(asked.id() + 100, Approval.State.APPROVED, now(), "alice", null)).isFalse();
  }

  // ---- observations -----------------------------------------------------------------------

  @Test
  void observationsAreRecordedFlushedListedNewestFirstAndPruned() {
    Instant start = now();
    for (int i = 0; i < 50; i++) {
      store.observations().record(Observation.of(start.plusSeconds(i), i % 5 == 0 ? "db" : "web", "http",
          ProbeResult.up(Duration.ofMillis(3), Map.of("latency_ms", 3.0), "ok")));
    }
    store.observations().flush();

    assertThat(store.observations().list("web", 3)).extracting(Observation::at)
        .containsExactly(start.plusSeconds(49), start.plusSeconds(48), start.plusSeconds(47));
    assertThat(store.observations().list("web", 1).getFirst().metrics()).containsEntry("latency_ms", 3.0);
    assertThat(store.observations().list("db", 100)).hasSize(10);
    assertThat(store.observations().prune(start.plusSeconds(40))).isEqualTo(40);
    assertThat(store.observations().list("web", 100)).hasSize(8);
    assertThat(store.observations().dropped()).isZero();
  }

  // ---- root-cause links --------------------------------------------------------------------

  @Test
  void aLinkIsActiveUntilItEndsAndStaysInTheRootsHistory() {
    Incident db = store.incidents().insert(incident("db", "tcp_unreachable"));
    Incident api = store.incidents().insert(incident("api", "http_error"));
    Incident web = store.incidents().insert(incident("web", "http_error"));
    store.links().link(api.id(), db.id(), now());
    clock.advance(Duration.ofSeconds(5));
    store.links().link(web.id(), db.id(), now());
    clock.advance(Duration.ofSeconds(5));
    store.links().unlink(api.id(), now());

    Instant t0 = now().minusSeconds(10);
    assertThat(store.links().active()).containsExactly(
        new IncidentLinks.Link(web.id(), db.id(), t0.plusSeconds(5), null));
    assertThat(store.links().ofRoot(db.id())).containsExactly(
        new IncidentLinks.Link(api.id(), db.id(), t0, now()),
        new IncidentLinks.Link(web.id(), db.id(), t0.plusSeconds(5), null));
    assertThat(store.links().ofRoot(api.id())).isEmpty();
    // Ending a link that is not active changes nothing.
    store.links().unlink(api.id(), now().plusSeconds(60));
    assertThat(store.links().ofRoot(db.id()).getFirst().unlinkedAt()).isEqualTo(now());
  }

  @Test
  void aSymptomHasOneRootAtATimeAndMayBeLinkedAgainOnceItsLinkEnded() {
    Incident db = store.incidents().insert(incident("db", "tcp_unreachable"));
    Incident api = store.incidents().insert(incident("api", "http_error"));
    Incident web = store.incidents().insert(incident("web", "http_error"));
    store.links().link(web.id(), db.id(), now());

    assertThatThrownBy(() -> store.links().link(web.id(), api.id(), now())).isInstanceOf(RuntimeException.class);

    clock.advance(Duration.ofSeconds(1));
    store.links().unlink(web.id(), now());
    store.links().link(web.id(), api.id(), now());
    assertThat(store.links().active()).extracting(IncidentLinks.Link::rootId).containsExactly(api.id());
  }

  @Test
  void linksWrittenInATransactionThatThrowsAreNotKept() {
    Incident db = store.incidents().insert(incident("db", "tcp_unreachable"));
    Incident api = store.incidents().insert(incident("api", "http_error"));

    assertThatThrownBy(() -> store.inTransaction(s -> {
      s.links().link(api.id(), db.id(), now());
      assertThat(s.links().active()).hasSize(1);
      throw new IllegalStateException("the work failed halfway");
    })).hasMessage("the work failed halfway");

    assertThat(store.links().active()).isEmpty();
    assertThat(store.links().ofRoot(db.id())).isEmpty();
  }

  // ---- transactions -----------------------------------------------------------------------

  @Test
  void aTransactionsWritesCommitTogetherAndItsReadsSeeThem() {
    Incident opened = store.inTransaction(s -> {
      Incident i = s.incidents().insert(incident("web", "http_error"));
      s.incidents().appendTimeline(new TimelineEvent(i.id(), now(), "opened", "500"));
      s.audit().append(AuditEntry.of(now(), i.id(), "web", "opened", null, "", "http_error: 500"));
      assertThat(s.incidents().get(i.id())).contains(i);
      assertThat(s.incidents().timeline(i.id())).hasSize(1);
      return i;
    });

    assertThat(store.incidents().list(true, 10)).containsExactly(opened);
    assertThat(store.incidents().timeline(opened.id())).extracting(TimelineEvent::event).containsExactly("opened");
    assertThat(store.audit().list(opened.id(), 10)).extracting(AuditEntry::kind).containsExactly("opened");
    assertThat(store.audit().verify().ok()).isTrue();
  }

  @Test
  void aTransactionThatThrowsLeavesNothingBehind() {
    Incident before = store.incidents().insert(incident("db", "tcp_unreachable"));
    store.audit().append(AuditEntry.of(now(), before.id(), "db", "opened", null, "", "before"));

    assertThatThrownBy(() -> store.inTransaction(s -> {
      Incident i = s.incidents().insert(incident("web", "http_error"));
      s.incidents().appendTimeline(new TimelineEvent(i.id(), now(), "opened", "500"));
      s.incidents().update(before.resolvedAt("cleared", now()));
      s.audit().append(AuditEntry.of(now(), i.id(), "web", "opened", null, "", "http_error: 500"));
      HealingLedger.Attempt a = s.ledger().begin(i.id(), "web", "restart", "restart web", now());
      s.ledger().finish(a, AttemptResult.OK, "restarted", now());
      s.approvals().insert(new Approval(0, i.id(), "web", "flush", "command /bin/true", Approval.State.PENDING,
          now(), now().plusSeconds(60), null, null, null));
      // A nested transaction joins this one: its writes go with it.
      s.inTransaction(inner -> inner.incidents().insert(incident("cache", "http_error")));
      throw new IllegalStateException("the work failed halfway");
    })).hasMessage("the work failed halfway");

    assertThat(store.incidents().list(null, 10)).containsExactly(before);
    assertThat(store.audit().list(null, 10)).extracting(AuditEntry::detail).containsExactly("before");
    assertThat(store.ledger().actionsSince("web", Instant.EPOCH)).isZero();
    assertThat(store.ledger().unfinished()).isEmpty();
    assertThat(store.approvals().list(null, 10)).isEmpty();
    assertThat(store.audit().verify().ok()).isTrue();
    assertThat(store.backlog()).isZero();
    // The store goes on as before.
    Incident after = store.incidents().insert(incident("web", "http_error"));
    assertThat(store.incidents().list(true, 10)).containsExactly(after, before);
  }

  @Test
  void othersDoNotSeeATransactionsWritesBeforeItCommits() {
    List<Incident> seenMeanwhile = store.inTransaction(s -> {
      s.incidents().insert(incident("web", "http_error"));
      return CompletableFuture.supplyAsync(() -> store.incidents().list(null, 10)).join();
    });

    assertThat(seenMeanwhile).isEmpty();
    assertThat(store.incidents().list(null, 10)).hasSize(1);
  }
}
