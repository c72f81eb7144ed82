package dev.medic.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard under load, against a medic that bench/dashboard-load.sh started with many targets
 * whose ports flip: server time of the overview, browser time to a usable overview, and the page's
 * heap and DOM after minutes of live updates. Prints its figures; runs only from the script.
 */
@Tag("bench")
@ExtendWith(WithChromium.class)
class DashboardLoadBench {

  private static final int RUNS = 20;

  @Test
  void overviewUnderLoad(Browser browser) throws Exception {
    String base = System.getProperty("medic.bench.url");
    Assumptions.assumeTrue(base != null, "run by bench/dashboard-load.sh (-Dmedic.bench.url=...)");
    double minutes = Double.parseDouble(System.getProperty("medic.bench.minutes", "2"));
    int targets = Integer.parseInt(System.getProperty("medic.bench.targets", "1000"));

    // Server time: the whole answer of GET /, as a client sees it, after a few warm-up requests.
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest overview = HttpRequest.newBuilder(URI.create(base + "/")).build();
    for (int i = 0; i < 5; i++) {
      http.send(overview, HttpResponse.BodyHandlers.ofString());
    }
    List<Double> server = new ArrayList<>();
    int bytes = 0;
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(overview, HttpResponse.BodyHandlers.ofString());
      server.add((System.nanoTime() - t0) / 1e6);
      assertThat(r.statusCode()).isEqualTo(200);
      bytes = r.body().length();
    }
    System.out.printf("BENCH server GET / (%d targets, %d runs): median %.1f ms, p95 %.1f ms, %d kB%n",
        targets, RUNS, percentile(server, 50), percentile(server, 95), bytes / 1024);

    // Browser time: navigation start to the grid's rows in the document, and to the load event.
    List<Double> usable = new ArrayList<>();
    List<Double> loaded = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      browser.open(base + "/");
      Map<?, ?> t = (Map<?, ?>) browser.js("""
          var n = performance.getEntriesByType('navigation')[0];
          var rows = document.querySelectorAll('#status-grid tbody tr').length;
          return {usable: n.domInteractive, loaded: n.loadEventEnd, rows: rows};""");
      // The first page of the grid is in the document; the rest follow as it scrolls.
      assertThat(((Number) t.get("rows")).intValue()).isEqualTo(Math.min(targets, 100) + (targets > 100 ? 1 : 0));
      usable.add(((Number) t.get("usable")).doubleValue());
      loaded.add(((Number) t.get("loaded")).doubleValue());
    }
    System.out.printf("BENCH browser: navigation start -> grid in the document (domInteractive) median %.0f ms, "
        + "-> load event median %.0f ms (5 loads)%n", percentile(usable, 50), percentile(loaded, 50));

    // Every row, by scrolling to the grid's end until no page is left to fetch.
    long scrollStart = System.nanoTime();
    while (!browser.findAll("#grid-more").isEmpty()) {
      browser.js("document.getElementById('grid-more').scrollIntoView();");
      Thread.sleep(20);
    }
    System.out.printf("BENCH browser: all %s rows loaded by scrolling to the end in %.0f ms%n",
        browser.js("return document.querySelectorAll('#status-grid tbody tr').length;"),
        (System.nanoTime() - scrollStart) / 1e6);

    // Live updates: count what arrives while targets flip; heap and DOM before and after.
    browser.js("""
        window.medicBench = {changes: 0};
        new EventSource('/api/events').addEventListener('status_change', function () { window.medicBench.changes++; });""");
    Thread.sleep(3000);
    long heapStart = browser.heapUsedAfterGc();
    long nodesStart = browser.domNodes();
    System.out.printf("BENCH live: elements in the document at the start %s%n",
        browser.js("return document.getElementsByTagName('*').length;"));
    long changesStart = ((Number) browser.js("return window.medicBench.changes;")).longValue();
    long until = System.nanoTime() + (long) (minutes * 60e9);
    while (System.nanoTime() < until) {
      Thread.sleep(Math.min(30_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      System.out.printf("BENCH   ... %d status changes delivered, heap %.1f MB%n",
          ((Number) browser.js("return window.medicBench.changes;")).longValue(),
          ((Number) browser.js("return performance.memory.usedJSHeapSize;")).doubleValue() / 1e6);
    }
    long changes = ((Number) browser.js("return window.medicBench.changes;")).longValue() - changesStart;
    long heapEnd = browser.heapUsedAfterGc();
    long nodesEnd = browser.domNodes();
    System.out.printf("BENCH live: elements in the document %s (after GC: DevTools counts detached nodes too)%n",
        browser.js("return document.getElementsByTagName('*').length;"));
    System.out.printf("BENCH live: %.1f min, %d status changes delivered (%.1f/s); JS heap after GC %.1f MB -> %.1f MB; "
        + "DOM nodes %d -> %d; rows %s%n", minutes, changes, changes / (minutes * 60), heapStart / 1e6, heapEnd / 1e6,
        nodesStart, nodesEnd, browser.js("return document.querySelectorAll('#status-grid tbody tr').length;"));
    System.out.println("BENCH console errors: " + browser.console().errors());
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
