package dev.medic.dashboard;

import dev.medic.api.Role;
import dev.medic.spi.Status;
import dev.medic.store.AuditEntry;
import dev.medic.store.History;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long the overview of 1,000 targets takes to serve: the whole GET over loopback (the server
 * time plus a local round trip) and the build-and-render alone. Run by {@code bench/dashboard-server.sh};
 * the history answers from memory, as the history store's summary does.
 *
 * <p>Arguments: targets (1000), timed requests (50; 0 serves the made-up fleet until killed, to look at).
 */
public final class DashboardBench {

  private DashboardBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    FixedDashboardData data = fleet(n);
    try (DashboardServer server = new DashboardServer(data, "bench", Role.OPERATOR, List.of(new MadeUpHistory()))) {
      if (runs == 0) {
        // Serve until killed: for looking at the page in a browser.
        System.out.println("serving " + n + " targets at " + server.base() + "/");
        Thread.sleep(Long.MAX_VALUE);
      }
      for (int i = 0; i < 30; i++) {
        server.get("/");
      }
      long[] http = new long[runs];
      int bytes = 0;
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        HttpResponse<String> page = server.get("/");
        http[i] = System.nanoTime() - start;
        bytes = page.body().length();
        if (page.statusCode() != 200) {
          throw new IllegalStateException("GET / answered " + page.statusCode());
        }
      }
      OverviewReader reader = new OverviewReader(data);
      long[] render = new long[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        OverviewPage.render(new dev.medic.api.Caller("bench", Role.OPERATOR), reader.overview());
        render[i] = System.nanoTime() - start;
      }
      System.out.printf(Locale.ROOT, "overview of %d targets, %d open incidents: page %d KiB%n", n,
          data.openIncidents().size(), bytes / 1024);
      System.out.printf(Locale.ROOT, "GET / over loopback (%d runs): median %.1f ms, p95 %.1f ms, max %.1f ms%n",
          runs, ms(http, 0.5), ms(http, 0.95), ms(http, 1.0));
      System.out.printf(Locale.ROOT, "build + render only   (%d runs): median %.1f ms, p95 %.1f ms, max %.1f ms%n",
          runs, ms(render, 0.5), ms(render, 0.95), ms(render, 1.0));
    }
  }

  /** {@code /api/metrics/history} with a made-up day of buckets, so that the target page's charts draw. */
  private static final class MadeUpHistory implements dev.medic.api.ApiModule {
    @Override
    public List<dev.medic.api.Route> routes() {
      return List.of(dev.medic.api.Route.get("/api/metrics/history", Role.VIEWER, "made-up buckets").handle(ctx -> {
        Instant from = Instant.parse(ctx.queryParam("from"));
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (Instant t = from; t.isBefore(Instant.now()); t = t.plus(Duration.ofMinutes(15))) {
          double wave = 20 + 10 * Math.sin(t.getEpochSecond() / 3600.0);
          buckets.add(Map.of("start", t.toString(), "count", 15, "failures", t.getEpochSecond() % 7 == 0 ? 3 : 0,
              "p50", wave, "p95", wave * 2, "p99", wave * 3, "max_ms", wave * 4));
        }
        ctx.json(Map.of("buckets", buckets));
      }));
    }
  }

  private static double ms(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int at = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(at, 0)] / 1e6;
  }

  /** n targets, one in ten failing (a few critical), dependencies in chains, healing history in the audit. */
  static FixedDashboardData fleet(int n) {
    FixedDashboardData data = new FixedDashboardData();
    Map<String, Double> uptime = new HashMap<>();
    Map<String, History.Latency> latency = new HashMap<>();
    long incident = 0;
    for (int i = 0; i < n; i++) {
      String name = "service-" + i;
      Status status = i % 10 == 3 ? Status.DOWN : i % 10 == 7 ? Status.DEGRADED : Status.UP;
      boolean critical = i % 25 == 0;
      Long open = status == Status.UP ? null : ++incident;
      TargetState t = Samples.target(name, critical, status, status == Status.UP ? "" : "connection refused", 
          open == null ? new Long[0] : new Long[] {open});
      data.targets.add(i % 5 == 0 || i < 5 ? t : new TargetState(t.name(), t.critical(), t.status(),
          List.of("service-" + (i - i % 5)), t.uptime24h(), t.checks(), t.openIncidents()));
      if (open != null) {
        data.incidents.add(Samples.open(open, name, "unreachable", "connection refused"));
      }
      uptime.put(name, 0.995);
      latency.put(name, new History.Latency(1440, 12.0, 40.0, 90.0, 200.0));
    }
    Instant at = data.now.minus(Duration.ofHours(2));
    for (int i = 0; i < 2000; i++) {
      data.audit.add(new AuditEntry(i + 1, at.plusSeconds(i), (long) (i % 100 + 1), "service-" + (i % n),
          i % 3 == 0 ? "attempt" : "decision", "restart", i % 2 == 0 ? "ok" : "failed",
          "restart attempt 1/3: restart process service-" + (i % n), "medic"));
    }
    data.history = new History() {
      @Override
      public List<Bucket> series(String target, String check, Instant from, Instant to, Duration step) {
        return new ArrayList<>();
      }

      @Override
      public Map<String, Double> uptime(Instant from, Instant to) {
        return uptime;
      }

      @Override
      public Map<String, Latency> latency(Instant from, Instant to) {
        return latency;
      }
    };
    return data;
  }
}
