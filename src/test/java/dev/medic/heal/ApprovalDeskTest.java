package dev.medic.heal;

import dev.medic.store.Approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.SqliteStore;
import dev.medic.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval requests against their timeout, on a settable clock and a real store. */
class ApprovalDeskTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(T0);
  private SqliteStore store;
  private ApprovalDesk desk;
  private long incident;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("medic.db"));
    desk = new ApprovalDesk(store, clock);
    incident = store.incidents().insert(Incident.open("cache", "stale_data", Severity.CRITICAL, "stale", T0)).id();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Approval request() {
    return desk.request(incident, "cache", "flush", "FLUSHDB on redis://127.0.0.1:6379/15", TIMEOUT);
  }

  private Approval stored(long id) {
    return store.approvals().get(id).orElseThrow();
  }

  @Test
  void requestStaysPendingUpToItsTimeoutAndExpiresTheMomentItPasses() throws Exception {
    Approval request = request();
    assertThat(request.expiresAt()).isEqualTo(T0.plus(TIMEOUT));
    // The desk asks whether the request is still wanted each time it looks again: the clock is set
    // to the moment of each look there, so the test knows which look expired it.
    Deque<Instant> looks = new ArrayDeque<>(List.of(T0.plus(TIMEOUT).minusMillis(1), T0.plus(TIMEOUT)));
    Approval result = desk.await(request, () -> {
      clock.set(looks.pop());
      return true;
    });
    assertThat(looks).as("still pending 1 ms before its timeout, expired at it").isEmpty();
    assertThat(result.state()).isEqualTo(Approval.State.EXPIRED);
    assertThat(result.decidedAt()).isEqualTo(T0.plus(TIMEOUT));
    assertThat(result.decidedBy()).isNull();
    assertThat(result.reason()).isEqualTo("nobody answered within 600 s");
    assertThat(stored(request.id())).isEqualTo(result);
  }

  @Test
  void expiredRequestCannotBeDecidedAnyMore() throws Exception {
    Approval request = request();
    clock.advance(TIMEOUT.plusSeconds(1));
    assertThat(desk.await(request, () -> true).state()).isEqualTo(Approval.State.EXPIRED);

    assertThatThrownBy(() -> desk.decide(request.id(), true, "alice", "go"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("approval " + request.id() + " is already expired");
    assertThat(stored(request.id()).state()).isEqualTo(Approval.State.EXPIRED);
    assertThat(stored(request.id()).decidedBy()).isNull();
  }

  @Test
  void decisionMadeBeforeTheTimeoutStandsAfterIt() throws Exception {
    Approval request = request();
    clock.advance(Duration.ofMinutes(4));
    assertThat(desk.decide(request.id(), true, "alice", "off-peak")).hasValueSatisfying(a -> {
      assertThat(a.state()).isEqualTo(Approval.State.APPROVED);
      assertThat(a.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
      assertThat(a.decidedBy()).isEqualTo("alice");
    });

    clock.advance(Duration.ofHours(1));
    assertThat(desk.await(request, () -> true).state()).as("not expired after the fact").isEqualTo(Approval.State.APPROVED);
    assertThatThrownBy(() -> desk.decide(request.id(), false, "bob", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("approval " + request.id() + " is already approved");
    assertThat(desk.decide(request.id() + 1, true, "bob", null)).as("no such approval").isEmpty();
  }

  @Test
  void askingAgainWhilePendingKeepsTheFirstTimeoutAndAfterExpiryStartsANewRequest() throws Exception {
    Approval first = request();
    clock.advance(Duration.ofMinutes(9));
    Approval again = request();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.expiresAt()).as("asking again does not extend it").isEqualTo(T0.plus(TIMEOUT));

    clock.advance(Duration.ofMinutes(1));
    assertThat(desk.await(again, () -> true).state()).isEqualTo(Approval.State.EXPIRED);
    Approval next = request();
    assertThat(next.id()).isNotEqualTo(first.id());
    assertThat(next.pending()).isTrue();
    assertThat(next.expiresAt()).isEqualTo(T0.plus(TIMEOUT).plus(TIMEOUT));
  }

  @Test
  void requestNoLongerWantedIsWithdrawnAsExpiredBeforeItsTimeout() throws Exception {
    Approval request = request();
    clock.advance(Duration.ofMinutes(3));
    Approval result = desk.await(request, () -> false);
    assertThat(result.state()).isEqualTo(Approval.State.EXPIRED);
    assertThat(result.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(result.reason()).isEqualTo("withdrawn: the incident closed before anyone answered");
  }
}
