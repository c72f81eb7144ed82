package dev.medic.config;

import java.util.Locale;

/**
 * An API token from the config ({@code access.tokens}): a name for the audit, a role, and either
 * the token itself ({@code token}, typically {@code ${MEDIC_OPS_TOKEN}}) or its SHA-256 ({@code
 * sha256}, as {@code medic token hash} prints it), so that the file need hold no secret.
 *
 * @param role {@code viewer}, {@code operator} or {@code admin}
 */
public record AccessToken(String name, String role, String sha256, String token) {

  /** Shorter tokens could be guessed; {@code medic token create} makes 48-character ones. */
  public static final int MIN_LENGTH = 20;

  public static final java.util.List<String> ROLES = java.util.List.of("viewer", "operator", "admin");

  public AccessToken {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (!name.matches("[A-Za-z0-9_.:@-]+")) {
      throw new IllegalArgumentException("name may hold letters, digits, '.', '_', ':', '@' and '-', got '" + name + "'");
    }
    if (role == null || !ROLES.contains(role)) {
      throw new IllegalArgumentException("role must be viewer, operator or admin, got '" + role + "'");
    }
    if ((sha256 == null) == (token == null)) {
      throw new IllegalArgumentException("token '" + name + "' needs exactly one of token or sha256, got "
          + (sha256 == null ? "neither" : "both"));
    }
    if (sha256 != null) {
      sha256 = sha256.strip().toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 of token '" + name + "' must be 64 hex digits (medic token hash"
            + " prints it), got " + sha256.length() + " characters");
      }
    }
    if (token != null && token.length() < MIN_LENGTH) {
      // The value is a secret: say how long it is, never what it is.
      throw new IllegalArgumentException("token '" + name + "' must be at least " + MIN_LENGTH
          + " characters (medic token create makes one), got " + token.length());
    }
  }

  /** Never the token: a config printed in a log or an error must not carry it. */
  @Override
  public String toString() {
    return "AccessToken[name=" + name + ", role=" + role + ", " + (token != null ? "token=***" : "sha256=" + sha256)
        + "]";
  }
}
