package dev.medic.agent;

import dev.medic.api.ApiServer;
import dev.medic.api.Metrics;
import dev.medic.config.AgentSettings;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.heal.ApprovalDesk;
import dev.medic.heal.CircuitBreaker;
import dev.medic.heal.Guard;
import dev.medic.heal.Healer;
import dev.medic.heal.Verifier;
import dev.medic.incident.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.notify.Escalator;
import dev.medic.probe.CheckSpec;
import dev.medic.probe.HttpCheck;
import dev.medic.probe.InsecureTls;
import dev.medic.probe.Observation;
import dev.medic.probe.ProbeContext;
import dev.medic.probe.ProcessCheck;
import dev.medic.process.ChildLedger;
import dev.medic.process.SupervisedProcess;
import dev.medic.process.Supervisor;
import dev.medic.schedule.CheckJob;
import dev.medic.schedule.Scheduler;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import dev.medic.store.Store;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the loop is wired: Scheduler → Probe → Observation → Detector → Signal →
 * IncidentBook → Healer (Guard, Action, Verify) → Store, with Escalation and the API beside it.
 */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Path configFile;
  private final ConfigLoader loader;
  private final Clock clock;
  private final AtomicReference<MedicConfig> config = new AtomicReference<>();
  private final Map<String, TargetRuntime> runtimes = new ConcurrentHashMap<>();
  private final Store store;
  private final HttpClient http;
  private volatile HttpClient insecureHttp;
  private final Supervisor supervisor;
  private final IncidentBook book;
  private final Healer healer;
  private final Escalator escalator;
  private final ApprovalDesk approvals;
  private final Scheduler scheduler;
  private final Metrics metrics;
  private final ApiServer api;
  private final Instant startedAt;
  private volatile Thread pruner;

  /** SIGTERM to SIGKILL for children an earlier medic left running. */
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

  /** How long shutdown waits for each of healing and notifying to finish. */
  private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(5);

  /** Command-line settings that win over the file. */
  public record Overrides(dev.medic.heal.Mode mode, boolean dryRun, String store, String api) {
    public static Overrides none() {
      return new Overrides(null, false, null, null);
    }
  }

  private final Overrides overrides;

  public Agent(Path configFile, MedicConfig initial, Overrides overrides, Clock clock) {
    this.configFile = configFile;
    this.loader = new ConfigLoader();
    this.clock = clock;
    this.overrides = overrides;
    this.startedAt = clock.instant();
    MedicConfig cfg = applyOverrides(initial);
    config.set(cfg);
    AgentSettings agent = cfg.agent();
    // Opening the store (SQLite, pool, migrations) takes a third of start-up: it runs beside the
    // other slow parts (TLS set-up of the HTTP client, the metrics registry) instead of before them.
    CompletableFuture<SqliteStore> opening = new CompletableFuture<>();
    Path storePath = Path.of(agent.store().substring("sqlite:".length()));
    Thread.ofPlatform().name("medic-store-open").start(() -> {
      try {
        opening.complete(SqliteStore.open(storePath));
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    });
    this.http = httpClient(true);
    this.metrics = new Metrics(this::openIncidentCount);
    // Beside the store: a restart on the same store finds the children an earlier medic left behind.
    this.supervisor = new Supervisor(clock, this::processExited,
        ChildLedger.at(storePath.resolveSibling(storePath.getFileName() + ".children")));
    try {
      this.store = opening.join();
    } catch (CompletionException e) {
      http.shutdownNow();
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    this.book = new IncidentBook(store, clock);
    CircuitBreaker breaker = new CircuitBreaker(agent.breaker(), clock);
    breaker.warm(store.recentActionResults(agent.breaker().window()));
    this.escalator = new Escalator(book, store, () -> config.get().escalation(), http, clock);
    this.approvals = new ApprovalDesk(store, clock);
    this.healer = new Healer(config::get, book, store, new Guard(store, breaker, clock), this::verify,
        escalator, supervisor, http, clock, approvals, (target, strategy, result) -> metrics.attempt(result));
    this.book.listener(new IncidentBook.Listener() {
      @Override
      public void opened(Incident incident) {
        log.warn("incident #{} opened: {} {} [{}] {}", incident.id(), incident.target(),
            incident.condition(), incident.severity().key(), incident.message());
        healer.take(incident);
      }

      @Override
      public void resolved(Incident incident) {
        log.info("incident #{} resolved: {} {} after {} s: {}", incident.id(), incident.target(),
            incident.condition(), incident.resolutionSeconds(), incident.resolutionDetails());
        healer.resolved(incident);
      }
    });
    this.scheduler = new Scheduler(clock, agent.maxConcurrentChecks(), agent.jitter(), this::observe, metrics::lagNanos);
    this.api = "off".equals(agent.api()) ? null : new ApiServer(this, agent.api());
  }

  private int openIncidentCount() {
    return book.openIncidents().size();
  }

  private MedicConfig applyOverrides(MedicConfig cfg) {
    return cfg.withAgent(cfg.agent().withOverrides(overrides.mode(), overrides.dryRun(), overrides.store(), overrides.api()));
  }

  /** Built on first need: most configs verify TLS everywhere, and each client costs start-up time. */
  private synchronized HttpClient insecureHttp() {
    if (insecureHttp == null) {
      insecureHttp = httpClient(false);
    }
    return insecureHttp;
  }

  private static HttpClient httpClient(boolean verifyTls) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            // Response handling runs on the client's own selector thread instead of hopping to
            // another thread per request: half the context switches per check (bench/README.md).
            .executor(Runnable::run);
    if (!verifyTls) {
      b.sslContext(InsecureTls.context());
    }
    return b.build();
  }

  /** Starts supervised processes, resumes open incidents, schedules every check, opens the API. */
  public void start() throws IOException {
    MedicConfig cfg = config.get();
    // The audit's chain head goes on record and the chain is checked (in the background): a broken
    // chain is loud (log, /health) but never stops medic.
    store.startAuditChain(clock.instant());
    buildRuntimes(cfg, List.of());
    try {
      // A medic killed with SIGKILL left its children running; they hold what the new ones need.
      supervisor.stopLeftovers(LEFTOVER_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping processes left by an earlier medic", e);
    }
    for (TargetConfig t : cfg.targets()) {
      if (t.process() != null) {
        SupervisedProcess p = supervisor.supervise(t.name(), t.process());
        log.info("supervising {}: pid {} ({})", t.name(), p.pid(), String.join(" ", t.process().command()));
      }
    }
    List<Incident> resumed = book.resume();
    for (Incident i : resumed) {
      TargetRuntime rt = runtimes.get(i.target());
      if (rt != null) {
        rt.assumeRaised(i.condition());
      }
      log.warn("incident #{} resumed: {} {} ({})", i.id(), i.target(), i.condition(), i.state().key());
    }
    // A crash loop counts exits across a restart of medic: the window is refilled from the audit,
    // which may raise the loop now, or clear a resumed one whose exits have aged out.
    for (TargetConfig t : cfg.targets()) {
      TargetRuntime rt = runtimes.get(t.name());
      if (rt != null && t.detect().crashLoop() != null) {
        Instant now = clock.instant();
        handle(t, rt.warmExits(store.processExits(t.name(), now.minus(t.detect().crashLoop().within())), now));
      }
    }
    scheduler.schedule(jobs(cfg));
    for (Incident i : resumed) {
      healer.take(i);
    }
    if (api != null) {
      api.start();
    }
    pruner = Thread.ofVirtual().name("medic-retention").start(this::pruneLoop);
    log.info("medic watching {} targets ({} checks), mode {}{}, store {}", cfg.targets().size(),
        scheduler.size(), cfg.agent().mode().key(), cfg.agent().dryRun() ? " (dry run)" : "", cfg.agent().store());
  }

  /**
   * A fresh runtime per target, each taking the given incidents to hold on its checks. The map is
   * updated entry by entry, never emptied first: observations and the API running beside a reload
   * always find every configured target.
   */
  private void buildRuntimes(MedicConfig cfg, List<Incident> open) {
    Map<String, TargetRuntime> next = new java.util.HashMap<>();
    AgentSettings agent = cfg.agent();
    for (TargetConfig t : cfg.targets()) {
      var detect = t.detect();
      int successes = detect.successes() == null ? agent.successes() : detect.successes();
      Map<String, Integer> failures = new ConcurrentHashMap<>();
      for (CheckSpec c : t.checks()) {
        // A supervised process that exited is a fact, not a flaky reading: one failure is enough.
        int f = detect.failures() != null ? detect.failures()
            : c instanceof ProcessCheck ? 1 : agent.failures();
        failures.put(c.name(), f);
      }
      Map<String, List<dev.medic.config.ThresholdRule>> checkRules = new java.util.HashMap<>();
      for (CheckSpec c : t.checks()) {
        if (!c.rules().isEmpty()) {
          checkRules.put(c.name(), c.rules());
        }
      }
      TargetDetector detector = new TargetDetector(t.name(), detect,
          check -> failures.getOrDefault(check, agent.failures()), successes, checkRules);
      next.put(t.name(), new TargetRuntime(t, detector));
    }
    for (Incident i : open) {
      TargetRuntime rt = next.get(i.target());
      if (rt != null) {
        rt.assumeRaised(i.condition());
      }
    }
    runtimes.putAll(next);
    runtimes.keySet().retainAll(next.keySet());
  }

  private List<CheckJob> jobs(MedicConfig cfg) {
    List<CheckJob> jobs = new ArrayList<>();
    for (TargetConfig t : cfg.targets()) {
      boolean trustAll = t.checks().stream().anyMatch(c -> c instanceof HttpCheck h && !h.tlsVerify());
      ProbeContext ctx = new ProbeContext(t.name(), http, trustAll ? insecureHttp() : http, supervisor, clock);
      for (CheckSpec c : t.checks()) {
        Duration interval = c.interval() == null ? cfg.agent().interval() : c.interval();
        Duration timeout = c.timeout() == null ? cfg.agent().timeout() : c.timeout();
        jobs.add(new CheckJob(t.name(), c.name(), kind(c), c.create(ctx), interval, timeout));
      }
    }
    return jobs;
  }

  static String kind(CheckSpec c) {
    return c.getClass().getSimpleName().replace("Check", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Every observation passes here: store, metrics, detector, incidents. */
  void observe(Observation o, boolean verification) {
    TargetRuntime rt = runtimes.get(o.target());
    if (rt == null) {
      return;
    }
    store.record(o);
    List<Signal> signals;
    Observation previous;
    synchronized (rt) {
      previous = rt.note(o);
      signals = rt.detect(o, verification);
    }
    metrics.observe(o, rt.kind(o.check()));
    if (!o.healthy() && (previous == null || previous.healthy())) {
      log.info("check failed: {}/{} {} {}", o.target(), o.check(), o.condition(), o.message());
    } else if (o.healthy() && previous != null && !previous.healthy()) {
      log.info("check ok again: {}/{} {}", o.target(), o.check(), o.message());
    }
    handle(rt.config, signals);
  }

  private void handle(TargetConfig target, List<Signal> signals) {
    for (Signal s : signals) {
      switch (s) {
        case Signal.Raise r -> book.raise(target.name(), r.condition(), target.severity(), r.message());
        case Signal.Clear c -> book.clear(target.name(), c.condition(), "condition cleared: " + c.message());
      }
    }
  }

  private void processExited(SupervisedProcess.Exit exit) {
    String last = exit.lastLines().isEmpty() ? "" : " last output: " + exit.lastLines().getLast();
    log.warn("process of {} exited with code {} (pid {}){}", exit.target(), exit.exitCode(), exit.pid(), last);
    TargetRuntime rt = runtimes.get(exit.target());
    if (rt == null) {
      return;
    }
    store.audit(AuditEntry.of(exit.at(), null, exit.target(), AuditEntry.PROCESS_EXITED, null, "",
        "process exited with code " + exit.exitCode() + " (pid " + exit.pid() + ")" + last));
    handle(rt.config, rt.processExited(exit.at()));
    scheduler.runNow(exit.target(), false);
  }

  /**
   * Verify: re-run the target's checks until its incident has closed and every check has run
   * healthy since the action, or until the deadline.
   */
  private Verifier.Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration step = Duration.ofMillis(50);
    while (true) {
      scheduler.runNow(incident.target(), true);
      long left = deadline - System.nanoTime();
      Duration wait = left < step.toNanos() ? Duration.ofNanos(Math.max(0, left)) : step;
      boolean closed = book.awaitClosed(incident.id(), wait);
      TargetRuntime rt = runtimes.get(incident.target());
      if (closed && (rt == null || rt.healthySince(actedAt))) {
        return new Verifier.Result(true, 0, "condition cleared and every check healthy "
            + Duration.between(actedAt, clock.instant()).toMillis() + " ms after the action");
      }
      if (System.nanoTime() >= deadline) {
        int failing = failingChecks(incident.target());
        String checks = failing == 1 ? "1 check failing" : failing + " checks failing";
        String why = closed ? "condition cleared but " + checks
            : failing == 0 ? incident.condition() + " still holds (no check down)"
            : incident.condition() + " still holds, " + checks;
        return new Verifier.Result(false, failing, why + " after " + timeout.toMillis() + " ms");
      }
      if (closed) {
        // Cleared already: wait for the other checks' fresh runs rather than busy-looping.
        Thread.sleep(step);
      }
      step = step.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : step.multipliedBy(2);
    }
  }

  private int failingChecks(String target) {
    TargetRuntime rt = runtimes.get(target);
    return rt == null ? 0 : rt.failingChecks();
  }

  /**
   * Re-reads the config file. A bad file keeps the running config and the error is returned.
   *
   * @return empty on success, the problem otherwise
   */
  public synchronized Optional<String> reload() {
    MedicConfig next;
    try {
      next = applyOverrides(loader.load(configFile));
    } catch (ConfigException e) {
      log.error("reload rejected, keeping the running config:\n{}", e.getMessage());
      store.audit(AuditEntry.of(clock.instant(), null, null, "reload", null, "failed", e.getMessage()));
      return Optional.of(e.getMessage());
    }
    config.set(next);
    buildRuntimes(next, book.openIncidents());
    for (TargetConfig t : next.targets()) {
      if (t.process() != null && supervisor.find(t.name()).isEmpty()) {
        try {
          supervisor.supervise(t.name(), t.process());
        } catch (IOException e) {
          log.error("cannot start process of {}: {}", t.name(), e.getMessage());
        }
      }
    }
    scheduler.schedule(jobs(next));
    // A target taken out of the config can no longer clear: its incidents close here, saying why.
    for (Incident i : book.openIncidents()) {
      if (next.target(i.target()).isEmpty()) {
        book.clear(i.target(), i.condition(), "target " + i.target() + " removed from the config");
      }
    }
    // As after a restart: open incidents that nobody works (they were only recorded in mode observe or
    // a dry run, say) are taken up under the new config. Those being worked or escalated stay as they are.
    for (Incident i : book.openIncidents()) {
      healer.take(i);
    }
    store.audit(AuditEntry.of(clock.instant(), null, null, "reload", null, "ok",
        next.targets().size() + " targets, " + scheduler.size() + " checks"));
    log.info("config reloaded: {} targets, {} checks", next.targets().size(), scheduler.size());
    return Optional.empty();
  }

  private void pruneLoop() {
    try {
      // Not at start-up: a large delete would compete with the first checks for the store.
      Thread.sleep(Duration.ofMinutes(1));
      while (!Thread.currentThread().isInterrupted()) {
        try {
          int n = store.pruneObservations(clock.instant().minus(config.get().agent().retention()));
          if (n > 0) {
            log.debug("pruned {} observations past retention", n);
          }
        } catch (RuntimeException e) {
          // A failed round (a locked database, say) must not end pruning for good: try next hour.
          log.warn("retention pruning failed: {}", e.toString());
        }
        Thread.sleep(Duration.ofHours(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- read side for the API and the CLI ------------------------------------------------

  public MedicConfig config() {
    return config.get();
  }

  public Store store() {
    return store;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Clock clock() {
    return clock;
  }

  public int port() {
    return api == null ? -1 : api.port();
  }

  public List<TargetView> targets() {
    List<TargetView> views = new ArrayList<>();
    Instant now = clock.instant();
    for (TargetConfig t : config.get().targets()) {
      TargetRuntime rt = runtimes.get(t.name());
      if (rt == null) {
        continue;
      }
      Map<String, Observation> last = rt.lastObservations();
      List<Incident> open = book.openIncidents().stream().filter(i -> i.target().equals(t.name())).toList();
      views.add(new TargetView(t.name(), t.critical(), rt.status().name().toLowerCase(java.util.Locale.ROOT),
          rt.uptime(now), last.values().stream().map(TargetView.CheckView::of).toList(),
          open.stream().map(Incident::id).toList()));
    }
    return views;
  }

  public Supervisor supervisor() {
    return supervisor;
  }

  public ApprovalDesk approvals() {
    return approvals;
  }

  public IncidentBook incidents() {
    return book;
  }

  /** True while some incident is being worked (for tests and the demo summary). */
  public boolean healing() {
    return healer.busy();
  }

  @Override
  public void close() {
    if (api != null) {
      api.stop();
    }
    if (pruner != null) {
      pruner.interrupt();
    }
    scheduler.close();
    try {
      // Healing threads and notifications write to the store: they end before it closes.
      int healing = healer.stop(SHUTDOWN_PATIENCE);
      int notifying = escalator.drain(SHUTDOWN_PATIENCE);
      if (healing + notifying > 0) {
        log.warn("stopped with {} healing and {} notification threads still busy", healing, notifying);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.shutdown();
    if (insecureHttp != null) {
      insecureHttp.shutdown();
    }
    supervisor.close();
    store.close();
  }
}
