package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished deliveries leave the outbox with retention, but never those an all-clear still needs. */
class OutboxPruneTest {

  @TempDir Path dir;

  private static Outbox.Row row(Incident i, String key, Instant at) {
    return new Outbox.Row(0, i.id(), i.target(), "ops", "escalation", key, key, "{}", Outbox.State.PENDING, 0,
        at, at, null, null);
  }

  @Test
  void prunesFinishedRowsOfResolvedIncidentsAndKeepsPendingOnesAndThoseOfOpenIncidents() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      Outbox outbox = store.outbox();
      Incident resolved = store.incidents().insert(Incident.open("a", "http_error", Severity.WARNING, "down", t0));
      store.incidents().update(resolved.resolvedAt("up again", t0.plusSeconds(60)));
      Incident open = store.incidents().insert(Incident.open("b", "http_error", Severity.WARNING, "down", t0));

      long delivered = outbox.enqueue(row(resolved, "k1", t0)).orElseThrow();
      long givenUp = outbox.enqueue(row(resolved, "k2", t0)).orElseThrow();
      long pending = outbox.enqueue(row(resolved, "k3", t0)).orElseThrow();
      long toldAboutOpen = outbox.enqueue(row(open, "k4", t0)).orElseThrow();
      long recent = outbox.enqueue(row(resolved, "k5", t0)).orElseThrow();
      outbox.delivered(delivered, 1, t0.plusSeconds(1));
      outbox.failed(givenUp, 5, t0.plusSeconds(2), "HTTP 500");
      outbox.delivered(toldAboutOpen, 1, t0.plusSeconds(1));
      outbox.delivered(recent, 1, t0.plus(Duration.ofDays(8)));

      assertThat(outbox.prune(t0.plus(Duration.ofDays(7)))).isEqualTo(2);

      assertThat(outbox.forIncident(resolved.id())).extracting(Outbox.Row::id).containsExactly(pending, recent);
      assertThat(outbox.forIncident(open.id())).extracting(Outbox.Row::id).containsExactly(toldAboutOpen);
    }
  }
}
