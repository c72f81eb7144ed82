package dev.medic.postgres;

import java.util.List;

/**
 * Which sessions a {@code postgres_*} action may signal: those whose role is in {@code roles} and
 * whose application is in {@code applications}. An empty list does not restrict; when both are
 * given, a session must pass both, so adding a list can only narrow what medic touches.
 */
record PostgresAllowList(List<String> roles, List<String> applications) {

  PostgresAllowList {
    roles = clean("roles", roles);
    applications = clean("applications", applications);
  }

  private static List<String> clean(String key, List<String> names) {
    if (names == null) {
      return List.of();
    }
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException(key + " must not hold blank names, got " + names);
      }
    }
    return List.copyOf(names);
  }

  boolean empty() {
    return roles.isEmpty() && applications.isEmpty();
  }

  boolean allows(PostgresSession s) {
    return (roles.isEmpty() || roles.contains(s.user()))
        && (applications.isEmpty() || applications.contains(s.application()));
  }

  /**
   * Why the session is not allowed, e.g. {@code role admin not in roles [app]}, or null when it is:
   * the words a detail uses to say why a session was left alone.
   */
  String refusal(PostgresSession s) {
    List<String> why = new java.util.ArrayList<>();
    if (!roles.isEmpty() && !roles.contains(s.user())) {
      why.add("role " + s.user() + " not in roles " + roles);
    }
    if (!applications.isEmpty() && !applications.contains(s.application())) {
      why.add("application " + PostgresSession.name(s.application()) + " not in applications " + applications);
    }
    return why.isEmpty() ? null : String.join(" and ", why);
  }

  /** {@code roles [app] applications [worker]}, for details that say what was considered. */
  String describe() {
    String r = roles.isEmpty() ? "" : "roles " + roles;
    String a = applications.isEmpty() ? "" : "applications " + applications;
    return (r + (r.isEmpty() || a.isEmpty() ? "" : " and ") + a).strip();
  }
}
