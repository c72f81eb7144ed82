package dev.medic.api;

import dev.medic.spi.Durations;
import dev.medic.store.History;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Check history over the API: uptime buckets per target, one target's latency and failure series
 * at a chosen step, and latency percentiles per target over a window. All for viewers; every bad
 * parameter is a 400 naming it, an unknown target a 404.
 */
public final class HistoryRoutes implements ApiModule {

  /** Steps the uptime chart may take, finest first: the first that gives at most {@link #MAX_CHART_POINTS}. */
  private static final List<Duration> CHART_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
      Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2));
  static final int MAX_CHART_POINTS = 300;
  static final int MAX_SERIES_POINTS = 10_000;
  private static final Map<String, Duration> WINDOWS = windows();

  private final History history;
  private final Clock clock;
  private final Supplier<? extends Collection<String>> targets;

  /** @param targets names of the configured targets (others are 404) */
  public HistoryRoutes(History history, Clock clock, Supplier<? extends Collection<String>> targets) {
    this.history = history;
    this.clock = clock;
    this.targets = targets;
  }

  private static Map<String, Duration> windows() {
    Map<String, Duration> w = new LinkedHashMap<>();
    w.put("1h", Duration.ofHours(1));
    w.put("24h", Duration.ofHours(24));
    w.put("7d", Duration.ofDays(7));
    w.put("30d", Duration.ofDays(30));
    return w;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/api/health/history", Role.VIEWER, "Uptime per target over the last hours, in buckets")
            .query("hours", "integer", "1..8760, default 24")
            .query("target", "string", "one target; all configured targets if absent")
            .responds(200, "per target: buckets with start, count, failures, uptime")
            .responds(400, "bad hours").responds(404, "no such target")
            .handle(this::healthHistory),
        Route.get("/api/metrics/history", Role.VIEWER, "One target's runs over time: counts, failures, latency percentiles")
            .requiredQuery("target", "string", "the target")
            .query("check", "string", "one of its checks; all if absent")
            .query("from", "string", "ISO instant or date (2024-01-01); default 24 h ago")
            .query("to", "string", "ISO instant or date (the end of that day, UTC); default now")
            .query("step", "string", "bucket width like 30s, 5m, 1h (at least 1s); grows to the tier's width")
            .responds(200, "buckets, the tier used (raw, 5m, 1h) and the effective step")
            .responds(400, "bad from, to or step").responds(404, "no such target")
            .handle(this::metricsHistory),
        Route.get("/api/analytics/performance", Role.VIEWER, "Latency percentiles per target over a window")
            .query("window", "string", "1h, 24h, 7d or 30d; default 24h")
            .responds(200, "response_times: p50, p95, p99, max (ms) and count per target")
            .responds(400, "bad window")
            .handle(this::performance));
  }

  private void healthHistory(Context ctx) {
    int hours = hours(ctx.queryParam("hours"));
    Collection<String> names = chosenTargets(ctx.queryParam("target"));
    Instant to = clock.instant();
    Instant from = to.minus(Duration.ofHours(hours));
    Duration step = chartStep(Duration.ofHours(hours));
    Map<String, Object> perTarget = new LinkedHashMap<>();
    Duration effective = step;
    for (String name : names) {
      History.Series series = history.chart(name, null, from, to, step);
      effective = series.step();
      long count = 0;
      long failures = 0;
      List<Map<String, Object>> buckets = new java.util.ArrayList<>();
      for (History.Bucket b : series.buckets()) {
        count += b.count();
        failures += b.failures();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("start", b.start());
        row.put("count", b.count());
        row.put("failures", b.failures());
        row.put("uptime", uptime(b.count(), b.failures()));
        buckets.add(row);
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("uptime", uptime(count, failures));
      t.put("count", count);
      t.put("failures", failures);
      t.put("buckets", buckets);
      perTarget.put(name, t);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hours", hours);
    body.put("from", from);
    body.put("to", to);
    body.put("step", Durations.format(effective));
    body.put("targets", perTarget);
    ctx.json(body);
  }

  private void metricsHistory(Context ctx) {
    String target = ctx.queryParam("target");
    if (target == null || target.isBlank()) {
      throw new ApiServer.BadRequest(400, "target is required, e.g. ?target=gateway");
    }
    requireKnown(target);
    Instant now = clock.instant();
    Instant to = time("to", ctx.queryParam("to"), true, now);
    Instant from = time("from", ctx.queryParam("from"), false, to.minus(Duration.ofHours(24)));
    if (!from.isBefore(to)) {
      throw new ApiServer.BadRequest(400, "from (" + from + ") must be before to (" + to + ")");
    }
    Duration step = step(ctx.queryParam("step"), from, to);
    String check = ctx.queryParam("check");
    History.Series series = history.chart(target, check, from, to, step);
    List<Map<String, Object>> buckets = series.buckets().stream().map(HistoryRoutes::bucket).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target", target);
    body.put("check", check);
    body.put("from", from);
    body.put("to", to);
    body.put("tier", series.tier());
    body.put("step", Durations.format(series.step()));
    body.put("buckets", buckets);
    ctx.json(body);
  }

  private void performance(Context ctx) {
    String window = ctx.queryParam("window") == null ? "24h" : ctx.queryParam("window");
    Duration length = WINDOWS.get(window);
    if (length == null) {
      throw new ApiServer.BadRequest(400, "window must be one of " + String.join(", ", WINDOWS.keySet())
          + ", got '" + window + "'");
    }
    Instant to = clock.instant();
    Map<String, History.Latency> latency = history.latency(to.minus(length), to);
    Map<String, Object> times = new LinkedHashMap<>();
    for (String name : new TreeSet<>(targets.get())) {
      History.Latency l = latency.get(name);
      if (l != null) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("p50", ms(l.p50()));
        row.put("p95", ms(l.p95()));
        row.put("p99", ms(l.p99()));
        row.put("max", ms(l.maxMs()));
        row.put("count", l.count());
        times.put(name, row);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("window", window);
    body.put("response_times", times);
    ctx.json(body);
  }

  private static Duration chartStep(Duration span) {
    return CHART_STEPS.stream()
        .filter(s -> span.toMillis() / s.toMillis() <= MAX_CHART_POINTS)
        .findFirst().orElse(CHART_STEPS.getLast());
  }

  private static Map<String, Object> bucket(History.Bucket b) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("start", b.start());
    row.put("count", b.count());
    row.put("failures", b.failures());
    row.put("uptime", uptime(b.count(), b.failures()));
    row.put("p50", ms(b.p50()));
    row.put("p95", ms(b.p95()));
    row.put("p99", ms(b.p99()));
    row.put("max", ms(b.maxMs()));
    return row;
  }

  private static Double uptime(long count, long failures) {
    return count == 0 ? null : (double) (count - failures) / count;
  }

  /** Milliseconds to a tenth: finer is noise (histogram merges are ~2.5 % off anyway). */
  private static Double ms(Double v) {
    return v == null ? null : Math.round(v * 10) / 10.0;
  }

  private static int hours(String text) {
    if (text == null) {
      return 24;
    }
    try {
      int h = Integer.parseInt(text.strip());
      if (h >= 1 && h <= 8760) {
        return h;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiServer.BadRequest(400, "hours must be a whole number 1..8760, got '" + text + "'");
  }

  private Collection<String> chosenTargets(String target) {
    if (target == null) {
      return new TreeSet<>(targets.get());
    }
    requireKnown(target);
    return List.of(target);
  }

  private void requireKnown(String target) {
    if (!targets.get().contains(target)) {
      throw new ApiServer.BadRequest(404, "no target named '" + target + "'");
    }
  }

  /**
   * An ISO instant ({@code 2024-01-01T10:00:00Z}, or with an offset) or a date ({@code 2024-01-01}):
   * a date means the start of that day UTC, or its end when it is the {@code to} of a span.
   */
  static Instant time(String name, String text, boolean end, Instant absent) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    String t = text.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException notInstant) {
      try {
        LocalDate day = LocalDate.parse(t);
        return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notDate) {
        throw new ApiServer.BadRequest(400, name + " must be an ISO instant like 2024-01-01T00:00:00Z or a date"
            + " like 2024-01-01, got '" + text + "'");
      }
    }
  }

  private static Duration step(String text, Instant from, Instant to) {
    long span = Duration.between(from, to).toMillis();
    Duration step;
    if (text == null || text.isBlank()) {
      step = chartStep(Duration.ofMillis(span));
    } else {
      try {
        step = Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ApiServer.BadRequest(400, "step " + e.getMessage());
      }
      if (step.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new ApiServer.BadRequest(400, "step must be at least 1s, got '" + text + "'");
      }
    }
    long points = -Math.floorDiv(-span, step.toMillis());
    if (points > MAX_SERIES_POINTS) {
      throw new ApiServer.BadRequest(400, "step '" + (text == null ? Durations.format(step) : text) + "' makes "
          + points + " points from " + from + " to " + to + "; at most " + MAX_SERIES_POINTS + ": take a wider step");
    }
    return step;
  }
}
