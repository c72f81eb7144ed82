package dev.medic.silence;

import dev.medic.spi.Durations;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Where silences are made and expired, by the API and the command line alike: each request is
 * checked, stored, and audited with its author in one transaction.
 */
public final class SilenceDesk {

  /** The audit kind of a silence's rows; their result says {@code created} or {@code expired}. */
  public static final String AUDIT_KIND = "silence";

  private final Store store;
  private final Clock clock;
  private final Runnable changed;

  /** @param changed told after each change (the running book forgets what it read) */
  public SilenceDesk(Store store, Clock clock, Runnable changed) {
    this.store = store;
    this.clock = clock;
    this.changed = changed;
  }

  /**
   * Stores a new silence.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public Silence create(SilenceRequest request) {
    // The store keeps milliseconds: the silence handed back is the one it will read back.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Silence silence = check(request, now);
    Silence stored = store.inTransaction(s -> {
      Silence inserted = s.silences().insert(silence);
      s.audit().append(new AuditEntry(0, now, null, null, AUDIT_KIND, null, "created",
          describe(inserted), inserted.author()));
      return inserted;
    });
    changed.run();
    return stored;
  }

  /**
   * Ends a silence now.
   *
   * @return the expired silence; empty if there is none with that id
   * @throws IllegalStateException if it had ended already
   */
  public Optional<Silence> expire(long id, String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("by is required (who expires the silence)");
    }
    Instant now = clock.instant();
    Optional<Silence> current = store.silences().get(id);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    boolean expired = store.inTransaction(s -> {
      if (!s.silences().expire(id, now, by)) {
        return false;
      }
      s.audit().append(new AuditEntry(0, now, null, null, AUDIT_KIND, null, "expired",
          describe(current.get()), by));
      return true;
    });
    if (!expired) {
      throw new IllegalStateException("silence " + id + " ended already at " + current.get().endsAt());
    }
    changed.run();
    return store.silences().get(id);
  }

  private static String describe(Silence s) {
    return Suppression.of(s).line();
  }

  private static Silence check(SilenceRequest r, Instant now) {
    if (r.matchers().isEmpty()) {
      throw new IllegalArgumentException("matchers must list at least one matcher (on target, condition or a label)");
    }
    if (r.comment() == null || r.comment().isBlank()) {
      throw new IllegalArgumentException("comment is required (why medic should hold off)");
    }
    if (r.author() == null || r.author().isBlank()) {
      throw new IllegalArgumentException("author is required (who made the silence)");
    }
    Instant start = r.startsAt() == null ? now : r.startsAt().truncatedTo(ChronoUnit.MILLIS);
    Instant end;
    if (r.endsAt() != null && r.duration() != null) {
      throw new IllegalArgumentException("ends_at and duration: give one of them, not both");
    } else if (r.duration() != null) {
      if (r.duration().isZero() || r.duration().isNegative()) {
        throw new IllegalArgumentException("duration must be more than 0, got " + Durations.format(r.duration()));
      }
      end = start.plus(r.duration());
    } else if (r.endsAt() != null) {
      end = r.endsAt().truncatedTo(ChronoUnit.MILLIS);
    } else {
      throw new IllegalArgumentException("ends_at or duration is required (when the silence ends)");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("ends_at must be after starts_at, got starts_at " + start + " and ends_at " + end);
    }
    if (!end.isAfter(now)) {
      throw new IllegalArgumentException("ends_at must be in the future, got " + end);
    }
    return new Silence(0, r.matchers(), start, end, r.comment().strip(), r.author().strip(), now, r.allowHealing(),
        null);
  }
}
