package dev.medic.api;

import java.util.Locale;

/**
 * Who may call a route. Ordered: each role may do everything the roles before it may. Viewers read,
 * operators acknowledge, silence, approve and trigger, admins change medic's config.
 */
public enum Role {
  /** Anyone who can reach the port: liveness and the login page. */
  PUBLIC,
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Whether a caller with this role may call a route that needs {@code needed}. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the bad value and the roles there are */
  public static Role of(String key) {
    for (Role r : values()) {
      if (r != PUBLIC && r.key().equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be viewer, operator or admin, got '" + key + "'");
  }
}
