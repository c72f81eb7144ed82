package dev.medic.api;

import dev.medic.spi.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A target as the API shows it: status, uptime over 24 h, each check's last run, open incidents. */
public record TargetView(
    String name, boolean critical, String status, Double uptime24h, List<CheckView> checks, List<Long> openIncidents) {

  /** The last run of one check. */
  public record CheckView(
      String name, String status, Instant at, Double latencyMs, String condition, String message, Map<String, Double> metrics) {
    public static CheckView of(Observation o, java.util.function.UnaryOperator<String> redact) {
      return new CheckView(o.check(), o.status().name().toLowerCase(java.util.Locale.ROOT), o.at(),
          o.latency() == null ? null : o.latencyMillis(), o.condition(), redact.apply(o.message()), o.metrics());
    }
  }
}
