package dev.medic.dashboard;

import dev.medic.api.TargetView;
import dev.medic.spi.Status;
import java.util.List;

/**
 * One target as the dashboard reads it: config and live state together.
 *
 * @param uptime24h share of healthy runs over the last 24 hours from the target's own memory,
 *     null before its first run (the history store answers this too; this covers a store without it)
 * @param checks each check's last run; empty before the first
 */
public record TargetState(String name, boolean critical, Status status, List<String> dependsOn,
    Double uptime24h, List<TargetView.CheckView> checks, List<Long> openIncidents) {

  public TargetState {
    dependsOn = List.copyOf(dependsOn);
    checks = List.copyOf(checks);
    openIncidents = List.copyOf(openIncidents);
  }

  /**
   * What is wrong, from the worst of its checks' last runs: that check's message (or its
   * condition when it has no message); empty when every check is up.
   */
  public String problem() {
    TargetView.CheckView worst = null;
    for (TargetView.CheckView c : checks) {
      if (!"up".equals(c.status()) && (worst == null || rank(c.status()) > rank(worst.status()))) {
        worst = c;
      }
    }
    if (worst == null) {
      return "";
    }
    String text = worst.message() != null && !worst.message().isBlank() ? worst.message() : worst.condition();
    return text == null ? worst.name() + " " + worst.status() : text;
  }

  private static int rank(String status) {
    return switch (status) {
      case "down" -> 3;
      case "degraded" -> 2;
      case "unknown" -> 1;
      default -> 0;
    };
  }
}
