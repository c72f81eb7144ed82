package dev.medic.incident;

import java.time.Instant;

/** Someone took an incident on: who, when, and what they said. */
public record Acknowledgement(String by, Instant at, String comment) {

  /** The timeline event that records an acknowledgement. */
  public static final String EVENT = "acknowledged";

  public Acknowledgement {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("who acknowledges must be named");
    }
    comment = comment == null ? "" : comment;
  }

  /** The timeline detail: {@code by alice: looking into it}. */
  String detail() {
    return "by " + by + (comment.isBlank() ? "" : ": " + comment);
  }

  /** Reads back what {@link #detail()} wrote. */
  static Acknowledgement parse(String detail, Instant at) {
    String rest = detail.startsWith("by ") ? detail.substring(3) : detail;
    int colon = rest.indexOf(": ");
    return colon < 0 ? new Acknowledgement(rest, at, "") : new Acknowledgement(rest.substring(0, colon), at,
        rest.substring(colon + 2));
  }
}
