package dev.medic.runtime;

import dev.medic.api.ApiServer;
import dev.medic.api.Controls;
import dev.medic.dashboard.DashboardModule;
import dev.medic.api.Metrics;
import dev.medic.api.TargetView;
import dev.medic.config.AgentSettings;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
import dev.medic.config.TargetConfig;
import dev.medic.detect.Signal;
import dev.medic.store.Approval;
import dev.medic.heal.ActionRunner;
import dev.medic.analyze.AfterAction;
import dev.medic.analyze.AnalysisDesk;
import dev.medic.analyze.Analysts;
import dev.medic.analyze.BundleBuilder;
import dev.medic.analyze.BundleJson;
import dev.medic.analyze.BundleMarkdown;
import dev.medic.analyze.Investigation;
import dev.medic.analyze.RuleAnalyst;
import dev.medic.heal.ApprovalDesk;
import dev.medic.heal.CircuitBreaker;
import dev.medic.heal.FlappingHold;
import dev.medic.heal.Guard;
import dev.medic.silence.SilenceBook;
import dev.medic.silence.SilenceDesk;
import dev.medic.silence.SilenceRequest;
import dev.medic.store.Silence;
import dev.medic.heal.Healer;
import dev.medic.heal.Verifier;
import dev.medic.spi.Status;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.QueuedEventBus;
import dev.medic.incident.Acknowledgement;
import dev.medic.live.LiveFeed;
import dev.medic.notify.Escalator;
import dev.medic.notify.Mute;
import dev.medic.notify.RootCauses;
import dev.medic.process.ChildLedger;
import dev.medic.process.SupervisedProcess;
import dev.medic.report.ReportBuilder;
import dev.medic.report.ReportRun;
import dev.medic.report.ReportSchedule;
import dev.medic.report.ReportSender;
import dev.medic.report.Reporter;
import dev.medic.schedule.Timers;
import dev.medic.spi.Report;
import dev.medic.process.Supervisor;
import dev.medic.schedule.CheckJob;
import dev.medic.schedule.Scheduler;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Observation;
import dev.medic.spi.Plugin;
import dev.medic.store.AuditEntry;
import dev.medic.store.Outbox;
import dev.medic.store.SqliteStore;
import dev.medic.store.Store;
import dev.medic.store.StoreLock;
import dev.medic.config.StoreUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place where the loop is wired (Scheduler → Probe → Observation →
 * Detector → Signal → IncidentBook → Healer (Guard, Action, Verify) → Store, with Escalation and
 * the API beside it), started, reloaded and stopped.
 */
public final class Agent implements Controls, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  /** SIGTERM to SIGKILL for children an earlier medic left running. */
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

  /** How long an action on a flapping target waits before it asks again whether the target settled. */
  private static final Duration FLAPPING_RECHECK = Duration.ofSeconds(30);

  /** How long shutdown waits for each of healing and notifying to finish. */
  private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(5);

  /** Command-line settings that win over the file. */
  public record Overrides(dev.medic.config.Mode mode, boolean dryRun, String store, String api) {
    public static Overrides none() {
      return new Overrides(null, false, null, null);
    }
  }

  private final Path configFile;
  private final Overrides overrides;
  private final Clock clock;
  private final AtomicReference<MedicConfig> config = new AtomicReference<>();
  /** The config as the file (and the command line) has it, before the API's detection overrides. */
  private final AtomicReference<MedicConfig> fileConfig = new AtomicReference<>();
  /**
   * The secrets to hide in everything medic writes, serves, sends or logs: the current config's,
   * plus those of every config loaded before (a secret rotated out may still sit in a message).
   */
  private final AtomicReference<Redactor> secrets = new AtomicReference<>(Redactor.none());
  private final StoreLock storeLock;
  private final Store store;
  private final List<Plugin> plugins;
  private final Registry kinds;
  private final Supervisor supervisor;
  private final TargetRuntimes runtimes;
  private final QueuedEventBus events;
  private final IncidentBook book;
  private final Pipeline pipeline;
  private final WarmUp warmUp;
  private final Healer healer;
  private final Escalator escalator;
  private final AnalysisDesk analysts;
  /** Trips after too many failed actions; an agent hand-off waits while it is open, like any action. */
  private final CircuitBreaker breaker;
  private final AgentInvestigation investigation;
  /** Verifies a target after an external agent's hand-off, as after any action (set once the scheduler is). */
  private final TargetVerifier verifier;
  private final ApprovalDesk approvals;
  private final Scheduler scheduler;
  private final Metrics metrics;
  private final AgentReadModel view;
  private final ProcessReconciler processes;
  /** Prunes observations and finished deliveries past retention. */
  private final Periodic retention;
  /** Rolls raw observations into 5-minute and hourly aggregates. */
  private final Periodic historyRollup;
  /** Time-based escalation steps and reminders. */
  private final Periodic escalationSteps;
  private final Heartbeat heartbeat;
  private final ApiServer api;
  private final Reporter reporter;
  private final Timers reportTimers;
  private final ReportSchedule reports;
  private final SilenceBook silences;
  private final SilenceDesk silenceDesk;
  private final SimulatedFailures drills;
  private final AlertDesk alertDesk;
  /** Pushes status changes, alerts and heal results to open pages. */
  private final LiveFeed live;
  private final AutoCloseable liveAlerts;

  public Agent(Path configFile, MedicConfig initial, Overrides overrides, Clock clock) {
    this.configFile = configFile;
    this.clock = clock;
    this.overrides = overrides;
    MedicConfig cfg = applyOverrides(initial);
    config.set(cfg);
    secrets.set(cfg.redactor());
    LogRedaction.use(LogRedaction.current().and(cfg.redactor()));
    AgentSettings agent = cfg.agent();
    Path storePath = StoreUrl.parse(agent.store()).path();
    // One medic per store, settled before anything is touched: a second one would stop the first
    // one's supervised processes as leftovers and write to its children ledger.
    this.storeLock = StoreLock.acquire(storePath);
    // Opening the store (SQLite, pool, migrations) takes a third of start-up: it runs beside the
    // other slow parts (plugins, the metrics registry) instead of before them.
    CompletableFuture<SqliteStore> opening = new CompletableFuture<>();
    Thread.ofPlatform().name("medic-store-open").start(() -> {
      try {
        opening.complete(SqliteStore.open(storePath, secrets::get));
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    });
    this.metrics = new Metrics(this::openIncidentCount);
    // Beside the store: a restart on the same store finds the children an earlier medic left behind.
    ProcessExitRelay exits = new ProcessExitRelay();
    this.supervisor = new Supervisor(clock, exits,
        ChildLedger.at(storePath.resolveSibling(storePath.getFileName() + ".children")));
    this.plugins = Plugins.standard();
    this.kinds = new Registry(plugins, Bindings.builder().bind(Supervisor.class, supervisor));
    try {
      this.store = opening.join();
    } catch (CompletionException e) {
      plugins.forEach(Plugin::close);
      storeLock.close();
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    // Detection thresholds changed through the API outlive restarts: they are laid over the file's.
    fileConfig.set(cfg);
    config.set(layered(cfg));
    this.drills = new SimulatedFailures(clock);
    this.runtimes = new TargetRuntimes(kinds, clock);
    this.events = new QueuedEventBus();
    this.book = new IncidentBook(store, clock, secrets::get, events,
        target -> config.get().target(target).map(TargetConfig::dependsOn).orElse(List.of()));
    this.live = new LiveFeed(clock, this::targets, text -> secrets.get().redact(text), LiveFeed.Pacing.standard());
    LiveRelay relay = new LiveRelay(live, metrics, clock);
    this.liveAlerts = events.subscribe("live", live::incident);
    this.pipeline = new Pipeline(runtimes, store, metrics, book, config::get, relay);
    this.warmUp = new WarmUp(store, runtimes, clock);
    this.breaker = new CircuitBreaker(agent.breaker(), clock);
    breaker.warm(store.ledger().recentResults(agent.breaker().window()));
    Outbox outbox = store.outbox();
    this.silences = new SilenceBook(store, config::get, clock);
    this.silenceDesk = new SilenceDesk(store, clock, silences::refresh);
    BundleBuilder bundles = new BundleBuilder(store, config::get, this::liveStatus, clock, kinds);
    BundleJson bundleJson = new BundleJson();
    BundleMarkdown bundleMarkdown = new BundleMarkdown();
    // The healer and the verifier are made below: the desk reaches them through these methods.
    this.analysts = new AnalysisDesk(bundles, new RuleAnalyst(clock)::analyze, () -> config.get().escalation(), book,
        store, this::propose, AfterAction.of(this::verifyAfterHandOff, this::handOffRefusal), bundleJson::json, bundleMarkdown::markdown,
        text -> bundles.redactor().redact(text), clock);
    this.investigation = new AgentInvestigation(book, store, bundles, analysts, this::propose);
    this.escalator = new Escalator(book, store, outbox, () -> config.get().escalation(),
        target -> config.get().target(target).map(TargetConfig::labels).orElse(Map.of()), silences,
        new BookRootCauses(book), new ChannelContext(kinds.bindings()), clock, analysts);
    this.escalationSteps = new Periodic("escalation-steps", Escalator.TICK, escalator::tick);
    this.approvals = new ApprovalDesk(store, clock);
    this.scheduler = new Scheduler(clock, agent.maxConcurrentChecks(), agent.jitter(),
        o -> pipeline.observe(drills.apply(o)), metrics::lagNanos);
    // A verify sees a drill's failure as the scheduled runs do, so it cannot end the drill's incident early.
    this.verifier = new TargetVerifier(runtimes,
        (target, patience) -> scheduler.probeNow(target, patience).stream().map(drills::apply).toList(),
        pipeline, config::get, clock);
    ActionRunner runner = new ActionRunner(book, store, verifier, kinds.bindings(), clock, relay);
    this.healer = new Healer(config::get, book, new Guard(store.ledger(), breaker, clock,
        List.of(new FlappingHold(book, FLAPPING_RECHECK), silences)), runner, approvals);
    ProcessExits processExits = new ProcessExits(runtimes, pipeline, store, book, scheduler::runNow);
    exits.relayTo(processExits);
    Lifecycle.subscribe(events, healer, pipeline, processExits, supervisor);
    this.processes = new ProcessReconciler(supervisor, store, clock);
    this.retention = new Retention(store, outbox, () -> config.get().agent().history(), clock)
        .every(Duration.ofMinutes(1), Duration.ofHours(1));
    this.historyRollup = new HistoryRollup(store.history(), clock)
        .every(HistoryRollup.FIRST_DELAY, HistoryRollup.PERIOD);
    this.heartbeat = new Heartbeat(scheduler.timers(), () -> config.get().agent().heartbeat(), store,
        this::openIncidentCount, metrics::lastDowntime, clock);
    this.view = new AgentReadModel(store, book, runtimes, metrics, config::get, clock, heartbeat::lastDowntime);
    this.reporter = new Reporter(config::get, new ReportBuilder(store, clock, silences::activeLines),
        new ReportSender(store, new ChannelContext(kinds.bindings()), clock, Thread::sleep, text -> secrets.get().redact(text)));
    this.reportTimers = Timers.system();
    this.reports = new ReportSchedule(reportTimers, clock, reporter::scheduled);
    this.alertDesk = new AlertDesk(store, config::get, fileConfig::get, this::reapplyOverrides, drills, this, clock);
    // The access block and the address are read per request from the running config: a reload applies them.
    dev.medic.api.TokenAccess access = dev.medic.api.TokenAccess.of(() -> config.get().access(),
        () -> config.get().agent().api(), store.apiTokens(), clock);
    this.api = "off".equals(agent.api()) ? null : new ApiServer(view, this, agent.api(), access, apiModules(access));
  }

  /** The parts of the API beyond its core routes, in the order the OpenAPI document lists them. */
  private List<dev.medic.api.ApiModule> apiModules(dev.medic.api.TokenAccess access) {
    return List.of(new dev.medic.api.LoginModule(access),
        new dev.medic.api.HistoryRoutes(store.history(), clock, this::targetNames),
        new dev.medic.api.ServiceRoutes(view,
            name -> config.get().target(name).map(TargetConfig::dependsOn).orElse(List.of()), clock),
        new dev.medic.api.AlertRoutes(view, this, alertDesk, clock),
        new dev.medic.api.DebugRoutes(alertDesk, new CollectionStatus(scheduler, runtimes, clock),
            () -> config.get().access().debugEndpoints()),
        new DashboardModule(new AgentDashboardData(store, book, runtimes, config::get, clock), this),
        new dev.medic.api.AnalysisRoutes(investigation),
        new dev.medic.mcp.McpModule(investigation, new dev.medic.analyze.BundleMarkdown()::markdown),
        live);
  }

  /** A target's status now; null when it is not configured (then its newest observations tell). */
  private Status liveStatus(String target) {
    TargetRuntime rt = runtimes.get(target);
    return rt == null ? null : rt.status();
  }

  /** Proposals from the API, the MCP server and analysts go to the healer: the Guard, then a person. */
  private Investigation.Proposal propose(long incidentId, String strategy, String by, String why) {
    return healer.propose(incidentId, strategy, by, why);
  }

  /** An external agent that may act is held to what medic itself may do: nothing in observe mode or a dry run. */
  /**
   * An agent that may act is held to what holds every action: only in mode heal, not in a dry run,
   * only on a target that allows healing, not while a silence or maintenance window holds healing,
   * and not while the breaker is open.
   */
  private Optional<String> handOffRefusal(Incident incident) {
    MedicConfig cfg = config.get();
    dev.medic.config.AgentSettings agent = cfg.agent();
    if (agent.mode() != dev.medic.config.Mode.HEAL) {
      return Optional.of("mode " + agent.mode().key() + ": medic does not act");
    }
    if (agent.dryRun()) {
      return Optional.of("dry-run: nothing may act");
    }
    if (!cfg.target(incident.target()).map(TargetConfig::autoHeal).orElse(false)) {
      return Optional.of("auto_heal is off for target " + incident.target());
    }
    // A maintenance window or a silence that holds healing holds an agent too.
    Optional<String> held = silences.on(incident, clock.instant()).map(h -> h.reason());
    if (held.isPresent()) {
      return held;
    }
    return Optional.ofNullable(breaker.openReason());
  }

  private AfterAction.Result verifyAfterHandOff(Incident incident, Instant actedAt) throws InterruptedException {
    Verifier.Result verified = verifier.verify(incident, actedAt, config.get().agent().verifyTimeout());
    // Counted like any action's result: a half-open breaker waits for this trial's outcome.
    breaker.record(verified.healed());
    return new AfterAction.Result(verified.healed(), verified.detail());
  }

  /**
   * What a person or an assistant investigates this medic through: incidents, bundles, analyses,
   * history, the audit, and proposals (the Guard, then a person's approval). The MCP server and the
   * CLI use it.
   */
  public Investigation investigation() {
    return investigation;
  }

  /** Runs analysts on incidents within their limits and records what they concluded. */
  public Analysts analysts() {
    return analysts;
  }

  /** The supervisor exists before what handles its exits: this hands them on once that does. */
  private static final class ProcessExitRelay implements java.util.function.Consumer<SupervisedProcess.Exit> {
    private volatile ProcessExits to;

    void relayTo(ProcessExits exits) {
      this.to = exits;
    }

    @Override
    public void accept(SupervisedProcess.Exit exit) {
      ProcessExits exits = to;
      if (exits != null) {
        exits.exited(exit);
      }
    }
  }

  /**
   * The file's config with the store's detection overrides laid over it. At start an override that
   * no longer fits is left out with a warning rather than keeping medic from starting.
   */
  private MedicConfig layered(MedicConfig file) {
    try {
      return AlertOverrideLayer.layOver(file, store.alertOverrides().list(), log::warn);
    } catch (IllegalArgumentException e) {
      log.warn("alert overrides ignored, the config file's detection settings apply: {}", e.getMessage());
      return file;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing {}: {}", c, e.toString());
    }
  }

  private java.util.Set<String> targetNames() {
    return config.get().targets().stream().map(TargetConfig::name).collect(java.util.stream.Collectors.toSet());
  }

  private int openIncidentCount() {
    return book.openIncidents().size();
  }

  private MedicConfig applyOverrides(MedicConfig cfg) {
    return cfg.withAgent(cfg.agent().withOverrides(overrides.mode(), overrides.dryRun(), overrides.store(), overrides.api()));
  }

  /** Starts supervised processes, resumes open incidents, schedules every check, opens the API. */
  public void start() throws IOException {
    MedicConfig cfg = config.get();
    // The audit's chain head goes on record and the chain is checked (in the background): a broken
    // chain is loud (log, /health) but never stops medic.
    store.audit().startChain(clock.instant());
    // Before anything runs: the time medic was away is told, then this run marks itself alive.
    heartbeat.start(cfg.targets().stream().map(TargetConfig::name).toList());
    Map<String, TargetRuntime> fresh = new HashMap<>();
    cfg.targets().forEach(t -> fresh.put(t.name(), runtimes.create(t, cfg.agent())));
    runtimes.replaceAll(fresh);
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
    Map<String, Map<String, Observation>> lastSeen = new HashMap<>();
    Map<TargetConfig, List<Signal>> warmSignals = warmUp.warm(cfg, resumed, lastSeen);
    for (Incident i : resumed) {
      log.warn("incident #{} resumed: {} {} ({})", i.id(), i.target(), i.condition(), i.state().key());
    }
    List<CheckJob> jobs = new ArrayList<>();
    cfg.targets().forEach(t -> jobs.addAll(runtimes.jobs(t, cfg.agent())));
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
        pipeline.handle(t, signals);
      }
    });
    for (Incident i : resumed) {
      healer.take(i);
    }
    if (api != null) {
      metrics.watchStore(store);
      api.start();
      live.start();
    }
    retention.start();
    historyRollup.start();
    escalationSteps.start();
    reports.schedule(cfg.reports());
    log.info("medic watching {} targets ({} checks), mode {}{}, store {}", cfg.targets().size(),
        scheduler.size(), cfg.agent().mode().key(), cfg.agent().dryRun() ? " (dry run)" : "", cfg.agent().store());
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
  @Override
  public Optional<String> reload() {
    return reload("medic"); // SIGHUP: medic itself, as for every audit row no person asked for
  }

  /** As {@link #reload()}; the audit names {@code actor} as who asked for it. */
  @Override
  public synchronized Optional<String> reload(String actor) {
    MedicConfig file;
    try {
      // A loader per reload: nothing of a parse outlives it.
      file = applyOverrides(new ConfigLoader(kinds).load(configFile));
    } catch (ConfigException e) {
      return rejectReload(e.getMessage(), actor);
    }
    return applyConfig(file, "reload", actor);
  }

  /**
   * Lays the store's detection overrides over the config file as it is now: the file is read under
   * the lock a reload takes, so an override changed while a reload runs cannot bring back the old file.
   */
  synchronized Optional<String> reapplyOverrides(String why) {
    return applyConfig(fileConfig.get(), why);
  }

  /** As {@link #applyConfig(MedicConfig, String, String)}, asked for by medic itself. */
  synchronized Optional<String> applyConfig(MedicConfig file, String why) {
    return applyConfig(file, why, "medic");
  }

  /**
   * Applies a config as a reload does, with the detection overrides of the store laid over it:
   * after a reload, and when someone changes an override through the API.
   *
   * @param file the config as the file has it
   * @param why {@code reload} (audited and logged as one) or what else asked for it
   * @return empty on success, the problem otherwise (the running config is kept then)
   */
  synchronized Optional<String> applyConfig(MedicConfig file, String why, String actor) {
    boolean reload = why.equals("reload");
    MedicConfig next;
    try {
      next = AlertOverrideLayer.layOver(file, store.alertOverrides().list(), log::warn);
    } catch (IllegalArgumentException e) {
      String problem = "an alert override does not fit the new config: " + e.getMessage();
      return reload ? rejectReload(problem, actor) : Optional.of(problem);
    }
    MedicConfig current = config.get();
    ConfigDiff diff = ConfigDiff.between(current, next, name -> runtimes.get(name) != null);
    Map<String, TargetRuntime> nextRuntimes = new HashMap<>();
    List<CheckJob> nextJobs = new ArrayList<>();
    List<CheckJob> created = new ArrayList<>();
    Map<String, List<CheckJob>> scheduled = scheduler.jobsByTarget();
    for (TargetConfig t : diff.kept()) {
      nextRuntimes.put(t.name(), runtimes.get(t.name()));
      nextJobs.addAll(scheduled.getOrDefault(t.name(), List.of()));
    }
    try {
      for (TargetConfig t : diff.fresh()) {
        nextRuntimes.put(t.name(), runtimes.create(t, next.agent()));
        List<CheckJob> made = runtimes.jobs(t, next.agent());
        created.addAll(made);
        nextJobs.addAll(made);
      }
    } catch (RuntimeException e) {
      created.forEach(j -> j.probe().close());
      log.error("{} could not set up the new config", why, e);
      String problem = "cannot apply " + configFile + ": " + e.getMessage();
      return reload ? rejectReload(problem, actor) : Optional.of(problem);
    }

    // Nothing below can be refused: the new config is applied whole.
    config.set(next);
    fileConfig.set(file);
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
    for (String name : diff.changed()) {
      TargetRuntime fresh = nextRuntimes.get(name);
      TargetRuntime before = runtimes.get(name);
      TargetConfig t = next.target(name).orElseThrow();
      synchronized (fresh) {
        for (Incident i : book.openIncidents(name)) {
          fresh.assumeRaised(i.condition());
        }
        pipeline.handle(t, warmUp.refillExitWindow(fresh, t, now));
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
    runtimes.replaceAll(nextRuntimes);
    Set<CheckJob> made = Collections.newSetFromMap(new IdentityHashMap<>());
    made.addAll(created);
    try {
      // Checks of changed and removed targets stop while their processes are replaced or stopped,
      // so that no check sees the gap between the old process and the new one as an exit.
      scheduler.schedule(nextJobs.stream().filter(j -> !made.contains(j)).toList());
      processes.reconcile(current, next, diff.removed());
    } finally {
      scheduler.schedule(nextJobs);
    }
    diff.removed().forEach(metrics::forget);
    reports.schedule(next.reports());
    // As after a restart: open incidents that nobody works (they were only recorded in mode observe or
    // a dry run, say) are taken up under the new config. Those being worked or escalated stay as they are.
    for (Incident i : book.openIncidents()) {
      healer.take(i);
    }
    String summary = next.targets().size() + " targets, " + scheduler.size() + " checks"
        + (diff.changed().isEmpty() ? "" : "; restarted " + String.join(", ", diff.changed()))
        + (diff.removed().isEmpty() ? "" : "; removed " + String.join(", ", diff.removed()));
    if (reload) {
      store.audit().append(new AuditEntry(0, clock.instant(), null, null, "reload", null, "ok", summary, actor));
      log.info("config reloaded: {}", summary);
    } else {
      log.info("config applied ({}): {}", why, summary);
    }
    return Optional.empty();
  }

  private Optional<String> rejectReload(String problem, String actor) {
    log.error("reload rejected, keeping the running config:\n{}", problem);
    store.audit().append(new AuditEntry(0, clock.instant(), null, null, "reload", null, "failed", problem, actor));
    return Optional.of(problem);
  }

  @Override
  public Optional<Approval> decide(long approvalId, boolean approve, String by, String reason) {
    return approvals.decide(approvalId, approve, by, reason);
  }

  @Override
  public Optional<Incident> acknowledge(long incidentId, String by, String comment) {
    return book.acknowledge(incidentId, by, comment);
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(long incidentId) {
    return book.acknowledgement(incidentId);
  }

  @Override
  public int targetCount() {
    return config.get().targets().size();
  }

  @Override
  public Optional<dev.medic.notify.TestMessage.Sent> sendTestMessage(String channel) throws InterruptedException {
    return sendTestMessage(channel, "medic");
  }

  /** Sends a test message, and audits (kind {@code notify_test}) who sent it and what came of it. */
  @Override
  public Optional<dev.medic.notify.TestMessage.Sent> sendTestMessage(String channel, String actor)
      throws InterruptedException {
    var found = dev.medic.notify.TestMessage.find(config.get().escalation().channels(), channel);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    var sent = dev.medic.notify.TestMessage.send(found.get(), new ChannelContext(kinds.bindings()), clock.instant(),
        secrets.get()::redact);
    log.info("test message through channel {} ({}): {}", sent.channel(), sent.destination(),
        sent.accepted() ? "accepted" : "refused: " + sent.answer());
    store.audit().append(new AuditEntry(0, clock.instant(), null, null, "notify_test", null,
        sent.accepted() ? "ok" : "failed", "test message through channel " + sent.channel(), actor));
    return Optional.of(sent);
  }

  @Override
  public Report report(String name, Integer hours) {
    return reporter.make(name, hours);
  }

  @Override
  public ReportRun sendReport(String name, Integer hours) throws InterruptedException {
    return reporter.send(name, hours);
  }

  /**
   * Sends as {@link #sendReport(String, Integer)}, then audits (kind {@code report}, result {@code
   * requested}) who asked for it; each channel's outcome is audited by the sender.
   */
  @Override
  public ReportRun sendReport(String name, Integer hours, String actor) throws InterruptedException {
    ReportRun run = reporter.send(name, hours);
    store.audit().append(new AuditEntry(0, clock.instant(), null, null, "report", null, "requested",
        "report " + (name == null ? "(default)" : name) + (hours == null ? "" : " over " + hours + "h") + " sent",
        actor));
    return run;
  }

  @Override
  public Silence createSilence(SilenceRequest request) {
    return silenceDesk.create(request);
  }

  @Override
  public Optional<Silence> expireSilence(long id, String by) {
    return silenceDesk.expire(id, by);
  }

  // ---- for the CLI, the demo and tests ------------------------------------------------

  /** What is silenced now; the escalator asks it as its {@code Mute}. */
  public SilenceBook silences() {
    return silences;
  }

  public MedicConfig config() {
    return config.get();
  }

  public Store store() {
    return store;
  }

  public Metrics metrics() {
    return metrics;
  }

  public int port() {
    return api == null ? -1 : api.port();
  }

  public List<TargetView> targets() {
    return view.targets();
  }

  public Supervisor supervisor() {
    return supervisor;
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
    // Open pages are let go first: the server's stop does not wait for their streams.
    live.close();
    if (api != null) {
      api.stop();
    }
    retention.close();
    historyRollup.close();
    escalationSteps.close();
    reports.close();
    reportTimers.close();
    scheduler.close();
    try {
      // Healing threads and notifications write to the store: they end before it closes.
      int healing = healer.stop(SHUTDOWN_PATIENCE);
      // What was published before the healer stopped is handed on (a page reaches the outbox).
      closeQuietly(liveAlerts);
      events.close();
      int notifying = escalator.drain(SHUTDOWN_PATIENCE);
      // Analyses the API or MCP asked for write to the store too (the escalator's ended above).
      int analysing = analysts.stop(SHUTDOWN_PATIENCE);
      if (healing + notifying + analysing > 0) {
        log.warn("stopped with {} healing, {} notification and {} analysis threads still busy", healing, notifying,
            analysing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    plugins.forEach(Plugin::close);
    supervisor.close();
    heartbeat.close();
    store.close();
    storeLock.close();
  }
}
