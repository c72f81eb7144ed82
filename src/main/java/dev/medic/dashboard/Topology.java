package dev.medic.dashboard;

import dev.medic.spi.Incident;
import dev.medic.spi.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code depends_on} graph with each target's live status: what the topology page draws and
 * {@code /api/topology} answers.
 *
 * <p>A root cause is a target that is down or degraded while every target it depends on is up (or
 * has no result yet): the failure starts there. A target the incident book names as the root of
 * another incident is one too.
 *
 * @param edges each from a target to one it depends on
 * @param rootCauses names of the root-cause targets, in config order
 */
public record Topology(List<Node> nodes, List<Edge> edges, List<String> rootCauses) {

  /**
   * @param layer 0 for a target that depends on nothing; otherwise one more than its deepest dependency
   */
  public record Node(String name, String status, boolean critical, List<Long> openIncidents, boolean rootCause,
      int layer) {}

  /** {@code from} depends on {@code to}. */
  public record Edge(String from, String to) {}

  static Topology of(List<TargetState> targets, DashboardData data) {
    Map<String, TargetState> byName = new HashMap<>();
    targets.forEach(t -> byName.put(t.name(), t));
    Set<String> roots = new LinkedHashSet<>();
    for (TargetState t : targets) {
      if (failing(t.status()) && t.dependsOn().stream().map(byName::get)
          .noneMatch(d -> d != null && failing(d.status()))) {
        roots.add(t.name());
      }
    }
    for (Incident open : data.openIncidents()) {
      data.rootOf(open.id()).ifPresent(root -> roots.add(root.target()));
    }
    Map<String, Integer> layers = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    List<String> rootCauses = new ArrayList<>();
    for (TargetState t : targets) {
      boolean root = roots.contains(t.name());
      if (root) {
        rootCauses.add(t.name());
      }
      nodes.add(new Node(t.name(), t.status().name().toLowerCase(Locale.ROOT), t.critical(), t.openIncidents(), root,
          layer(t.name(), byName, layers, new HashSet<>())));
      for (String d : t.dependsOn()) {
        if (byName.containsKey(d)) {
          edges.add(new Edge(t.name(), d));
        }
      }
    }
    return new Topology(nodes, edges, rootCauses);
  }

  private static boolean failing(Status s) {
    return s == Status.DOWN || s == Status.DEGRADED;
  }

  /** Depth below the target; a cycle (which the config refuses) stops counting instead of looping. */
  private static int layer(String name, Map<String, TargetState> byName, Map<String, Integer> known, Set<String> path) {
    Integer done = known.get(name);
    if (done != null) {
      return done;
    }
    TargetState t = byName.get(name);
    if (t == null || !path.add(name)) {
      return 0;
    }
    int layer = 0;
    for (String d : t.dependsOn()) {
      if (byName.containsKey(d)) {
        layer = Math.max(layer, layer(d, byName, known, path) + 1);
      }
    }
    path.remove(name);
    known.put(name, layer);
    return layer;
  }
}
