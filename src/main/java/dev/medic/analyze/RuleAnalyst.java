package dev.medic.analyze;

import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.IncidentBundle.PastIncident;
import dev.medic.spi.IncidentBundle.StrategyOption;
import dev.medic.spi.Status;
import dev.medic.spi.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in analyst: deterministic, no network, no I/O, works from the bundle alone. It walks the
 * incident's dependencies ({@code depends_on}, transitively) for targets that fail too, and names as
 * the root the deepest failing dependency that has no failing dependency of its own and whose failure
 * began first (or close to first); ties go to the earliest opening, then to the harder condition (down
 * or refusing connections beats slow or erroring). With no failing dependency, the incident's own
 * target is the root. The verdict follows what is still broken; suggestions are only strategies this
 * target allows that ended similar incidents before.
 */
public final class RuleAnalyst {

  /** The rule analyst's name in analyses, the audit and {@code analyze:} steps. */
  public static final String NAME = "rules";

  /** Failures that began within this of the first one count as "close to first". */
  static final Duration CLOSE = Duration.ofSeconds(30);

  /**
   * A dependency that began failing this long after the incident opened did not cause it: the
   * incident was there first. (Shorter gaps are detection order: dependents are often seen first.)
   */
  static final Duration TOO_LATE = Duration.ofMinutes(10);

  private final Clock clock;

  public RuleAnalyst(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** One target that fails, as the bundle shows it. */
  private record Failure(String target, Incident incident, Instant since, String condition, int distance,
      String status) {

    ConditionKind kind() {
      return "down".equals(status) && incident == null ? ConditionKind.HARD_DOWN : ConditionKind.of(condition);
    }

    String label() {
      return target + " (" + (condition == null ? status : condition)
          + (incident == null || incident.id() == 0 ? "" : ", #" + incident.id()) + ")";
    }
  }

  /** Analyses one incident from its bundle. */
  public Analysis analyze(IncidentBundle bundle) {
    Incident own = Objects.requireNonNull(bundle.incident(), "bundle.incident");
    String self = own.target();
    Map<String, List<String>> graph = graph(bundle);
    List<String> evidence = new ArrayList<>();

    Failure ownFailure = new Failure(self, own, own.openedAt(), own.condition(), 0, ownStatus(bundle));
    List<Failure> upstream = new ArrayList<>();
    for (Neighbour n : dependsOn(bundle)) {
      Failure f = failureOf(n, bundle.related(), own);
      if (f == null) {
        continue;
      }
      if (f.since() != null && f.since().isAfter(own.openedAt().plus(TOO_LATE))) {
        evidence.add(f.label() + " began failing " + gap(own.openedAt(), f.since()) + " after " + self
            + "'s incident opened: too late to have caused it");
        continue;
      }
      upstream.add(f);
    }
    boolean intrinsic = ConditionKind.intrinsic(own.condition());
    if (intrinsic && !upstream.isEmpty()) {
      evidence.add(own.condition() + " belongs to " + self + " itself: no dependency causes it, though "
          + upstream.stream().map(Failure::label).collect(Collectors.joining(", ")) + " fail"
          + (upstream.size() == 1 ? "s" : "") + " too");
      upstream.clear();
    }

    Set<String> failing = new LinkedHashSet<>();
    failing.add(self);
    upstream.forEach(f -> failing.add(f.target()));
    List<Failure> leaves = upstream.stream()
        .filter(f -> graph.getOrDefault(f.target(), List.of()).stream().noneMatch(failing::contains))
        .toList();

    Failure root;
    double confidence;
    boolean ambiguous = false;
    if (leaves.isEmpty()) {
      root = ownFailure;
      confidence = selfConfidence(bundle, intrinsic, evidence);
    } else {
      List<Failure> ranked = rank(leaves);
      root = ranked.getFirst();
      List<Failure> rivals = ranked.stream().skip(1).filter(f -> close(f, root)).toList();
      ambiguous = !rivals.isEmpty();
      confidence = chainEvidence(bundle, own, root, upstream, graph, evidence);
      if (ambiguous) {
        boolean sameKind = rivals.stream().anyMatch(f -> f.kind() == root.kind());
        confidence = Math.min(confidence, sameKind ? 0.5 : 0.65);
        evidence.add("also failing with no failing dependency of its own, at about the same time: "
            + rivals.stream().map(Failure::label).collect(Collectors.joining(", "))
            + (sameKind ? "; nothing tells them apart" : "; " + root.target() + "'s condition is the harder one"));
      }
      ranked.stream().skip(1).filter(f -> !close(f, root))
          .forEach(f -> evidence.add(f.label() + " fails too, but began " + gap(root.since(), f.since())
              + " after " + root.target()));
    }
    if (root.target().equals(self) && dependentsEvidence(bundle, evidence) && !intrinsic) {
      // What depends on it fails after it: the shape of a root, seen from the root.
      confidence = Math.max(confidence, 0.85);
    }
    unrelatedEvidence(bundle, graph, self, evidence);
    historyEvidence(bundle, evidence);

    boolean flapping = flapping(bundle);
    if (flapping) {
      evidence.add(self + " is flapping: it went between up and down several times");
    }
    Verdict verdict = verdict(bundle, root, ambiguous, flapping, evidence);
    if (flapping) {
      confidence = Math.min(confidence, 0.6);
    }
    List<String> suggested = root.target().equals(self) ? suggestions(bundle, own) : List.of();
    Long rootIncidentId = root.incident() == null || root.incident().id() == 0 ? null : root.incident().id();
    return new Analysis(0, own.id(), NAME, clock.instant(), verdict, root.target(), root.condition(),
        rootIncidentId, summary(own, root, verdict, ambiguous), round(confidence), evidence, suggested,
        List.of(), null, null, null);
  }

  /** Each target's own {@code depends_on}, as far as the bundle shows the graph. */
  private static Map<String, List<String>> graph(IncidentBundle bundle) {
    Map<String, List<String>> graph = new HashMap<>();
    List<String> direct = new ArrayList<>();
    for (Neighbour n : dependsOn(bundle)) {
      graph.put(n.target(), n.dependsOn() == null ? List.of() : n.dependsOn());
      if (n.distance() == 1) {
        direct.add(n.target());
      }
    }
    for (Neighbour n : dependents(bundle)) {
      graph.putIfAbsent(n.target(), n.dependsOn() == null ? List.of() : n.dependsOn());
    }
    if (bundle.targetConfig().get("depends_on") instanceof List<?> declared) {
      declared.forEach(d -> {
        if (!direct.contains(String.valueOf(d))) {
          direct.add(String.valueOf(d));
        }
      });
    }
    graph.put(bundle.incident().target(), direct);
    return graph;
  }

  /** The neighbour's failure that overlaps the incident, or null if it looks well. */
  private static Failure failureOf(Neighbour n, List<Incident> related, Incident own) {
    List<Incident> theirs = new ArrayList<>(open(n));
    for (Incident r : related) {
      if (!usable(r)) {
        continue;
      }
      boolean known = r.id() != 0 && theirs.stream().anyMatch(i -> i.id() == r.id());
      if (n.target().equals(r.target()) && !known
          && (r.resolvedAt() == null || !r.resolvedAt().isBefore(own.openedAt().minus(CLOSE)))) {
        theirs.add(r);
      }
    }
    String status = n.status() == null ? "unknown" : n.status().toLowerCase(Locale.ROOT);
    if (theirs.isEmpty()) {
      return status.equals("down") || status.equals("degraded")
          ? new Failure(n.target(), null, null, null, n.distance(), status) : null;
    }
    // The earliest incident is when its trouble began; the harder one, of two opened together, is the one to name.
    Incident first = theirs.stream()
        .min(Comparator.comparing(Incident::openedAt).thenComparing(i -> ConditionKind.of(i.condition())))
        .orElseThrow();
    return new Failure(n.target(), first, first.openedAt(), first.condition(), n.distance(), status);
  }

  /** First by when it began (close starts are a tie), then the harder condition, then the deeper. */
  private static List<Failure> rank(List<Failure> leaves) {
    Instant earliest = leaves.stream().map(Failure::since).filter(Objects::nonNull).min(Comparator.naturalOrder())
        .orElse(null);
    Comparator<Failure> order = Comparator
        .comparing((Failure f) -> earliest == null || f.since() == null || f.since().isAfter(earliest.plus(CLOSE)))
        .thenComparing(Failure::kind)
        .thenComparing(f -> f.since() == null ? Instant.MAX : f.since())
        .thenComparing(Failure::distance, Comparator.reverseOrder())
        .thenComparing(Failure::target);
    return leaves.stream().sorted(order).toList();
  }

  private static boolean close(Failure f, Failure root) {
    if (f.since() == null || root.since() == null) {
      return f.since() == root.since();
    }
    return !f.since().isAfter(root.since().plus(CLOSE));
  }

  /** Why the incident's own target is the root, and how sure that is. */
  private static double selfConfidence(IncidentBundle bundle, boolean intrinsic, List<String> evidence) {
    String self = bundle.incident().target();
    List<Neighbour> deps = dependsOn(bundle);
    if (deps.isEmpty()) {
      evidence.add(self + " depends on nothing medic watches: its own condition is the only lead");
      return intrinsic ? 0.75 : 0.6;
    }
    evidence.add(self + "'s dependencies look well: "
        + deps.stream().map(n -> n.target() + " " + (n.status() == null ? "unknown" : n.status()))
            .collect(Collectors.joining(", ")));
    return intrinsic ? 0.8 : 0.7;
  }

  /** The chain from the incident's target down to the root, with times; returns the confidence. */
  private static double chainEvidence(IncidentBundle bundle, Incident own, Failure root, List<Failure> upstream,
      Map<String, List<String>> graph, List<String> evidence) {
    String self = own.target();
    List<String> path = path(graph, self, root.target());
    evidence.add(describePath(path));
    double confidence = 0.9;
    if (root.since() == null) {
      evidence.add(root.target() + " is " + root.status() + " now, with no incident telling since when");
      confidence = 0.6;
    } else {
      Duration lead = Duration.between(root.since(), own.openedAt());
      String what = root.kind() == ConditionKind.HARD_DOWN ? "went down" : "began failing";
      if (!lead.isNegative()) {
        evidence.add(root.label() + " " + what + " at " + root.since() + ", " + gap(root.since(), own.openedAt())
            + " before " + self + (own.id() == 0 ? "" : " (#" + own.id() + ")"));
      } else {
        evidence.add(root.label() + " " + what + " at " + root.since() + ", " + gap(own.openedAt(), root.since())
            + " after " + self + " was detected: detection order is not causality; " + self
            + " depends on it");
        confidence = 0.85;
      }
    }
    evidence.add(root.target() + " has no failing dependency of its own");
    List<String> between = upstream.stream().filter(f -> path.contains(f.target()) && !f.target().equals(root.target()))
        .map(Failure::label).toList();
    if (!between.isEmpty()) {
      evidence.add("between them, failing too: " + String.join(", ", between));
    }
    if (root.kind() == ConditionKind.SYMPTOM) {
      confidence -= 0.1;
    }
    if (linkedTo(bundle, root)) {
      evidence.add("medic linked this incident to " + root.target() + "'s as its symptom");
      confidence = Math.min(0.95, confidence + 0.05);
    }
    return confidence;
  }

  private static boolean linkedTo(IncidentBundle bundle, Failure root) {
    return root.incident() != null && root.incident().id() != 0 && bundle.timeline().stream()
        .anyMatch(e -> "linked".equals(e.event()) && e.detail() != null
            && e.detail().contains("#" + root.incident().id() + " " + root.target()));
  }

  /** The shortest depends_on path from one target to another, both included. */
  private static List<String> path(Map<String, List<String>> graph, String from, String to) {
    Map<String, String> previous = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(from));
    previous.put(from, from);
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (at.equals(to)) {
        break;
      }
      for (String next : graph.getOrDefault(at, List.of())) {
        if (previous.putIfAbsent(next, at) == null) {
          queue.add(next);
        }
      }
    }
    if (!previous.containsKey(to)) {
      return List.of(from, to);
    }
    List<String> path = new ArrayList<>();
    for (String at = to; !at.equals(from); at = previous.get(at)) {
      path.addFirst(at);
    }
    path.addFirst(from);
    return path;
  }

  private static String describePath(List<String> path) {
    StringBuilder s = new StringBuilder(path.get(0) + " depends on " + path.get(1));
    for (int i = 2; i < path.size(); i++) {
      s.append(", which depends on ").append(path.get(i));
    }
    return s.toString();
  }

  /** Whether targets that depend on the incident's fail since it opened (or later); says so in the evidence. */
  private static boolean dependentsEvidence(IncidentBundle bundle, List<String> evidence) {
    Instant opened = bundle.incident().openedAt();
    List<String> after = dependents(bundle).stream()
        .filter(n -> open(n).stream().anyMatch(i -> !i.openedAt().isBefore(opened)))
        .map(Neighbour::target).toList();
    if (!after.isEmpty()) {
      evidence.add("what depends on " + bundle.incident().target() + " began failing after it: "
          + String.join(", ", after));
    }
    return !after.isEmpty();
  }

  /** Incidents at the same time on targets off the dependency path: noise, named so a person sees them. */
  private static void unrelatedEvidence(IncidentBundle bundle, Map<String, List<String>> graph, String self,
      List<String> evidence) {
    Set<String> near = new LinkedHashSet<>(graph.keySet());
    near.add(self);
    List<String> others = bundle.related().stream().filter(r -> usable(r) && !near.contains(r.target()))
        .map(r -> r.target() + " (" + r.condition() + ")").distinct().toList();
    if (!others.isEmpty()) {
      evidence.add("at about the same time, off " + self + "'s dependency path (no depends_on either way): "
          + String.join(", ", others));
    }
  }

  private static void historyEvidence(IncidentBundle bundle, List<String> evidence) {
    List<ActionTaken> actions = bundle.actions();
    if (!actions.isEmpty()) {
      evidence.add("tried: " + actions.stream().map(a -> a.strategy() + " " + a.outcome())
          .collect(Collectors.joining(", ")));
    }
    if (!bundle.similar().isEmpty()) {
      Map<String, Long> endings = bundle.similar().stream().filter(p -> p.resolvedBy() != null)
          .collect(Collectors.groupingBy(PastIncident::resolvedBy, LinkedHashMap::new, Collectors.counting()));
      evidence.add(bundle.similar().size() + " similar incident" + (bundle.similar().size() == 1 ? "" : "s")
          + " before" + (endings.isEmpty() ? "" : "; ended by " + endings.entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue() + "×").collect(Collectors.joining(", "))));
    }
  }

  /** The incident's target's status now: its last check run, else what its condition suggests. */
  private static String ownStatus(IncidentBundle bundle) {
    if (!bundle.observations().isEmpty()) {
      return statusName(bundle.observations().getLast().status());
    }
    Incident own = bundle.incident();
    if (!own.isOpen()) {
      return "up";
    }
    return ConditionKind.degradedOnly(own.condition()) ? "degraded" : "down";
  }

  private static String statusName(Status status) {
    return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT);
  }

  /** Flapping: the condition says so, it reopened again and again, or its checks keep changing their mind. */
  private static boolean flapping(IncidentBundle bundle) {
    if (ConditionKind.flapping(bundle.incident().condition())) {
      return true;
    }
    long reopened = bundle.timeline().stream()
        .filter(e -> e.event() != null && (e.event().contains("reopen") || e.event().equals("condition_cleared")))
        .count();
    if (reopened >= 3) {
      return true;
    }
    int changes = 0;
    Boolean wasUp = null;
    for (IncidentBundle.ObservationSample o : bundle.observations()) {
      boolean up = o.status() == Status.UP;
      if (wasUp != null && up != wasUp) {
        changes++;
      }
      wasUp = up;
    }
    return changes >= 4;
  }

  private static Verdict verdict(IncidentBundle bundle, Failure root, boolean ambiguous, boolean flapping,
      List<String> evidence) {
    Incident own = bundle.incident();
    boolean rootOpen = root.incident() != null ? root.incident().isOpen() : !"up".equals(root.status());
    boolean relatedOpen = bundle.related().stream().anyMatch(i -> usable(i) && i.isOpen())
        || dependsOn(bundle).stream().anyMatch(n -> !open(n).isEmpty())
        || dependents(bundle).stream().anyMatch(n -> !open(n).isEmpty());
    if (!own.isOpen() && !rootOpen) {
      long failedTries = bundle.actions().stream().filter(RuleAnalyst::failedTry).count();
      boolean healed = bundle.actions().stream().anyMatch(a -> "healed".equals(a.outcome()));
      if (relatedOpen) {
        evidence.add(own.target() + "'s incident is resolved, but related incidents are still open");
        return Verdict.SUSPICIOUS_INVESTIGATE;
      }
      if (healed && (failedTries > 0 || own.healingAttempts() > 1)) {
        evidence.add("healed only after " + Math.max(own.healingAttempts(), failedTries + 1) + " attempts");
        return Verdict.SUSPICIOUS_INVESTIGATE;
      }
      if (flapping) {
        return Verdict.SUSPICIOUS_INVESTIGATE;
      }
      evidence.add(healed ? "resolved by its healing action; nothing related is open"
          : "the condition cleared; nothing related is open");
      return Verdict.ALL_GOOD;
    }
    if (flapping) {
      return Verdict.SUSPICIOUS_INVESTIGATE;
    }
    // Something down and not healed needs a person; only slowness and shortages (degraded) merely deserve a look.
    boolean rootDown = rootOpen && ("down".equals(root.status()) || root.kind() == ConditionKind.HARD_DOWN);
    boolean ownDown = own.isOpen() && "down".equals(ownStatus(bundle));
    if (rootDown || ownDown) {
      return Verdict.ERRORS_INVESTIGATE;
    }
    if (ambiguous) {
      evidence.add("which of them is the root is unclear");
    }
    return Verdict.SUSPICIOUS_INVESTIGATE;
  }

  /**
   * An attempt that did not heal: its verdict ({@code not_healed}), an action that failed or had no
   * effect. The steps of an attempt that healed (its action {@code ok}, its verify) and the rows that
   * only tell of analyses, proposals and approvals are no tries.
   */
  private static boolean failedTry(ActionTaken a) {
    return switch (a.outcome()) {
      case "not_healed", "failed", "no_effect", "verify_failed" -> true;
      default -> false;
    };
  }

  /**
   * The strategies this target allows that ended similar incidents before, most often first; none
   * that failed this time, and none when the root is elsewhere (this target's remedies would treat a
   * symptom).
   */
  private static List<String> suggestions(IncidentBundle bundle, Incident own) {
    Map<String, StrategyOption> allowed = new LinkedHashMap<>();
    bundle.strategies().forEach(s -> allowed.put(s.name(), s));
    Set<String> failedNow = bundle.actions().stream().filter(RuleAnalyst::failedTry)
        .map(ActionTaken::strategy).collect(Collectors.toSet());
    Map<String, Long> worked = bundle.similar().stream()
        .filter(p -> p.resolvedBy() != null && allowed.containsKey(p.resolvedBy()))
        .filter(p -> p.incident() == null || Objects.equals(p.incident().condition(), own.condition()))
        .filter(p -> {
          List<String> conditions = allowed.get(p.resolvedBy()).conditions();
          return conditions == null || conditions.isEmpty() || conditions.contains(own.condition());
        })
        .collect(Collectors.groupingBy(PastIncident::resolvedBy, LinkedHashMap::new, Collectors.counting()));
    return worked.entrySet().stream()
        .filter(e -> !failedNow.contains(e.getKey()))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(Map.Entry::getKey).toList();
  }

  private static String summary(Incident own, Failure root, Verdict verdict, boolean ambiguous) {
    String self = own.target();
    String state = switch (verdict) {
      case ALL_GOOD -> "resolved";
      case SUSPICIOUS_INVESTIGATE -> "worth a look";
      case ERRORS_INVESTIGATE -> "still failing";
    };
    if (root.target().equals(self)) {
      return self + "'s " + own.condition() + " is its own fault: no dependency of it fails (" + state + ").";
    }
    return (ambiguous ? "Most likely " : "") + root.target() + " " + (root.condition() == null ? root.status()
        : root.condition()) + " is the root; " + self + "'s " + own.condition() + " follows from it (" + state + ").";
  }

  // A bundle written by hand or by another tool may leave lists out: read them as empty.
  private static List<Neighbour> dependsOn(IncidentBundle bundle) {
    return bundle.neighbourhood().dependsOn() == null ? List.of() : bundle.neighbourhood().dependsOn();
  }

  private static List<Neighbour> dependents(IncidentBundle bundle) {
    return bundle.neighbourhood().dependents() == null ? List.of() : bundle.neighbourhood().dependents();
  }

  private static boolean usable(Incident i) {
    return i != null && i.target() != null && i.state() != null && i.openedAt() != null;
  }

  private static List<Incident> open(Neighbour n) {
    return n.openIncidents() == null ? List.of()
        : n.openIncidents().stream().filter(i -> usable(i) && i.isOpen()).toList();
  }

  private static String gap(Instant from, Instant to) {
    long s = Math.abs(Duration.between(from, to).toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s / 3600 + " h";
  }

  private static double round(double confidence) {
    return Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100.0;
  }
}
