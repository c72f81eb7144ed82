package dev.medic.postgres;

import dev.medic.spi.ActionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The sessions a terminating {@code postgres_*} action chose, and every session it saw and left
 * alone, each with why. {@code run} signals the chosen ones and {@code plan} only names them: both
 * read one selection, made by one query, so a dry run tells exactly what a real run would do.
 *
 * @param leftAlone {@code pid 7 (user=admin, app=psql) idle in transaction 40s: role admin not in
 *     roles [app]}, one entry per session seen and not chosen
 * @param noneSeen what to say when no session was seen at all, e.g. {@code no session is idle in a
 *     transaction}
 */
record PostgresSelection(List<PostgresSession> chosen, List<String> leftAlone, String noneSeen) {

  /** Left-alone sessions named in one detail; the rest are counted. */
  static final int SHOWN = 20;

  PostgresSelection {
    chosen = List.copyOf(chosen);
    leftAlone = List.copyOf(leftAlone);
  }

  /** Collects a selection one session at a time. */
  static final class Builder {
    private final List<PostgresSession> chosen = new ArrayList<>();
    private final List<String> leftAlone = new ArrayList<>();

    void choose(PostgresSession s) {
      chosen.add(s);
    }

    int chosen() {
      return chosen.size();
    }

    void leave(PostgresSession s, String why) {
      leftAlone.add(s.label() + " " + s.stateFor() + ": " + why);
    }

    PostgresSelection build(String noneSeen) {
      return new PostgresSelection(chosen, leftAlone, noneSeen);
    }
  }

  /**
   * The dry run's answer: {@code would terminate 2 sessions WHAT: pid 1 (...), pid 2 (...); would
   * leave pid 3 (...): why}; no effect when none was chosen.
   */
  ActionOutcome plan(String what, Function<PostgresSession, String> label) {
    List<String> names = chosen.stream().map(label).toList();
    String detail = "would terminate " + PostgresSession.count(chosen.size()) + " " + what
        + (names.isEmpty() ? "" : ": " + String.join(", ", names))
        + (leftAlone.isEmpty() ? "" : "; would leave " + listed(leftAlone))
        + (chosen.isEmpty() && leftAlone.isEmpty() ? ": " + noneSeen : "");
    return chosen.isEmpty() ? ActionOutcome.noEffect(detail) : ActionOutcome.ok(detail);
  }

  /** {@code a; b; c}, at most {@value #SHOWN} of them, then how many more. */
  static String listed(List<String> entries) {
    String shown = String.join("; ", entries.subList(0, Math.min(SHOWN, entries.size())));
    return entries.size() > SHOWN ? shown + "; and " + (entries.size() - SHOWN) + " more" : shown;
  }
}
