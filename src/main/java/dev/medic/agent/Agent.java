package dev.medic.agent;

import dev.medic.api.ApiServer;
import dev.medic.api.Metrics;
import dev.medic.config.AgentSettings;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
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
import dev.medic.process.ProcessSpec;
import dev.medic.process.SupervisedProcess;
import dev.medic.process.Supervisor;
import dev.medic.schedule.CheckJob;
import dev.medic.schedule.Scheduler;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.SqliteStore;
import dev.medic.store.StoreLock;
import dev.medic.store.StoreUrl;
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
  private final Clock clock;
  private final AtomicReference<MedicConfig> config = new AtomicReference<>();
  /**
   * The secrets to hide in everything medic writes, serves, sends or logs: the current config's,
   * plus those of every config loaded before (a secret rotated out may still sit in a message).
   */
  private final AtomicReference<Redactor> secrets = new AtomicReference<>(Redactor.none());
  private final Map<String, TargetRuntime> runtimes = new ConcurrentHashMap<>();
  private final Store store;
  private final StoreLock storeLock;
  private final Outbox outbox;
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

  /** Runs per check that rebuild a detector at start: more than any failure run or window needs. */
  private static final int WARM_OBSERVATIONS = 200;

  /** How far back a detector is rebuilt at start, unless a rule of the target needs longer. */
  private static final Duration WARM_HORIZON = Duration.ofHours(1);

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
    this.clock = clock;
    this.overrides = overrides;
    this.startedAt = clock.instant();
    MedicConfig cfg = applyOverrides(initial);
    config.set(cfg);
    secrets.set(cfg.redactor());
    LogRedaction.use(LogRedaction.current().and(cfg.redactor()));
    AgentSettings agent = cfg.agent();
    // Opening the store (SQLite, pool, migrations) takes a third of start-up: it runs beside the
    // other slow parts (TLS set-up of the HTTP client, the metrics registry) instead of before them.
    Path storePath = StoreUrl.parse(agent.store()).path();
    // One medic per store, settled before anything is touched: a second one would stop the first
    // one's supervised processes as leftovers and write to its children ledger.
    this.storeLock = StoreLock.acquire(storePath);
    CompletableFuture<SqliteStore> opening = new CompletableFuture<>();
    Thread.ofPlatform().name("medic-store-open").start(() -> {
      try {
        opening.complete(SqliteStore.open(storePath, secrets::get));
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
      storeLock.close();
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    this.book = new IncidentBook(store, clock, secrets::get);
    CircuitBreaker breaker = new CircuitBreaker(agent.breaker(), clock);
    breaker.warm(store.ledger().recentResults(agent.breaker().window()));
    this.outbox = store.outbox();
    this.escalator = new Escalator(book, store, outbox, () -> config.get().escalation(), http, clock);
    this.approvals = new ApprovalDesk(store, clock);
    Verifier verifier = new Verifier() {
      @Override
      public Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException {
        return Agent.this.verify(incident, actedAt, timeout);
      }

      @Override
      public boolean holds(Incident incident) {
        // Cleared means the detector let go of it and no check is failing: a verification run that
        // saw the service die again may not have reached the detector yet.
        TargetRuntime rt = runtimes.get(incident.target());
        return rt != null && (rt.holds(incident.condition()) || rt.failingChecks() > 0);
      }
    };
    this.healer = new Healer(config::get, book, store, new Guard(store.ledger(), breaker, clock), verifier,
        escalator, supervisor, http, clock, approvals, (target, strategy, result) -> metrics.attempt(result));
    this.book.listener(new IncidentBook.Listener() {
      @Override
      public void opened(Incident incident) {
        log.warn("incident #{} opened: {} {} [{}] {}", incident.id(), incident.target(),
            incident.condition(), incident.severity().key(), incident.message());
        noteLastOutput(incident);
        healer.take(incident);
      }

      @Override
      public void resolved(Incident incident) {
        log.info("incident #{} {}: {} {} after {} s: {}", incident.id(), incident.symptom() ? "closed as a symptom" : "resolved",
            incident.target(), incident.condition(), incident.resolutionSeconds(), incident.resolutionDetails());
        healer.resolved(incident);
        // A symptom folded into a crash loop is not fixed: the all-clear comes with the loop's own.
        if (!incident.symptom()) {
          escalator.resolved(incident);
        }
        if (incident.condition().equals(TargetDetector.CRASH_LOOP)) {
          raiseWhatStillHolds(incident.target());
        }
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
    store.audit().startChain(clock.instant());
    buildRuntimes(cfg);
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
    // Actions cut off by the crash of an earlier medic count as attempts before anything is retried.
    healer.recoverInterrupted();
    Map<String, Map<String, Observation>> lastSeen = new java.util.HashMap<>();
    Map<TargetConfig, List<Signal>> warmSignals = warmUp(cfg, resumed, lastSeen);
    for (Incident i : resumed) {
      log.warn("incident #{} resumed: {} {} ({})", i.id(), i.target(), i.condition(), i.state().key());
    }
    List<CheckJob> jobs = jobs(cfg);
    for (CheckJob job : jobs) {
      Observation last = lastSeen.getOrDefault(job.target(), Map.of()).get(job.check());
      if (last != null) {
        job.probe().resume(last);
      }
    }
    scheduler.schedule(jobs);
    // Only now: a remedy's verify re-runs the target's checks, which must be scheduled first.
    warmSignals.forEach((t, signals) -> {
      TargetRuntime rt = runtimes.get(t.name());
      synchronized (rt) {
        handle(t, signals);
      }
    });
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
   * Detector memory (failure runs, threshold-for timers, baselines, crash-loop windows) rebuilt from
   * what the store recorded, so that a restart neither forgets a condition nor clears one without
   * evidence that it cleared.
   *
   * @param lastSeen filled with each check's newest recorded reading, for its probe to resume from
   * @return per target, the signals the history gives (handled once the checks are scheduled)
   */
  private Map<TargetConfig, List<Signal>> warmUp(MedicConfig cfg, List<Incident> resumed,
      Map<String, Map<String, Observation>> lastSeen) {
    Instant now = clock.instant();
    Map<TargetConfig, List<Signal>> warmSignals = new java.util.LinkedHashMap<>();
    for (TargetConfig t : cfg.targets()) {
      TargetRuntime rt = runtimes.get(t.name());
      List<String> open = resumed.stream().filter(i -> i.target().equals(t.name())).map(Incident::condition).toList();
      // Only checks the config still has: a renamed check's old readings would never be replaced.
      java.util.Set<String> checks = t.checks().stream().map(CheckSpec::name).collect(java.util.stream.Collectors.toSet());
      Instant since = now.minus(warmHorizon(t));
      List<Observation> history = new ArrayList<>(store.observations().list(t.name(), WARM_OBSERVATIONS * checks.size()).stream()
          .filter(o -> o.at().isAfter(since) && checks.contains(o.check()))
          .toList()).reversed();
      Map<String, Observation> last = lastSeen.computeIfAbsent(t.name(), k -> new java.util.HashMap<>());
      for (Observation o : history) {
        // A probe resumes from the newest reading that has its numbers (a timeout has none).
        if (!o.metrics().isEmpty() || !last.containsKey(o.check())) {
          last.put(o.check(), o);
        }
      }
      List<Signal> signals = new ArrayList<>(rt.warm(history, open));
      open.forEach(rt::assumeRaised);
      // A crash loop counts exits across a restart of medic: the window is refilled from the audit,
      // which may raise the loop now; a resumed loop clears only once the service runs again.
      signals.addAll(refillExitWindow(rt, t, now));
      warmSignals.put(t, signals);
    }
    return warmSignals;
  }

  /** The crash-loop window of a new runtime, refilled with the exits the audit recorded within it. */
  private List<Signal> refillExitWindow(TargetRuntime rt, TargetConfig t, Instant now) {
    if (t.detect().crashLoop() == null) {
      return List.of();
    }
    return rt.warmExits(store.audit().processExits(t.name(), now.minus(t.detect().crashLoop().within())), now);
  }

  /** A fresh runtime per target, at start. */
  private void buildRuntimes(MedicConfig cfg) {
    for (TargetConfig t : cfg.targets()) {
      runtimes.put(t.name(), newRuntime(t, cfg.agent()));
    }
  }

  /** An hour, or the longest threshold {@code for} or baseline window of the target. */
  private static Duration warmHorizon(TargetConfig t) {
    Duration longest = WARM_HORIZON;
    List<dev.medic.config.ThresholdRule> rules = new ArrayList<>(t.detect().thresholds());
    t.checks().forEach(c -> rules.addAll(c.rules()));
    for (var rule : rules) {
      Duration need = rule.relative() ? rule.holdFor().plus(rule.baselineOver()) : rule.holdFor();
      longest = need.compareTo(longest) > 0 ? need : longest;
    }
    return longest;
  }

  private static TargetRuntime newRuntime(TargetConfig t, AgentSettings agent) {
    var detect = t.detect();
    int successes = detect.successes() == null ? agent.successes() : detect.successes();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    Map<String, List<dev.medic.config.ThresholdRule>> checkRules = new java.util.HashMap<>();
    for (CheckSpec c : t.checks()) {
      // A supervised process that exited is a fact, not a flaky reading: one failure is enough.
      int f = detect.failures() != null ? detect.failures()
          : c instanceof ProcessCheck ? 1 : agent.failures();
      failures.put(c.name(), f);
      if (!c.rules().isEmpty()) {
        checkRules.put(c.name(), c.rules());
      }
    }
    TargetDetector detector = new TargetDetector(t.name(), detect,
        check -> failures.getOrDefault(check, agent.failures()), successes, checkRules);
    return new TargetRuntime(t, detector);
  }

  /**
   * Whether a target runs on exactly as before under the new config: same target settings, and the
   * same agent defaults its checks and detector were built from.
   */
  private static boolean unchanged(TargetConfig before, AgentSettings agentBefore, TargetConfig after, AgentSettings agentAfter) {
    return SameConfig.same(before, after)
        && agentBefore.interval().equals(agentAfter.interval())
        && agentBefore.timeout().equals(agentAfter.timeout())
        && agentBefore.failures().equals(agentAfter.failures())
        && agentBefore.successes().equals(agentAfter.successes());
  }

  private List<CheckJob> jobs(MedicConfig cfg) {
    List<CheckJob> jobs = new ArrayList<>();
    for (TargetConfig t : cfg.targets()) {
      jobs.addAll(jobs(t, cfg.agent()));
    }
    return jobs;
  }

  /** The target's checks with their probes; if one cannot be made, those made so far are closed. */
  private List<CheckJob> jobs(TargetConfig t, AgentSettings agent) {
    boolean trustAll = t.checks().stream().anyMatch(c -> c instanceof HttpCheck h && !h.tlsVerify());
    ProbeContext ctx = new ProbeContext(t.name(), http, trustAll ? insecureHttp() : http, supervisor, clock);
    List<CheckJob> jobs = new ArrayList<>();
    try {
      for (CheckSpec c : t.checks()) {
        Duration interval = c.interval() == null ? agent.interval() : c.interval();
        Duration timeout = c.timeout() == null ? agent.timeout() : c.timeout();
        jobs.add(new CheckJob(t.name(), c.name(), kind(c), c.create(ctx), interval, timeout));
      }
    } catch (RuntimeException e) {
      jobs.forEach(j -> j.probe().close());
      throw e;
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
    store.observations().record(o);
    metrics.observe(o, rt.kind(o.check()));
    // The detector's signals reach the book under the target's lock, in the order the detector gave
    // them: two checks of one target finishing together must not turn its raise-then-clear into a
    // clear-then-raise, which would leave a held condition without an incident.
    synchronized (rt) {
      Observation previous = rt.note(o);
      List<Signal> signals = rt.detect(o, verification);
      if (!o.healthy() && (previous == null || previous.healthy())) {
        log.info("check failed: {}/{} {} {}", o.target(), o.check(), o.condition(), o.message());
      } else if (o.healthy() && previous != null && !previous.healthy()) {
        log.info("check ok again: {}/{} {}", o.target(), o.check(), o.message());
      }
      handle(rt.config, signals);
      clearWhatNoLongerHolds(rt, o);
    }
  }

  /**
   * A clear noted while an action was verified, which the verify then did not turn into a
   * resolution, would otherwise leave the incident open for good: the detector lets go of a
   * condition once. So an open incident whose condition the detector no longer holds is cleared at
   * the target's next observation, unless an action on it is being verified.
   */
  private void clearWhatNoLongerHolds(TargetRuntime rt, Observation o) {
    for (Incident i : book.openIncidents(o.target())) {
      if (!book.verifying(i.id()) && !rt.holds(i.condition())) {
        book.clear(i.target(), i.condition(), "condition cleared: " + o.check() + ": " + o.message());
      }
    }
  }

  /**
   * After a crash loop: what was only noted as its symptom while it lasted and still holds now (a
   * queue that stayed stalled, say) gets an incident of its own, since the detector raises once.
   */
  private void raiseWhatStillHolds(String target) {
    TargetRuntime rt = runtimes.get(target);
    Optional<TargetConfig> t = config.get().target(target);
    if (rt == null || t.isEmpty()) {
      return;
    }
    synchronized (rt) {
      for (String condition : rt.heldConditions()) {
        if (!condition.equals(TargetDetector.CRASH_LOOP) && book.openIncident(target, condition).isEmpty()) {
          book.raise(target, condition, t.get().severity(), "still holds after the crash loop ended");
        }
      }
    }
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
    String how = exitHow(exit);
    log.warn("{}: {}{}", exit.target(), how, exit.lastLines().isEmpty() ? ""
        : "; last output:\n    " + String.join("\n    ", exit.lastLines()));
    TargetRuntime rt = runtimes.get(exit.target());
    if (rt == null) {
      return;
    }
    store.audit().append(AuditEntry.of(exit.at(), null, exit.target(), AuditEntry.PROCESS_EXITED, null, "",
        exitReport(exit)));
    synchronized (rt) {
      handle(rt.config, rt.processExited(exit.at()));
    }
    for (Incident i : book.openIncidents(exit.target())) {
      if (PROCESS_CONDITIONS.contains(i.condition())) {
        book.note(i.id(), "process_output", exitReport(exit));
      }
    }
    scheduler.runNow(exit.target(), false);
  }

  /** Incidents that a supervised process's exit is evidence for. */
  private static final java.util.Set<String> PROCESS_CONDITIONS = java.util.Set.of("process_exited", TargetDetector.CRASH_LOOP);

  private static String exitHow(SupervisedProcess.Exit exit) {
    return "process " + exit.describe() + " (pid " + exit.pid() + ")";
  }

  /** How the process ended and the output it left: the evidence for the audit and the incident. */
  private static String exitReport(SupervisedProcess.Exit exit) {
    return exitHow(exit) + (exit.lastLines().isEmpty() ? "; no output" : "; last " + exit.lastLines().size()
        + " lines of output:\n" + String.join("\n", exit.lastLines()));
  }

  /** A new incident about a process that died gets the output it left as evidence. */
  private void noteLastOutput(Incident incident) {
    if (!PROCESS_CONDITIONS.contains(incident.condition())) {
      return;
    }
    supervisor.find(incident.target()).flatMap(SupervisedProcess::lastExit).ifPresent(exit ->
        book.note(incident.id(), "process_output", exitReport(exit)));
  }

  /**
   * Verify: re-run the target's checks until its condition no longer holds and every check has run
   * healthy since the action, then keep watching for the settle period: a service that answers
   * for a moment after a restart and dies again is not healed. Fails at the first relapse, or when
   * the target is not healthy by the deadline.
   */
  private Verifier.Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException {
    Duration settle = settleFor(incident.target());
    long deadline = System.nanoTime() + timeout.toNanos();
    long healthyFrom = -1;
    Duration step = Duration.ofMillis(50);
    while (true) {
      // Until the target first looks healed, a failure is the action's own aftermath (a service
      // still booting) and must not open incidents; once it settles, a failure is a relapse.
      scheduler.runNow(incident.target(), healthyFrom < 0);
      TargetRuntime rt = runtimes.get(incident.target());
      if (rt == null) {
        return new Verifier.Result(false, 0, "target " + incident.target() + " is no longer configured");
      }
      rt.awaitObservation(step);
      boolean cleared = !rt.holds(incident.condition());
      boolean healthy = rt.healthySince(actedAt);
      long now = System.nanoTime();
      if (cleared && healthy) {
        if (healthyFrom < 0) {
          healthyFrom = now;
        }
        if (Duration.ofNanos(now - healthyFrom).compareTo(settle) >= 0) {
          return new Verifier.Result(true, 0, "condition cleared and every check healthy "
              + Duration.between(actedAt, clock.instant()).minus(settle).toMillis() + " ms after the action,"
              + " then for the " + settle.toMillis() + " ms settle period");
        }
      } else if (healthyFrom >= 0) {
        int failing = rt.failingChecks();
        return new Verifier.Result(false, failing, "healthy for " + Duration.ofNanos(now - healthyFrom).toMillis()
            + " ms after the action, then " + (cleared ? plural(failing) + " failing" : incident.condition() + " came back")
            + " within the " + settle.toMillis() + " ms settle period");
      } else if (now >= deadline) {
        int failing = rt.failingChecks();
        String why = cleared ? "condition cleared but " + plural(failing) + " failing"
            : failing == 0 ? incident.condition() + " still holds (no check down)"
            : incident.condition() + " still holds, " + plural(failing) + " failing";
        return new Verifier.Result(false, failing, why + " after " + timeout.toMillis() + " ms");
      }
      step = step.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : step.multipliedBy(2);
    }
  }

  private static String plural(int checks) {
    return checks == 1 ? "1 check" : checks + " checks";
  }

  /** {@code agent.verify_settle}, or three of the target's shortest check interval within the verify timeout. */
  private Duration settleFor(String target) {
    AgentSettings agent = config.get().agent();
    if (agent.verifySettle() != null) {
      return agent.verifySettle();
    }
    Duration shortest = config.get().target(target).stream()
        .flatMap(t -> t.checks().stream())
        .map(c -> c.interval() == null ? agent.interval() : c.interval())
        .min(Duration::compareTo)
        .orElse(agent.interval());
    Duration three = shortest.multipliedBy(3);
    return three.compareTo(agent.verifyTimeout()) > 0 ? agent.verifyTimeout() : three;
  }

  private int failingChecks(String target) {
    TargetRuntime rt = runtimes.get(target);
    return rt == null ? 0 : rt.failingChecks();
  }

  /**
   * Re-reads the config file and applies it whole or not at all. Unchanged targets run on as they
   * are (their detector state, probe memory and schedule kept); changed ones start afresh, taking
   * their open incidents with them; removed ones stop, their processes too, and their incidents
   * close saying why. A file with errors, or a target whose checks cannot be set up, leaves the
   * running config in force and the problem is returned.
   *
   * @return empty on success, the problem otherwise
   */
  public synchronized Optional<String> reload() {
    MedicConfig next;
    try {
      // A loader per reload: nothing of a parse outlives it.
      next = applyOverrides(new ConfigLoader().load(configFile));
    } catch (ConfigException e) {
      return rejectReload(e.getMessage());
    }
    MedicConfig current = config.get();
    Map<String, TargetRuntime> nextRuntimes = new java.util.HashMap<>();
    List<CheckJob> nextJobs = new ArrayList<>();
    List<CheckJob> created = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Map<String, List<CheckJob>> scheduled = scheduler.jobsByTarget();
    try {
      for (TargetConfig t : next.targets()) {
        Optional<TargetConfig> before = current.target(t.name());
        TargetRuntime running = runtimes.get(t.name());
        if (before.isPresent() && running != null && unchanged(before.get(), current.agent(), t, next.agent())) {
          nextRuntimes.put(t.name(), running);
          nextJobs.addAll(scheduled.getOrDefault(t.name(), List.of()));
        } else {
          nextRuntimes.put(t.name(), newRuntime(t, next.agent()));
          List<CheckJob> fresh = jobs(t, next.agent());
          created.addAll(fresh);
          nextJobs.addAll(fresh);
          if (before.isPresent()) {
            changed.add(t.name());
          }
        }
      }
    } catch (RuntimeException e) {
      created.forEach(j -> j.probe().close());
      log.error("reload could not set up the new config", e);
      return rejectReload("cannot apply " + configFile + ": " + e.getMessage());
    }
    List<String> removed = current.targets().stream().map(TargetConfig::name)
        .filter(n -> next.target(n).isEmpty()).toList();

    // Nothing below can be refused: the new config is applied whole.
    config.set(next);
    secrets.set(secrets.get().and(next.redactor()));
    LogRedaction.use(LogRedaction.current().and(next.redactor()));
    // A target taken out of the config can no longer clear: its incidents close here, saying why,
    // even one whose remedy is being verified (its healer then finds it closed and stops).
    for (Incident i : book.openIncidents()) {
      if (next.target(i.target()).isEmpty()) {
        book.resolve(i, "target " + i.target() + " removed from the config");
      }
    }
    Instant now = clock.instant();
    for (String name : changed) {
      TargetRuntime fresh = nextRuntimes.get(name);
      TargetRuntime before = runtimes.get(name);
      TargetConfig t = next.target(name).orElseThrow();
      synchronized (fresh) {
        for (Incident i : book.openIncidents(name)) {
          fresh.assumeRaised(i.condition());
        }
        handle(t, refillExitWindow(fresh, t, now));
      }
      // New probes of a changed target continue from what the old ones last saw (a queue's stall clock).
      Map<String, Observation> seen = before == null ? Map.of() : before.lastObservations();
      for (CheckJob job : created) {
        Observation last = job.target().equals(name) ? seen.get(job.check()) : null;
        if (last != null) {
          job.probe().resume(last);
        }
      }
    }
    runtimes.putAll(nextRuntimes);
    runtimes.keySet().retainAll(nextRuntimes.keySet());
    java.util.Set<CheckJob> fresh = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    fresh.addAll(created);
    try {
      // Checks of changed and removed targets stop while their processes are replaced or stopped,
      // so that no check sees the gap between the old process and the new one as an exit.
      scheduler.schedule(nextJobs.stream().filter(j -> !fresh.contains(j)).toList());
      reconcileProcesses(current, next, removed);
    } finally {
      scheduler.schedule(nextJobs);
    }
    for (String name : removed) {
      metrics.forget(name);
    }
    // As after a restart: open incidents that nobody works (they were only recorded in mode observe or
    // a dry run, say) are taken up under the new config. Those being worked or escalated stay as they are.
    for (Incident i : book.openIncidents()) {
      healer.take(i);
    }
    String summary = next.targets().size() + " targets, " + scheduler.size() + " checks"
        + (changed.isEmpty() ? "" : "; restarted " + String.join(", ", changed))
        + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed));
    store.audit().append(AuditEntry.of(clock.instant(), null, null, "reload", null, "ok", summary));
    log.info("config reloaded: {}", summary);
    return Optional.empty();
  }

  private Optional<String> rejectReload(String problem) {
    log.error("reload rejected, keeping the running config:\n{}", problem);
    store.audit().append(AuditEntry.of(clock.instant(), null, null, "reload", null, "failed", problem));
    return Optional.of(problem);
  }

  /**
   * Supervised processes follow the config: those of removed targets stop, those whose process
   * settings changed restart with the new ones, new ones start. A process that cannot start is
   * logged and audited; its process check reports it down like any other exit.
   */
  private void reconcileProcesses(MedicConfig before, MedicConfig after, List<String> removed) {
    for (String name : removed) {
      before.target(name).map(TargetConfig::process).ifPresent(spec -> stopProcess(name, spec));
    }
    for (TargetConfig t : after.targets()) {
      ProcessSpec was = before.target(t.name()).map(TargetConfig::process).orElse(null);
      try {
        if (t.process() == null) {
          if (was != null) {
            stopProcess(t.name(), was);
          }
        } else if (!supervisor.runsWith(t.name(), t.process())) {
          boolean running = supervisor.find(t.name()).isPresent();
          supervisor.replace(t.name(), t.process());
          if (running) {
            log.info("process of {} restarted with its new settings", t.name());
          }
        }
      } catch (IOException e) {
        log.error("cannot start process of {}: {}", t.name(), e.getMessage());
        store.audit().append(AuditEntry.of(clock.instant(), null, t.name(), "reload", null, "failed",
            "cannot start process of " + t.name() + ": " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void stopProcess(String target, ProcessSpec spec) {
    try {
      supervisor.stop(target, spec.stopGrace());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pruneLoop() {
    try {
      // Not at start-up: a large delete would compete with the first checks for the store.
      Thread.sleep(Duration.ofMinutes(1));
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Instant before = clock.instant().minus(config.get().agent().retention());
          int n = store.observations().prune(before);
          int m = outbox.prune(before);
          if (n + m > 0) {
            log.debug("pruned {} observations and {} finished deliveries past retention", n, m);
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
      List<Incident> open = book.openIncidents(t.name());
      views.add(new TargetView(t.name(), t.critical(), rt.status().name().toLowerCase(java.util.Locale.ROOT),
          rt.uptime(now), last.values().stream().map(o -> TargetView.CheckView.of(o, secrets.get())).toList(),
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
    storeLock.close();
  }
}
