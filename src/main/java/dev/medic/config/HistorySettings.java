package dev.medic.config;

import dev.medic.spi.Durations;
import java.time.Duration;

/**
 * How long each tier of history is kept ({@code agent.history}). Raw observations for {@code raw}
 * (the same setting as {@code agent.retention}; give either), 5-minute aggregates for {@code
 * five_minute}, hourly ones for {@code hourly}. Each tier must be kept at least as long as the finer
 * one before it, or a span would be answered by nothing.
 *
 * @param raw null when not given here: {@link AgentSettings} fills it from {@code retention} (7d)
 */
public record HistorySettings(Duration raw, Duration fiveMinute, Duration hourly) {

  public static final Duration DEFAULT_RAW = Duration.ofDays(7);

  public HistorySettings {
    fiveMinute = fiveMinute == null ? Duration.ofDays(30) : fiveMinute;
    hourly = hourly == null ? Duration.ofDays(400) : hourly;
    Duration r = raw == null ? DEFAULT_RAW : raw;
    if (r.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("history.raw must be at least 1h, got " + Durations.format(r));
    }
    if (fiveMinute.compareTo(r) < 0) {
      throw new IllegalArgumentException("history.five_minute must be at least history.raw ("
          + Durations.format(r) + "), got " + Durations.format(fiveMinute));
    }
    if (hourly.compareTo(fiveMinute) < 0) {
      throw new IllegalArgumentException("history.hourly must be at least history.five_minute ("
          + Durations.format(fiveMinute) + "), got " + Durations.format(hourly));
    }
  }

  /** This with raw set (from {@code agent.retention}, or the default). */
  HistorySettings withRaw(Duration newRaw) {
    return new HistorySettings(newRaw == null ? DEFAULT_RAW : newRaw, fiveMinute, hourly);
  }
}
