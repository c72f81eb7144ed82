package dev.medic.heal;

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

  /** {@code roles [app] applications [worker]}, for details that say what was considered. */
  String describe() {
    String r = roles.isEmpty() ? "" : "roles " + roles;
    String a = applications.isEmpty() ? "" : "applications " + applications;
    return (r + (r.isEmpty() || a.isEmpty() ? "" : " and ") + a).strip();
  }
}
