package dev.medic.silence;

import dev.medic.config.MaintenanceWindow;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.heal.Hold;
import dev.medic.notify.Mute;
import dev.medic.spi.Incident;
import dev.medic.store.Silence;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is silenced now: the silences people made (read from the store) and the maintenance windows
 * of the running config. The guard asks it before every action ({@link Hold}) and the escalator
 * before every message but an all-clear ({@link Mute}).
 *
 * <p>Silences are read from the store at most once per {@link #FRESHNESS}: a silence that {@code
 * medic silence add} writes straight into the store of a running medic counts within a second or
 * two, and a busy guard does not query the store on every action.
 */
public final class SilenceBook implements Hold, Mute {

  static final Duration FRESHNESS = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(SilenceBook.class);

  private final Store store;
  private final Supplier<MedicConfig> config;
  private final Clock clock;
  private List<Silence> silences = List.of();
  private Instant readAt;
  private List<MaintenanceWindow> windowsOf;
  private List<WindowTimes> windows = List.of();

  /** @param config the running config: its maintenance windows and its targets' labels */
  public SilenceBook(Store store, Supplier<MedicConfig> config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** One line per silence or window in force, for a report. */
  public List<String> activeLines(Instant now) {
    return active(now).stream().map(Suppression::line).toList();
  }

  /** Every silence and window on at {@code now}, the silences newest first, then the windows. */
  public List<Suppression> active(Instant now) {
    List<Suppression> on = new ArrayList<>();
    for (Silence s : silences()) {
      if (s.activeAt(now)) {
        on.add(Suppression.of(s));
      }
    }
    for (WindowTimes w : windows()) {
      w.at(now).ifPresent(on::add);
    }
    return on;
  }

  /** Those on at {@code now} that match the incident's target, condition and target labels. */
  public List<Suppression> matching(Incident incident, Instant now) {
    Map<String, String> subject = subjectOf(incident);
    return active(now).stream().filter(s -> s.matches(subject)).toList();
  }

  @Override
  public Optional<Held> on(Incident incident, Instant now) {
    // The one that lasts longest: the guard asks again when it ends, not once per overlapping one.
    return matching(incident, now).stream()
        .filter(s -> !s.allowHealing())
        .max(Comparator.comparing(Suppression::until))
        .map(s -> new Held("held by " + s.name() + " until " + s.until() + reasonTail(s), s.until()));
  }

  @Override
  public Optional<String> mutes(Incident incident, Instant now) {
    return matching(incident, now).stream().findFirst()
        .map(s -> "silenced by " + s.name() + " until " + s.until() + reasonTail(s));
  }

  /** Forgets what was read: the next question reads the store (after a silence was made or expired here). */
  public synchronized void refresh() {
    readAt = null;
  }

  private static String reasonTail(Suppression s) {
    return s.comment().isEmpty() ? "" : ": " + s.comment();
  }

  /**
   * The incident's {@code target} and {@code condition} and its target's labels; the two names
   * come first, so a label that happens to be called {@code target} cannot disguise the target.
   */
  private Map<String, String> subjectOf(Incident incident) {
    Map<String, String> subject = new HashMap<>(config.get().target(incident.target())
        .map(TargetConfig::labels).orElse(Map.of()));
    subject.put("target", incident.target());
    subject.put("condition", incident.condition());
    return subject;
  }

  private synchronized List<Silence> silences() {
    Instant now = clock.instant();
    if (readAt == null || !now.isBefore(readAt.plus(FRESHNESS)) || now.isBefore(readAt)) {
      try {
        silences = store.silences().list(now, false);
        readAt = now;
      } catch (RuntimeException e) {
        // A store that cannot be read keeps the silences it last showed: better than acting on a
        // target people asked medic to leave alone.
        log.warn("cannot read silences from the store, using those read at {}: {}", readAt, e.getMessage());
      }
    }
    return silences;
  }

  private synchronized List<WindowTimes> windows() {
    List<MaintenanceWindow> current = config.get().maintenance();
    if (current != windowsOf) {
      windows = current.stream().map(WindowTimes::new).toList();
      windowsOf = current;
    }
    return windows;
  }
}
