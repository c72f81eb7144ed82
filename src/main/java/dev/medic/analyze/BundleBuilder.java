package dev.medic.analyze;

import dev.medic.config.MedicConfig;
import dev.medic.config.Redactor;
import dev.medic.config.TargetConfig;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.IncidentBundle.ObservationSample;
import dev.medic.spi.IncidentBundle.PastIncident;
import dev.medic.spi.IncidentBundle.StrategyOption;
import dev.medic.spi.KindRegistry;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.spi.TimelineEvent;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Gathers an incident's bundle from the store (incident, timeline, observations, audit), the config
 * (the target's settings, its strategies, the {@code depends_on} graph) and the targets' live state.
 * Every text in it passes the config's redactor; values under secret-named keys are masked whole.
 */
public final class BundleBuilder implements BundleSource {

  /** Observations from this long before the incident opened. */
  static final Duration BEFORE = Duration.ofMinutes(10);

  /** Observations until this long after a closed incident resolved. */
  static final Duration AFTER = Duration.ofMinutes(2);

  /** Incidents on other targets opened this close to this one's opening are related. */
  static final Duration RELATED_WINDOW = Duration.ofMinutes(15);

  static final int MAX_OBSERVATIONS = 200;
  static final int MAX_LOG_LINES = 200;
  static final int MAX_SIMILAR = 10;

  /** How far back the window of observations is searched: newest rows of the target first. */
  private static final int OBSERVATION_SCAN = 5_000;
  private static final int AUDIT_SCAN = 2_000;
  private static final int MAX_RELATED = 50;

  private final Store store;
  private final Supplier<MedicConfig> config;
  private final Function<String, Status> liveStatus;
  private final Clock clock;
  private final ConfigView configView;
  /** The redactor of the config in force, built once per config: walking 10,000 targets per bundle would not do. */
  private volatile CachedRedactor cached;

  private record CachedRedactor(MedicConfig config, Redactor redactor) {}

  /**
   * A builder that guesses check and action {@code type:} names from their classes; prefer the
   * constructor that takes the kind registry where one is at hand.
   *
   * @param liveStatus a target's status now, or null when unknown (then its newest observations tell)
   */
  public BundleBuilder(Store store, Supplier<MedicConfig> config, Function<String, Status> liveStatus, Clock clock) {
    this(store, config, liveStatus, clock, null);
  }

  /**
   * @param kinds names checks and actions by their registered {@code type:}; null to guess from class names
   */
  public BundleBuilder(Store store, Supplier<MedicConfig> config, Function<String, Status> liveStatus, Clock clock,
      KindRegistry kinds) {
    this.store = store;
    this.config = config;
    this.liveStatus = liveStatus;
    this.clock = clock;
    this.configView = new ConfigView(kinds == null ? ConfigView::guessedType : kinds::typeOf);
  }

  /**
   * Hides what the config's redactor hides and also the values written literally under secret-named
   * keys (a {@code password:} in a check): for every text about an incident, its analyses too.
   */
  public Redactor redactor() {
    MedicConfig cfg = config.get();
    if (cfg == null) {
      return Redactor.none();
    }
    CachedRedactor c = cached;
    if (c == null || c.config() != cfg) {
      c = new CachedRedactor(cfg, cfg.redactor().with(configView.secrets(cfg)));
      cached = c;
    }
    return c.redactor();
  }

  @Override
  public Optional<IncidentBundle> bundle(long incidentId) {
    Optional<Incident> found = store.incidents().get(incidentId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Incident incident = found.get();
    MedicConfig cfg = config.get();
    Redactor redactor = redactor();
    UnaryOperator<String> redact = redactor::redact;
    Instant now = clock.instant();
    Instant from = incident.openedAt().minus(BEFORE);
    Instant to = incident.resolvedAt() == null ? now : incident.resolvedAt().plus(AFTER);

    List<TimelineEvent> timeline = store.incidents().timeline(incidentId).stream()
        .map(e -> new TimelineEvent(e.incidentId(), e.at(), e.event(), redact.apply(e.detail())))
        .toList();
    List<Observation> window = observations(incident.target(), from, to, incident.openedAt());
    List<AuditEntry> audit = store.audit().list(incidentId, AUDIT_SCAN).reversed();
    List<AuditEntry> exits = store.audit().list(null, AUDIT_SCAN).stream()
        .filter(e -> AuditEntry.PROCESS_EXITED.equals(e.kind()) && incident.target().equals(e.target()))
        .filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to))
        .toList()
        .reversed();
    List<String> logLines = new LogEvidence(redact).timeline(timeline).exits(exits).observations(window)
        .lines(MAX_LOG_LINES);

    Optional<TargetConfig> target = cfg == null ? Optional.empty() : cfg.target(incident.target());
    List<Incident> open = store.incidents().list(true, Integer.MAX_VALUE);
    return Optional.of(new IncidentBundle(
        IncidentBundle.VERSION,
        now,
        incident.withTexts(redact),
        timeline,
        samples(window, redact),
        logLines,
        AuditActions.of(audit, redact),
        target.map(t -> configView.of(t, redactor)).orElse(Map.of()),
        target.isPresent() ? strategies(cfg, incident.target()) : List.of(),
        cfg == null ? null : neighbourhood(cfg, incident.target(), open, redact),
        related(incident, open, redact),
        similar(incident, redact)));
  }

  /**
   * The target's check runs within [from, to], oldest first: the newest of them, and those around the
   * opening, so that an incident open for days still shows how it began.
   */
  private List<Observation> observations(String target, Instant from, Instant to, Instant opened) {
    java.util.Set<Observation> runs = new java.util.LinkedHashSet<>(
        store.observations().between(target, from, to, OBSERVATION_SCAN));
    Instant start = opened.plus(AFTER);
    if (start.isBefore(to)) {
      runs.addAll(store.observations().between(target, from, start, OBSERVATION_SCAN));
    }
    return runs.stream().sorted(Comparator.comparing(Observation::at)).toList();
  }

  /**
   * The newest {@value #MAX_OBSERVATIONS} runs, and always the first failing one in the window: where
   * the trouble began matters more than the hundredth run that repeats it.
   */
  private static List<ObservationSample> samples(List<Observation> window, UnaryOperator<String> redact) {
    List<Observation> kept = new ArrayList<>(window.subList(Math.max(0, window.size() - MAX_OBSERVATIONS),
        window.size()));
    window.stream().filter(o -> !o.healthy()).findFirst().ifPresent(first -> {
      if (!kept.contains(first)) {
        kept.removeFirst();
        kept.addFirst(first);
      }
    });
    return kept.stream()
        .map(o -> new ObservationSample(o.at(), o.check(), o.status(),
            o.latency() == null ? null : o.latencyMillis(), o.condition(), redact.apply(o.message()), o.metrics()))
        .toList();
  }

  private List<StrategyOption> strategies(MedicConfig cfg, String target) {
    return cfg.strategiesFor(target).stream()
        .map(s -> new StrategyOption(s.name(), configView.typeOf(s.action()), s.needsApproval(), s.conditions()))
        .toList();
  }

  /** The {@code depends_on} graph around the target, both ways, each neighbour at its shortest distance. */
  private IncidentBundle.Neighbourhood neighbourhood(MedicConfig cfg, String target, List<Incident> open,
      UnaryOperator<String> redact) {
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    Map<String, List<String>> dependents = new LinkedHashMap<>();
    for (TargetConfig t : cfg.targets()) {
      dependsOn.put(t.name(), t.dependsOn());
      for (String d : t.dependsOn()) {
        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(t.name());
      }
    }
    Map<String, List<Incident>> openByTarget = new HashMap<>();
    for (Incident i : open) {
      openByTarget.computeIfAbsent(i.target(), k -> new ArrayList<>()).add(i.withTexts(redact));
    }
    Function<Map.Entry<String, Integer>, Neighbour> neighbour = e -> new Neighbour(e.getKey(), status(e.getKey()),
        e.getValue(), dependsOn.getOrDefault(e.getKey(), List.of()), openByTarget.getOrDefault(e.getKey(), List.of()));
    return new IncidentBundle.Neighbourhood(
        walk(target, dependsOn).entrySet().stream().map(neighbour).toList(),
        walk(target, dependents).entrySet().stream().map(neighbour).toList());
  }

  /** Breadth first from the target along the edges: each target reached with its distance, nearest first. */
  private static Map<String, Integer> walk(String start, Map<String, List<String>> edges) {
    Map<String, Integer> distance = new LinkedHashMap<>();
    Deque<String> next = new ArrayDeque<>(List.of(start));
    Map<String, Integer> seen = new HashMap<>(Map.of(start, 0));
    while (!next.isEmpty()) {
      String t = next.removeFirst();
      for (String n : edges.getOrDefault(t, List.of())) {
        if (!seen.containsKey(n)) {
          seen.put(n, seen.get(t) + 1);
          distance.put(n, seen.get(t) + 1);
          next.addLast(n);
        }
      }
    }
    return distance;
  }

  /**
   * The target's status now: the live view's, else the worst of its checks' newest runs, else
   * {@code unknown}.
   */
  private String status(String target) {
    Status live = liveStatus.apply(target);
    if (live != null) {
      return name(live);
    }
    Map<String, Status> newestPerCheck = new HashMap<>();
    for (Observation o : store.observations().list(target, 50)) {
      newestPerCheck.putIfAbsent(o.check(), o.status());
    }
    return newestPerCheck.values().stream().max(Comparator.comparingInt(BundleBuilder::badness))
        .map(BundleBuilder::name).orElse("unknown");
  }

  private static int badness(Status s) {
    return switch (s) {
      case UP -> 0;
      case UNKNOWN -> 1;
      case DEGRADED -> 2;
      case DOWN -> 3;
    };
  }

  private static String name(Status s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** Incidents on other targets open now, or open within {@link #RELATED_WINDOW} of this one's opening, newest first. */
  private List<Incident> related(Incident incident, List<Incident> open, UnaryOperator<String> redact) {
    Map<Long, Incident> related = new LinkedHashMap<>();
    // Open at some moment near this one's opening: also a dependency's incident that began long before
    // this one and has cleared since, which is often the cause.
    List<Incident> near = store.incidents().overlapping(incident.openedAt().minus(RELATED_WINDOW),
        incident.openedAt().plus(RELATED_WINDOW), MAX_RELATED);
    for (Incident i : near) {
      related.put(i.id(), i);
    }
    for (Incident i : open) {
      related.putIfAbsent(i.id(), i);
    }
    return related.values().stream()
        .filter(i -> !i.target().equals(incident.target()))
        .sorted(Comparator.comparing(Incident::openedAt).reversed())
        .limit(MAX_RELATED)
        .map(i -> i.withTexts(redact))
        .toList();
  }

  /** Closed incidents of the same target and condition, newest first, each with what ended it. */
  private List<PastIncident> similar(Incident incident, UnaryOperator<String> redact) {
    return store.incidents().closedLike(incident.target(), incident.condition(), incident.openedAt(), MAX_SIMILAR)
        .stream()
        .filter(i -> i.id() != incident.id())
        .map(i -> new PastIncident(i.withTexts(redact),
            AuditActions.resolvedBy(i, store.audit().list(i.id(), AUDIT_SCAN))))
        .toList();
  }
}
