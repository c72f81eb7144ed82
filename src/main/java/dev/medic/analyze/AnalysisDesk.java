package dev.medic.analyze;

import dev.medic.config.EscalationConfig;
import dev.medic.incident.IncidentBook;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where incidents are analysed: the rule analyst at once, configured analysts (an LLM, an external
 * agent) on a virtual thread each, within their hourly limit and timeout. Every analysis is kept,
 * a failed one too (with why), redacted, in the store and the audit, and noted on the incident's
 * timeline. An analyst that may act (an external agent) is on record before it runs and its target
 * is verified after it, as after any action. Suggestions are only proposed, through the Guard and
 * a person's approval, when the analyst's config says so.
 */
public final class AnalysisDesk implements Analysts {

  private static final Logger log = LoggerFactory.getLogger("medic.analyze");
  /** How long past its own timeout an analyst is given before it is interrupted. */
  public static final Duration GRACE = Duration.ofSeconds(5);
  /** What an agent that may act needs past its timeout to end its process tree and return its output. */
  static final Duration ACTING_SLACK = Duration.ofSeconds(15);

  private final BundleSource bundles;
  private final Function<IncidentBundle, Analysis> rules;
  private final Supplier<EscalationConfig> config;
  private final IncidentBook book;
  private final Store store;
  private final Proposer proposer;
  private final AfterAction verify;
  private final Function<IncidentBundle, String> json;
  private final Function<IncidentBundle, String> markdown;
  private final UnaryOperator<String> redact;
  private final Clock clock;
  private final Duration grace;
  /** How many bundles are built at once. */
  static final int BUILDERS = 4;
  private final java.util.concurrent.Semaphore building = new java.util.concurrent.Semaphore(BUILDERS);
  /** Incident and agent pairs being handed off now ({@code 12/claude-code}). */
  private final Set<String> handingOff = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The threads inside {@link #analyze} now: stopped and waited for before the store closes. */
  private final Set<Thread> callers = new HashSet<>();
  private boolean stopping;
  /** Analyses running now per analyst: they count toward its hourly limit before they are stored. */
  private final Map<String, Integer> running = new HashMap<>();

  /**
   * @param rules the built-in rule analyst: cheap, no network, no limit
   * @param json renders a bundle as the JSON document analysts read
   * @param markdown renders a bundle as Markdown
   * @param redact hides the config's secrets in every text of an analysis before it is kept
   */
  public AnalysisDesk(BundleSource bundles, Function<IncidentBundle, Analysis> rules, Supplier<EscalationConfig> config,
      IncidentBook book, Store store, Proposer proposer, AfterAction verify, Function<IncidentBundle, String> json,
      Function<IncidentBundle, String> markdown, UnaryOperator<String> redact, Clock clock) {
    this(bundles, rules, config, book, store, proposer, verify, json, markdown, redact, clock, GRACE);
  }

  /** @param grace how long past its timeout an analyst is waited for before it is interrupted */
  public AnalysisDesk(BundleSource bundles, Function<IncidentBundle, Analysis> rules, Supplier<EscalationConfig> config,
      IncidentBook book, Store store, Proposer proposer, AfterAction verify, Function<IncidentBundle, String> json,
      Function<IncidentBundle, String> markdown, UnaryOperator<String> redact, Clock clock, Duration grace) {
    this.bundles = bundles;
    this.rules = rules;
    this.config = config;
    this.book = book;
    this.store = store;
    this.proposer = proposer;
    this.verify = verify;
    this.json = json;
    this.markdown = markdown;
    this.redact = redact;
    this.clock = clock;
    this.grace = grace;
  }

  @Override
  public List<Analysis> analyze(long incidentId, List<String> names, String why) throws InterruptedException {
    List<String> asked = names == null || names.isEmpty() ? List.of(EscalationConfig.RULES) : List.copyOf(names);
    EscalationConfig cfg = config.get();
    for (String name : asked) {
      if (!name.equals(EscalationConfig.RULES) && cfg.analyst(name).isEmpty()) {
        throw new IllegalArgumentException("unknown analyst '" + name + "'; expected one of "
            + Stream.concat(Stream.of(EscalationConfig.RULES), cfg.analysts().stream().map(AnalystSpec::name)).toList());
      }
    }
    Thread caller = Thread.currentThread();
    synchronized (callers) {
      if (stopping) {
        throw new IllegalStateException("medic is stopping: no analysis now");
      }
      callers.add(caller);
    }
    try {
      IncidentBundle bundle;
      // A storm of escalations starts an analysis each: their bundles are read a few at a time, so
      // the store keeps serving the check path meanwhile.
      building.acquire();
      try {
        bundle = bundles.bundle(incidentId).orElseThrow(() -> new IllegalArgumentException("no incident " + incidentId));
      } finally {
        building.release();
      }
      Context context = new Context(bundle);
      List<Analysis> made = new ArrayList<>();
      for (String name : asked) {
        Analysis analysis = name.equals(EscalationConfig.RULES) ? record(rules(bundle), bundle.incident(), why)
            : configured(cfg.analyst(name).orElseThrow(), bundle, context, why);
        if (analysis != null) {
          made.add(analysis);
        }
      }
      return made;
    } finally {
      synchronized (callers) {
        callers.remove(caller);
        callers.notifyAll();
      }
    }
  }

  /**
   * On shutdown, before the store closes: no new analysis starts, those running are interrupted
   * (what they would have concluded is not kept) and waited for up to {@code patience}.
   *
   * @return how many were still running when patience ran out
   */
  public int stop(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (callers) {
      stopping = true;
      callers.forEach(Thread::interrupt);
      while (!callers.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return callers.size();
        }
        TimeUnit.NANOSECONDS.timedWait(callers, left);
      }
      return 0;
    }
  }

  @Override
  public List<Analysis> of(long incidentId) {
    return store.analyses().forIncident(incidentId);
  }

  private Analysis rules(IncidentBundle bundle) {
    Instant at = clock.instant();
    try {
      return rules.apply(bundle);
    } catch (RuntimeException e) {
      log.error("rule analyst failed on incident #{}", bundle.incident().id(), e);
      return Analysis.failed(bundle.incident().id(), EscalationConfig.RULES, at, "rule analyst failed: " + e, null);
    }
  }

  /** The bundle rendered once, for every analyst of one call that needs it. */
  private final class Context {
    private final IncidentBundle bundle;
    private AnalystContext rendered;

    Context(IncidentBundle bundle) {
      this.bundle = bundle;
    }

    AnalystContext get() {
      if (rendered == null) {
        rendered = new AnalystContext(clock, json.apply(bundle), markdown.apply(bundle));
      }
      return rendered;
    }
  }

  /**
   * A configured analyst within its limit and timeout, recorded; null when its hourly limit is spent
   * or it may not run now. Its place in the hourly count is held until its analysis is stored.
   */
  private Analysis configured(AnalystSpec spec, IncidentBundle bundle, Context context, String why)
      throws InterruptedException {
    Incident incident = bundle.incident();
    String name = spec.name();
    Instant now = clock.instant();
    synchronized (running) {
      int made = store.analyses().countSince(name, now.minus(Duration.ofHours(1))) + running.getOrDefault(name, 0);
      if (made >= spec.perHour()) {
        String text = name + " skipped: " + made + " analyses in the last hour (per_hour " + spec.perHour() + ")";
        audit(incident, "analysis", name, "skipped", text + "; why: " + why);
        book.note(incident.id(), "analysis_skipped", text);
        log.info("incident #{} {}: {}", incident.id(), incident.target(), text);
        return null;
      }
      running.merge(name, 1, Integer::sum);
    }
    try {
      if (spec.mayAct()) {
        String claim = incident.id() + "/" + name;
        // Claimed before the audit is read: two steps (or a step and the API) at once hand over once.
        if (!handingOff.add(claim)) {
          return null;
        }
        try {
          Optional<String> before = handedOffBefore(incident, name);
          if (before.isPresent()) {
            book.note(incident.id(), "analysis_skipped", before.get());
            log.info("incident #{} {}: {}", incident.id(), incident.target(), before.get());
            return null;
          }
          Optional<String> refused = book.openIncident(incident.id()).isEmpty()
              ? Optional.of("incident #" + incident.id() + " is closed") : verify.refusal(incident);
          if (refused.isPresent()) {
            String text = "hand-off to " + name + " not run: " + refused.get();
            audit(incident, "skipped", name, "skipped", text + "; why: " + why);
            book.note(incident.id(), "analysis_skipped", text);
            log.info("incident #{} {}: {}", incident.id(), incident.target(), text);
            return null;
          }
          return record(handOff(spec, bundle, context), incident, why);
        } finally {
          handingOff.remove(claim);
        }
      }
      return record(run(spec, bundle, context, now), incident, why);
    } finally {
      synchronized (running) {
        running.merge(name, -1, Integer::sum);
      }
    }
  }

  /**
   * An agent that may act is handed an incident once: a second step naming it, or the same step again
   * after a restart of medic (also one that cut the hand-off off), must not act twice.
   */
  private Optional<String> handedOffBefore(Incident incident, String analyst) {
    return store.audit().list(incident.id(), 10_000).stream()
        .filter(e -> AuditEntry.INTENT.equals(e.kind()) && analyst.equals(e.strategy()))
        .findFirst()
        .map(e -> "hand-off to " + analyst + " not run again: it was handed this incident at " + e.at()
            + " (an agent that may act runs once per incident)");
  }

  /**
   * An analyst that may change the watched systems: on record before it runs (a crash of medic
   * mid-run leaves the intent without an outcome), verified after it, and the incident resolved
   * when its target is healthy again.
   */
  private Analysis handOff(AnalystSpec spec, IncidentBundle bundle, Context context) throws InterruptedException {
    Incident incident = bundle.incident();
    Instant actedAt = clock.instant();
    // Not the spec's text: an agent's env may hold credentials the redactor does not know of.
    String what = "hand-off to " + spec.name() + " (timeout " + Durations.format(spec.timeout()) + ")";
    audit(incident, AuditEntry.INTENT, spec.name(), "started", what);
    book.note(incident.id(), "handoff", "handed off to " + spec.name());
    // While the agent works and its effect is verified, a clear is only noted: the verify decides.
    book.beginVerify(incident.id());
    try {
      Analysis analysis = run(spec, bundle, context, actedAt);
      audit(incident, "action", spec.name(), analysis.failed() ? "failed" : "ok",
          what + " -> " + (analysis.failed() ? analysis.error() : analysis.summary()));
      AfterAction.Result after = verify.verify(incident, actedAt);
      audit(incident, "verify", spec.name(), after.healthy() ? "ok" : "failed", after.detail());
      book.note(incident.id(), "verify", (after.healthy() ? "healthy" : "not healthy") + " after hand-off to "
          + spec.name() + ": " + after.detail());
      if (after.healthy()) {
        book.resolve(incident, "resolved after agent hand-off " + spec.name() + " (" + after.detail() + ")");
      }
      return analysis;
    } finally {
      book.endVerify(incident.id());
    }
  }

  /** Runs the analyst on a thread of its own; abandons (interrupts) it past its timeout and the grace. */
  private Analysis run(AnalystSpec spec, IncidentBundle bundle, Context context, Instant at)
      throws InterruptedException {
    long incidentId = bundle.incident().id();
    FutureTask<Analysis> task;
    try {
      AnalystContext ctx = context.get();
      task = new FutureTask<>(() -> spec.analyze(ctx, bundle));
    } catch (RuntimeException e) {
      return Analysis.failed(incidentId, spec.name(), at, "could not render the bundle: " + e, null);
    }
    Thread.ofVirtual().name("analyst-" + spec.name() + "-" + incidentId).start(task);
    // An agent is given time past its timeout to stop its processes (TERM, a grace, KILL) and hand
    // back the output it printed until then.
    Duration limit = spec.timeout().plus(grace).plus(spec.mayAct() ? ACTING_SLACK : Duration.ZERO);
    try {
      Analysis analysis = task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return analysis != null ? analysis
          : Analysis.failed(incidentId, spec.name(), at, "the analyst gave no analysis", null);
    } catch (TimeoutException e) {
      task.cancel(true);
      log.warn("analyst {} on incident #{} timed out after {}", spec.name(), incidentId, Durations.format(spec.timeout()));
      return Analysis.failed(incidentId, spec.name(), at, "timed out after " + Durations.format(spec.timeout()), null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.warn("analyst {} on incident #{} failed: {}", spec.name(), incidentId, cause.toString());
      return Analysis.failed(incidentId, spec.name(), at, cause.getMessage() == null ? cause.toString()
          : cause.getMessage(), null);
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    }
  }

  /** Redacts, stores, audits and notes one analysis; proposes its suggestions if its analyst proposes. */
  private Analysis record(Analysis raw, Incident incident, String why) {
    Analysis stored = store.analyses().insert(raw.withTexts(redact));
    audit(incident, "analysis", stored.analyst(), stored.failed() ? "failed" : stored.verdict().name(),
        auditText(stored) + "; why: " + why);
    for (Analysis.Refusal refusal : stored.refused()) {
      // A refused name is the model's own text: one short line in the audit, never a paragraph that
      // could pass for medic's words where the audit is shown or read back into a bundle.
      String name = oneLine(refusal.action(), 100);
      audit(incident, "suggestion_refused", name, "refused", stored.analyst() + " suggested " + name + ": "
          + oneLine(refusal.reason(), 500));
    }
    book.note(incident.id(), "analysis", stored.line());
    log.info("incident #{} {}: analysis {}", incident.id(), incident.target(), stored.line());
    boolean proposes = config.get().analyst(stored.analyst()).map(AnalystSpec::proposes).orElse(false);
    if (proposes && !stored.failed()) {
      for (String strategy : stored.suggestedActions()) {
        Investigation.Proposal p = proposer.propose(incident.id(), strategy, "analyst " + stored.analyst(),
            stored.summary());
        audit(incident, "proposal", strategy, p.accepted() ? "awaiting_approval" : "refused",
            "analyst " + stored.analyst() + " proposed " + strategy + ": " + p.reason());
      }
    }
    return stored;
  }

  private static String oneLine(String text, int max) {
    String line = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }

  /** {@code verdict ERRORS_INVESTIGATE, root db tcp_unreachable (#7), confidence 0.85, tokens 1200 in / 310 out, ...}. */
  private static String auditText(Analysis a) {
    StringBuilder text = new StringBuilder("verdict ").append(a.verdict())
        .append(", root ").append(a.rootTarget() == null ? "unknown" : a.rootTarget()
            + (a.rootCondition() == null ? "" : " " + a.rootCondition())
            + (a.rootIncidentId() == null ? "" : " (#" + a.rootIncidentId() + ")"))
        .append(", confidence ").append(String.format(Locale.ROOT, "%.2f", a.confidence()));
    Analysis.Usage u = a.usage();
    if (u != null) {
      text.append(", tokens ").append(u.inputTokens()).append(" in / ").append(u.outputTokens()).append(" out")
          .append(", cost $").append(String.format(Locale.ROOT, "%.4f", u.costUsd()))
          .append(", latency ").append(u.latencyMs()).append(" ms")
          .append(u.model() == null ? "" : ", model " + u.model());
    }
    if (a.failed()) {
      text.append(", error: ").append(a.error());
    }
    return text.toString();
  }

  private void audit(Incident incident, String kind, String strategy, String result, String detail) {
    store.audit().append(AuditEntry.of(clock.instant(), incident.id(), incident.target(), kind, strategy, result,
        redact.apply(detail)));
  }
}
