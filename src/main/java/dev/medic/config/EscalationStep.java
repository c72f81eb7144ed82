package dev.medic.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medic.spi.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One rung of an escalation policy: when it is reached, and what it does then. Exactly one of
 * {@code on}, {@code afterAttempts} and {@code after} says when; {@code notify} and {@code log} say
 * what (at least one of them).
 *
 * @param on {@code opened} (as soon as the incident opens: page first, fix meanwhile) or {@code
 *     escalated} (the ladder failed, a limit blocked it, or nothing may heal it)
 * @param afterAttempts reached when the incident's healing attempt number this one starts
 * @param after reached this long after the incident opened, while it is still open
 * @param channels the channels to send the page to, by name ({@code notify:} in the file)
 * @param log writes a line to medic's log at this level ({@code info}, {@code warning}, {@code error})
 * @param analyze analysts to run, by name ({@code rules} or one of {@code escalation.analysts}), before
 *     this step's pages go out: their analysis is attached to the incident and travels with the pages
 */
public record EscalationStep(String on, Integer afterAttempts, Duration after, @JsonProperty("notify") List<String> channels, String log,
    List<String> analyze) {

  public static final String OPENED = "opened";
  public static final String ESCALATED = "escalated";
  private static final List<String> LEVELS = List.of("info", "warning", "error");

  public EscalationStep {
    channels = channels == null ? List.of() : List.copyOf(channels);
    analyze = analyze == null ? List.of() : List.copyOf(analyze);
    int triggers = (on == null ? 0 : 1) + (afterAttempts == null ? 0 : 1) + (after == null ? 0 : 1);
    if (triggers != 1) {
      throw new IllegalArgumentException("a step needs exactly one of on (opened | escalated), after_attempts (a"
          + " number >= 1) or after (a duration), got " + triggers);
    }
    if (on != null && !on.equals(OPENED) && !on.equals(ESCALATED)) {
      throw new IllegalArgumentException("on must be 'opened' or 'escalated', got '" + on + "'");
    }
    if (afterAttempts != null && afterAttempts < 1) {
      throw new IllegalArgumentException("after_attempts must be >= 1, got " + afterAttempts);
    }
    if (after != null && (after.isNegative() || after.isZero())) {
      throw new IllegalArgumentException("after must be a duration > 0, got " + Durations.format(after));
    }
    if (log != null) {
      log = log.toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(log)) {
        throw new IllegalArgumentException("log must be one of " + LEVELS + ", got '" + log + "'");
      }
    }
    if (channels.isEmpty() && log == null && analyze.isEmpty()) {
      throw new IllegalArgumentException("a step must notify channels, log or analyze; it does none of these");
    }
  }

  public EscalationStep(String on, Integer afterAttempts, Duration after, List<String> channels, String log) {
    this(on, afterAttempts, after, channels, log, null);
  }

  /** The default rung: every channel hears of an incident medic could not fix. */
  static EscalationStep onEscalatedToAll(List<String> channels) {
    return new EscalationStep(ESCALATED, null, null, channels, null, null);
  }

  /** A short name for logs and the timeline: {@code on escalated}, {@code after 3 attempts}, {@code after 30m}. */
  public String describe() {
    if (on != null) {
      return "on " + on;
    }
    if (afterAttempts != null) {
      return "at attempt " + afterAttempts;
    }
    return "after " + Durations.format(after);
  }
}
