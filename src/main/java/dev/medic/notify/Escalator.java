package dev.medic.notify;

import dev.medic.analyze.Analysts;
import dev.medic.config.EscalationConfig;
import dev.medic.config.EscalationPolicy;
import dev.medic.config.EscalationStep;
import dev.medic.incident.Acknowledgement;
import dev.medic.incident.IncidentBook;
import dev.medic.incident.IncidentEvent;
import dev.medic.spi.Analysis;
import dev.medic.spi.Channel;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.store.Outbox;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about incidents, as a subscriber of the book's events, following the escalation
 * policy that governs each incident: its steps fire once each, when the incident reaches them (it
 * opens, a healing attempt of that number starts, medic escalates it, it has been open that long),
 * until someone acknowledges it. An escalated incident nobody acknowledged is paged again every
 * {@code remind_every}. A mute (silence, maintenance window) holds pages back while it lasts; the
 * {@link #tick} after it ends sends what is still due. Acknowledgements and the all-clear go to every
 * channel that was told about the incident. Messages go to the {@link Dispatcher}, which delivers
 * them through the outbox, off the healing path. The incident's state is the book's: this class
 * only reads events and asks the book.
 */
public final class Escalator {

  private static final Logger log = LoggerFactory.getLogger("medic.escalation");
  /** How often time-based steps, reminders and ended mutes are looked at. */
  public static final Duration TICK = Duration.ofSeconds(5);

  private final IncidentBook book;
  private final Outbox outbox;
  private final Supplier<EscalationConfig> config;
  private final Function<String, Map<String, String>> labels;
  private final Mute mute;
  private final RootCauses roots;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final Analysts analysts;
  private final AutoCloseable subscription;
  /** Steps waiting for their analysis before their pages go out. */
  private final Set<Thread> analysing = ConcurrentHashMap.newKeySet();
  /** Escalated incidents an analysis was started for (by a step, or the rule analyst on its own). */
  private final Set<Long> analysedEscalated = ConcurrentHashMap.newKeySet();
  /** Steps fired per open incident, by index in its policy. The outbox keeps pages unique across restarts. */
  private final Map<Long, Set<Integer>> fired = new ConcurrentHashMap<>();
  /** Incidents whose held-back pages were noted on their timeline, so that the note is made once. */
  private final Set<Long> mutedNoted = ConcurrentHashMap.newKeySet();
  private final PageGroups groups = new PageGroups();

  /** Delivers through the store's own outbox; every incident is governed by the config's policies, nothing muted. */
  public Escalator(IncidentBook book, Store store, Supplier<EscalationConfig> config, ChannelContext channels,
      Clock clock) {
    this(book, store, store.outbox(), config, target -> Map.of(), Mute.none(), RootCauses.none(), channels, clock);
  }

  /**
   * Subscribes to the book's events at once.
   *
   * @param labels a target's labels as configured now, for the policies' matches
   * @param mute asked before every page
   * @param roots which incidents are symptoms of another: those are paged with their root, not alone
   */
  public Escalator(IncidentBook book, Store store, Outbox outbox, Supplier<EscalationConfig> config,
      Function<String, Map<String, String>> labels, Mute mute, RootCauses roots, ChannelContext context,
      Clock clock) {
    this(book, store, outbox, config, labels, mute, roots, context, clock, Analysts.NONE);
  }

  /**
   * Subscribes to the book's events at once.
   *
   * @param analysts runs a step's {@code analyze:} before its pages go out, and {@code rules} before
   *     an escalated incident's; every page carries the incident's latest analysis
   */
  public Escalator(IncidentBook book, Store store, Outbox outbox, Supplier<EscalationConfig> config,
      Function<String, Map<String, String>> labels, Mute mute, RootCauses roots, ChannelContext context,
      Clock clock, Analysts analysts) {
    this.book = book;
    this.analysts = analysts;
    this.outbox = outbox;
    this.config = config;
    this.labels = labels;
    this.mute = mute;
    this.roots = roots;
    this.clock = clock;
    Supplier<List<? extends Channel>> channels = () -> config.get().channels();
    this.dispatcher = new Dispatcher(outbox, store, channels, () -> config.get().retry(), context,
        clock).start();
    this.subscription = book.events().subscribe("notify", this::on);
  }

  private void on(IncidentEvent event) {
    switch (event) {
      case IncidentEvent.Opened o -> advance(o.incident());
      case IncidentEvent.Attempted a -> advance(a.incident());
      case IncidentEvent.Reopened r -> advance(r.incident());
      case IncidentEvent.Escalated e -> {
        Incident i = e.incident();
        log.warn("ESCALATED incident #{} {} {} [{}]: {}", i.id(), i.target(), i.condition(), i.severity().key(),
            e.reason());
        advance(i);
        analyseEscalated(i);
      }
      case IncidentEvent.ApprovalRequested a -> approvalNeeded(a.incident(), a.approvalId(), a.detail());
      case IncidentEvent.Acknowledged a -> acknowledged(a.incident(), a.acknowledgement());
      case IncidentEvent.Resolved r -> {
        // Also a symptom closed into a crash loop or a root cause: a channel that was paged about it
        // (before it became one) must hear that it closed, or a receiver that tracks each incident by
        // its own key (PagerDuty, Opsgenie) would keep it open for ever. One never paged hears nothing.
        forget(r.incident().id());
        resolved(r.incident());
      }
      case IncidentEvent.Linked l -> {}
      case IncidentEvent.Unlinked u -> {}
    }
  }

  /**
   * Looks at every open incident again: steps that time reached, reminders due, pages a mute held
   * back that has ended. Runs every {@link #TICK}; tests call it after moving their clock.
   */
  public void tick() {
    for (Incident incident : book.openIncidents()) {
      advance(incident);
      remind(incident);
    }
    sendGroups();
  }

  /** Fires the steps of the incident's policy that it has reached and that have not fired yet. */
  private synchronized void advance(Incident incident) {
    Instant now = clock.instant();
    // An event's incident as it was then: a page for an escalation is sent even if the incident
    // closed a moment later, and its all-clear follows (the book's events come in order).
    if (!incident.isOpen() || !config.get().enabled() || heldBack(incident, now)) {
      return;
    }
    EscalationPolicy policy = policy(incident).orElse(null);
    if (policy == null) {
      return;
    }
    for (int k = 0; k < policy.steps().size(); k++) {
      EscalationStep step = policy.steps().get(k);
      if (reached(step, incident, now) && fired.computeIfAbsent(incident.id(), id -> ConcurrentHashMap.newKeySet()).add(k)) {
        List<String> names = analystsFor(step, incident);
        if (names.isEmpty()) {
          fire(step, policy, incident);
        } else {
          analyseThenFire(step, k, policy, incident, names);
        }
      }
    }
  }

  /**
   * Acknowledged, a symptom of another incident, muted: no page goes out now (a mute is noted on
   * the timeline once).
   */
  private boolean heldBack(Incident incident, Instant now) {
    if (book.acknowledgement(incident.id()).isPresent() || roots.rootOf(incident.id()).isPresent()) {
      return true;
    }
    Optional<String> muted = mute.mutes(incident, now);
    if (muted.isPresent()) {
      if (mutedNoted.add(incident.id())) {
        book.note(incident.id(), "page_held", "pages held back: " + muted.get());
        log.info("incident #{} {} {}: pages held back: {}", incident.id(), incident.target(), incident.condition(),
            muted.get());
      }
      return true;
    }
    mutedNoted.remove(incident.id());
    return false;
  }

  /**
   * The analysts a step runs before its pages: its {@code analyze:}, or else the rule analyst for a
   * step that pages an escalated incident (cheap, and its verdict travels with the page).
   */
  private List<String> analystsFor(EscalationStep step, Incident incident) {
    if (analysts == Analysts.NONE) {
      return List.of();
    }
    if (!step.channels().isEmpty() && dispatcher.channelsTold(incident.id()).containsAll(step.channels())) {
      // Paged before a restart of medic: the outbox keeps the pages from going out twice, and the
      // analysis that went with them is on record.
      return List.of();
    }
    if (!step.analyze().isEmpty()) {
      return step.analyze();
    }
    boolean pagesEscalated = EscalationStep.ESCALATED.equals(step.on()) && incident.escalated()
        && !step.channels().isEmpty();
    return pagesEscalated ? List.of(EscalationConfig.RULES) : List.of();
  }

  /**
   * Runs the step's analysts off the event thread (an LLM takes seconds), then fires the step, once:
   * unless the incident closed meanwhile (it forgot its steps), or may no longer be paged now (then
   * the step is forgotten, to fire when it may). Analysts that may act (an agent hand-off, minutes
   * long) run after the step's pages: a page never waits for an agent to finish its work.
   */
  private void analyseThenFire(EscalationStep step, int k, EscalationPolicy policy, Incident incident,
      List<String> names) {
    if (incident.escalated() && names.contains(EscalationConfig.RULES)) {
      analysedEscalated.add(incident.id());
    }
    EscalationConfig cfg = config.get();
    List<String> acting = names.stream()
        .filter(n -> cfg.analyst(n).map(dev.medic.spi.AnalystSpec::mayAct).orElse(false)).toList();
    List<String> first = names.stream().filter(n -> !acting.contains(n)).toList();
    String why = "escalation step " + step.describe() + " (policy " + policy.name() + ")";
    offThread(incident, () -> {
      analyse(incident, first, why);
      // An agent acts only when its step did: not for an incident acknowledged, muted or closed meanwhile.
      if (fireAfterAnalysis(step, k, policy, incident)) {
        analyse(incident, acting, why);
      }
    });
  }

  /** Runs analysis work on a virtual thread of its own, tracked so that {@link #drain} can end it. */
  private void offThread(Incident incident, Runnable work) {
    Thread t = Thread.ofVirtual().name("escalation-analysis-" + incident.id()).unstarted(() -> {
      try {
        work.run();
      } finally {
        analysing.remove(Thread.currentThread());
      }
    });
    analysing.add(t);
    t.start();
  }

  /** Runs analysts on the incident; a failure is logged, never passed on: it must not hold back a page. */
  private void analyse(Incident incident, List<String> names, String why) {
    if (names.isEmpty() || Thread.currentThread().isInterrupted()) {
      return;
    }
    try {
      analysts.analyze(incident.id(), names, why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("analysis of incident #{} ({}) failed: {}", incident.id(), why, e.toString());
    }
  }

  /** @return whether the step fired */
  private synchronized boolean fireAfterAnalysis(EscalationStep step, int k, EscalationPolicy policy, Incident then) {
    Set<Integer> steps = fired.get(then.id());
    Optional<Incident> now = book.openIncident(then.id());
    if (steps == null || !steps.contains(k) || now.isEmpty()) {
      return false;
    }
    if (!config.get().enabled() || heldBack(now.get(), clock.instant())) {
      // Not now: forgotten, so that the step fires (analysis first) once it may.
      steps.remove(k);
      return false;
    }
    fire(step, policy, now.get());
    return true;
  }

  /**
   * The rule analyst looks at every escalated incident, also when no step pages it (a medic that only
   * logs): people who open the incident, its API or its MCP tools find why it most likely happened.
   */
  private void analyseEscalated(Incident incident) {
    if (analysts == Analysts.NONE || !analysedEscalated.add(incident.id())) {
      return;
    }
    offThread(incident, () -> analyse(incident, List.of(EscalationConfig.RULES), "escalated"));
  }

  private static boolean reached(EscalationStep step, Incident incident, Instant now) {
    if (step.on() != null) {
      return step.on().equals(EscalationStep.OPENED) || incident.escalated();
    }
    if (step.afterAttempts() != null) {
      return incident.healingAttempts() >= step.afterAttempts();
    }
    return !now.isBefore(incident.openedAt().plus(step.after()));
  }

  private void fire(EscalationStep step, EscalationPolicy policy, Incident incident) {
    String reason = reason(step, incident);
    if (step.log() != null) {
      String line = "incident #" + incident.id() + " " + incident.target() + " " + incident.condition() + " ["
          + incident.severity().key() + "] " + step.describe() + " (policy " + policy.name() + "): " + reason;
      switch (step.log()) {
        case "error" -> log.error(line);
        case "warning" -> log.warn(line);
        default -> log.info(line);
      }
    }
    List<String> paged = step.channels().stream().filter(name -> page(name, incident, reason)).toList();
    if (!paged.isEmpty()) {
      book.note(incident.id(), "paged", String.join(", ", paged) + " (" + step.describe() + ", policy "
          + policy.name() + ")");
    }
  }

  /**
   * Pages one channel, at once or, when pages are grouped and the channel takes grouped messages,
   * at the end of the group window that this page opens or joins.
   */
  private boolean page(String channel, Incident incident, String reason) {
    Duration window = config.get().groupWindow();
    Optional<ChannelSpec> spec = spec(channel);
    if (window.isZero() || spec.isEmpty() || !spec.get().groups()) {
      return submit(channel, MessageKind.ESCALATION, incident, reason, pageExtra(incident));
    }
    if (!spec.get().accepts(incident.severity())) {
      return false;
    }
    groups.add(channel, incident, reason, clock.instant());
    return true;
  }

  /**
   * Sends the groups whose window has closed: one page alone as it is, several as one message about
   * the first that lists the others. Incidents that closed meanwhile are left out: they fixed
   * themselves before anyone had to hear of them.
   */
  private synchronized void sendGroups() {
    Instant now = clock.instant();
    groups.takeClosed(now, config.get().groupWindow()).forEach((channel, pages) -> {
      List<Notice> open = pages.stream()
          .flatMap(p -> book.openIncident(p.incident().id()).stream())
          .filter(i -> !heldBackSince(i, now))
          .map(i -> notice(MessageKind.ESCALATION, i, pageReason(pages, i), pageExtra(i)))
          .toList();
      if (open.size() == 1) {
        dispatcher.submit(channel, open.getFirst());
      } else if (open.size() > 1) {
        dispatcher.submitGroup(channel, open.getFirst(), open.subList(1, open.size()));
      }
    });
  }

  /**
   * Whether an incident whose page waited for its group window may no longer be paged: it became a
   * symptom of a root cause that opened meanwhile, was acknowledged, or is muted now. Its steps are
   * forgotten, so that they fire once it may be paged again (a symptom whose root resolved first).
   */
  private boolean heldBackSince(Incident incident, Instant now) {
    if (!heldBack(incident, now)) {
      return false;
    }
    fired.remove(incident.id());
    return true;
  }

  private static String pageReason(List<PageGroups.Page> pages, Incident incident) {
    return pages.stream().filter(p -> p.incident().id() == incident.id()).findFirst().map(PageGroups.Page::reason)
        .orElse(incident.message());
  }

  /** Why a step pages: the escalation's own reason, or what brought the incident to this step. */
  private static String reason(EscalationStep step, Incident incident) {
    if (incident.escalated() && incident.resolutionDetails() != null) {
      return incident.resolutionDetails();
    }
    if (step.afterAttempts() != null) {
      return "healing attempt " + incident.healingAttempts() + " (tried " + String.join(", ", incident.strategiesTried())
          + "): " + incident.message();
    }
    if (step.after() != null) {
      return "still open after " + step.describe().substring("after ".length()) + ": " + incident.message();
    }
    return incident.message();
  }

  /** Pages again, to the channels already paged, while an escalated incident waits for someone. */
  private synchronized void remind(Incident incident) {
    Duration every = policy(incident).map(EscalationPolicy::remindEvery).orElse(null);
    Instant now = clock.instant();
    if (every == null || !incident.escalated() || !config.get().enabled() || heldBack(incident, now)) {
      return;
    }
    Optional<Instant> firstPage = outbox.forIncident(incident.id()).stream()
        .filter(r -> r.kind().equals(MessageKind.ESCALATION.key()) && r.ref().isEmpty())
        .map(Outbox.Row::createdAt)
        .min(Instant::compareTo);
    if (firstPage.isEmpty()) {
      return;
    }
    long n = Duration.between(firstPage.get(), now).dividedBy(every);
    if (n < 1) {
      return;
    }
    String reason = "reminder " + n + ": unacknowledged for " + Durations.format(every.multipliedBy(n))
        + "; " + (incident.resolutionDetails() == null ? incident.message() : incident.resolutionDetails());
    for (String channel : dispatcher.channelsTold(incident.id())) {
      Map<String, Object> extra = new LinkedHashMap<>(pageExtra(incident));
      extra.put("reminder", n);
      submit(channel, MessageKind.ESCALATION, incident, reason, extra);
    }
  }

  /** Tells people that a destructive remedy waits for their approval: every channel the policy pages. */
  private void approvalNeeded(Incident incident, long approvalId, String text) {
    log.warn("APPROVAL NEEDED for incident #{} {} {}: {} (POST /api/approvals/{} with {\"decision\":\"approve\"})",
        incident.id(), incident.target(), incident.condition(), text, approvalId);
    if (config.get().enabled()) {
      for (String channel : policy(incident).map(EscalationPolicy::channels).orElse(Set.of())) {
        submit(channel, MessageKind.APPROVAL_NEEDED, incident, text, Map.of("approval_id", approvalId));
      }
    }
  }

  private void acknowledged(Incident incident, Acknowledgement ack) {
    log.info("incident #{} {} {} acknowledged by {}{}", incident.id(), incident.target(), incident.condition(),
        ack.by(), ack.comment().isBlank() ? "" : ": " + ack.comment());
    if (config.get().enabled()) {
      String reason = "acknowledged by " + ack.by() + (ack.comment().isBlank() ? "" : ": " + ack.comment());
      for (String channel : dispatcher.channelsTold(incident.id())) {
        submit(channel, MessageKind.ACKNOWLEDGED, incident, reason, Map.of("acknowledged_by", ack.by()));
      }
    }
  }

  /**
   * The all-clear: every channel that was sent a page or an approval request about the incident
   * (in this run or before a restart) gets a {@code resolved} message, after that page.
   */
  private void resolved(Incident incident) {
    Set<String> told = dispatcher.channelsTold(incident.id());
    if (told.isEmpty() || !config.get().enabled()) {
      return;
    }
    String reason = incident.resolutionDetails() == null ? "resolved" : incident.resolutionDetails();
    for (String channel : told) {
      submit(channel, MessageKind.RESOLVED, incident, reason, affected(incident));
    }
    dispatcher.forget(incident.id());
  }

  /**
   * Queues one message to a configured channel that takes it (its severity filter and the kinds it
   * carries). A channel no longer configured still gets an all-clear: the dispatcher gives it up and
   * says why.
   *
   * @return whether the message was queued (false when filtered out or sent before)
   */
  private boolean submit(String channel, MessageKind kind, Incident incident, String reason, Map<String, Object> extra) {
    Optional<ChannelSpec> spec = spec(channel);
    if (spec.isPresent() && (!spec.get().carries(kind) || (kind != MessageKind.RESOLVED
        && kind != MessageKind.ACKNOWLEDGED && !spec.get().accepts(incident.severity())))) {
      return false;
    }
    return dispatcher.submit(channel, notice(kind, incident, reason, extra));
  }

  /** For a root cause: {@code affected}, the targets it took down with it; nothing otherwise. */
  private Map<String, Object> affected(Incident incident) {
    List<String> targets = roots.affectedTargets(incident.id());
    return targets.isEmpty() ? Map.of() : Map.of("affected", targets);
  }

  /** What a page carries besides the incident: {@link #affected} and the incident's latest analysis. */
  private Map<String, Object> pageExtra(Incident incident) {
    Optional<Analysis> latest = analysts == Analysts.NONE ? Optional.empty() : latestAnalysis(incident.id());
    if (latest.isEmpty()) {
      return affected(incident);
    }
    Map<String, Object> extra = new LinkedHashMap<>(affected(incident));
    extra.put("analysis", analysisField(latest.get()));
    return extra;
  }

  private Optional<Analysis> latestAnalysis(long incidentId) {
    try {
      return analysts.latest(incidentId);
    } catch (RuntimeException e) {
      log.warn("could not read the analyses of incident #{}: {}", incidentId, e.toString());
      return Optional.empty();
    }
  }

  /** The fields of an analysis a page carries ({@link Notice#analysis()} reads them back). */
  static Map<String, Object> analysisField(Analysis a) {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("analyst", a.analyst());
    field.put("verdict", a.verdict().name());
    field.put("root_target", a.rootTarget());
    field.put("root_condition", a.rootCondition());
    field.put("root_incident_id", a.rootIncidentId());
    field.put("summary", a.summary());
    field.put("confidence", a.confidence());
    field.put("suggested_actions", a.suggestedActions());
    return field;
  }

  private static Notice notice(MessageKind kind, Incident incident, String reason, Map<String, Object> extra) {
    return new Notice(UUID.randomUUID().toString(), kind, incident, reason, extra);
  }

  private Optional<ChannelSpec> spec(String channel) {
    return config.get().channels().stream().filter(c -> c.name().equals(channel)).findFirst().map(c -> c);
  }

  private Optional<EscalationPolicy> policy(Incident incident) {
    return config.get().policyFor(incident, labels.apply(incident.target()));
  }

  private void forget(long incidentId) {
    fired.remove(incidentId);
    mutedNoted.remove(incidentId);
    analysedEscalated.remove(incidentId);
  }

  /** What is still to be delivered (for tests and the API). */
  public List<Delivery> pendingDeliveries() {
    return dispatcher.pending();
  }

  /**
   * Stops hearing events (those already heard are queued first), then waits up to {@code patience}
   * for deliveries under way (on shutdown, before the store closes: each records its outcome); those
   * still running then are interrupted and stay in the outbox for the next start. Returns how many
   * that was.
   */
  public int drain(Duration patience) throws InterruptedException {
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("could not stop hearing incident events: {}", e.toString());
    }
    // Analyses still running are abandoned: their steps fire again (analysis first) on the next start.
    List<Thread> running = List.copyOf(analysing);
    running.forEach(Thread::interrupt);
    dev.medic.schedule.Threads.joinAll(running, patience);
    return dispatcher.stop(patience);
  }
}
