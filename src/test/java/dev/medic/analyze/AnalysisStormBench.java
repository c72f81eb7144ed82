package dev.medic.analyze;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.Observation;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What analysis costs when many incidents escalate at once (bench/analysis-storm.sh): a store with
 * TARGETS targets in chains web-i → api-i → db-i, each with ten minutes of runs, and CHAINS outages
 * where the database fails first and api and web follow. It prints the time of one bundle and one
 * rule analysis, then escalates every web incident at once and analyses them all, each on its own
 * virtual thread as the escalator does: the wall time, each analysis's time, and how many named
 * their database as the root.
 */
public final class AnalysisStormBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int targets = Integer.parseInt(args[1]);
    int chains = Integer.parseInt(args[2]);
    int groups = targets / 3;
    StringBuilder yaml = new StringBuilder("targets:\n");
    for (int g = 0; g < groups; g++) {
      yaml.append("  - {name: db-").append(g).append(", checks: [{type: tcp, host: 127.0.0.1, port: 1}]}\n")
          .append("  - {name: api-").append(g).append(", depends_on: [db-").append(g)
          .append("], checks: [{type: http, url: \"http://127.0.0.1:1/api\"}]}\n")
          .append("  - {name: web-").append(g).append(", depends_on: [api-").append(g)
          .append("], checks: [{type: http, url: \"http://127.0.0.1:1/\"}]}\n");
    }
    yaml.append("strategies:\n  - {name: restart_web, conditions: [http_error], action: {type: command, command: [/bin/true]}}\n");
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("storm.yaml", yaml.toString());
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    try (SqliteStore store = SqliteStore.open(dir.resolve("medic.db"))) {
      for (int g = 0; g < groups; g++) {
        for (String tier : List.of("db-", "api-", "web-")) {
          for (int s = 0; s < 60; s++) {
            boolean failing = g < chains && s > 40;
            store.observations().record(new Observation(now.minusSeconds(600 - s * 10L), tier + g, "probe",
                failing ? Status.DOWN : Status.UP, Duration.ofMillis(3), Map.of(), failing ? "down" : null,
                failing ? "connection refused" : "ok"));
          }
        }
      }
      store.observations().flush();
      IncidentBook book = new IncidentBook(store, clock);
      List<Incident> webs = new ArrayList<>();
      for (int g = 0; g < chains; g++) {
        book.raise("db-" + g, "tcp_unreachable", Severity.CRITICAL, "connection refused");
        book.raise("api-" + g, "http_error", Severity.WARNING, "status 500");
        webs.add(book.raise("web-" + g, "http_error", Severity.WARNING, "status 502").orElseThrow());
      }
      BundleBuilder bundles = new BundleBuilder(store, () -> cfg, t -> null, clock, Plugins.registry());
      RuleAnalyst rules = new RuleAnalyst(clock);
      AnalysisDesk desk = new AnalysisDesk(bundles, rules::analyze, cfg::escalation, book, store, Proposer.NONE,
          AfterAction.NONE, new BundleJson()::json, new BundleMarkdown()::markdown, bundles.redactor()::redact, clock);

      long[] one = new long[50];
      long[] rule = new long[50];
      for (int i = 0; i < one.length; i++) {
        long t0 = System.nanoTime();
        var bundle = bundles.bundle(webs.get(i % webs.size()).id()).orElseThrow();
        long t1 = System.nanoTime();
        rules.analyze(bundle);
        rule[i] = System.nanoTime() - t1;
        one[i] = t1 - t0;
      }
      System.out.printf("one bundle (%d targets, %d open incidents): p50 %.1f ms, p95 %.1f ms%n", targets, chains * 3,
          pct(one, 50), pct(one, 95));
      System.out.printf("one rule analysis of it: p50 %.3f ms, p95 %.3f ms%n", pct(rule, 50), pct(rule, 95));

      ConcurrentLinkedQueue<Long> each = new ConcurrentLinkedQueue<>();
      AtomicInteger right = new AtomicInteger();
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (Incident web : webs) {
        threads.add(Thread.ofVirtual().start(() -> {
          long t0 = System.nanoTime();
          try {
            List<Analysis> made = desk.analyze(web.id(), List.of("rules"), "storm");
            String expected = "db-" + web.target().substring("web-".length());
            if (!made.isEmpty() && expected.equals(made.getFirst().rootTarget())) {
              right.incrementAndGet();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          each.add(System.nanoTime() - t0);
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long wall = System.nanoTime() - start;
      long[] all = each.stream().mapToLong(Long::longValue).toArray();
      System.out.printf("storm: %d escalations analysed at once in %.2f s (each p50 %.0f ms, p95 %.0f ms);"
          + " %d/%d named their database%n", webs.size(), wall / 1e9, pct(all, 50), pct(all, 95), right.get(), webs.size());
    }
  }

  private static double pct(long[] nanos, int p) {
    List<Long> sorted = new ArrayList<>();
    for (long n : nanos) {
      sorted.add(n);
    }
    Collections.sort(sorted);
    int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
