package dev.medic.dashboard;

/**
 * How a status shows: an icon and a word, never colour alone. The colour comes from the CSS class
 * {@code status-<name>}.
 */
final class StatusBadge {

  private StatusBadge() {}

  static String icon(String status) {
    return switch (status) {
      case "up" -> "\u2714";
      case "degraded" -> "\u26A0";
      case "down" -> "\u2716";
      default -> "?";
    };
  }

  /** A status cell's content: the icon hidden from screen readers, the word read out. */
  static String badge(String status) {
    return "<span class=\"badge status-" + Html.esc(status) + "\"><span aria-hidden=\"true\">" + icon(status)
        + "</span> " + Html.esc(status) + "</span>";
  }

  /** The healing log's marks, after seed 002: healed, warning, failed. */
  static String mark(String result) {
    String icon = switch (result) {
      case "healed" -> "\u2705";
      case "no_effect", "dry_run" -> "\u26A0\uFE0F";
      default -> "\u274C";
    };
    return "<span class=\"mark result-" + Html.esc(result) + "\" role=\"img\" aria-label=\""
        + Html.esc(result.replace('_', ' ')) + "\">" + icon + "</span>";
  }
}
