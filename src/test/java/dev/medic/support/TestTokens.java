package dev.medic.support;

/**
 * API tokens for tests that write through the API: an {@code access:} block to add to a test's
 * config, and the tokens to send as {@code Authorization: Bearer}.
 */
public final class TestTokens {

  public static final String VIEWER = "medic_test-viewer-token-0123456789";
  public static final String OPERATOR = "medic_test-operator-token-0123456789";
  public static final String ADMIN = "medic_test-admin-token-0123456789";

  private TestTokens() {}

  /** A top-level {@code access:} block: {@code viewer}, {@code operator} and {@code admin}, one of each role. */
  public static String access(String anonymous) {
    return """

        access:
          anonymous: %s
          tokens:
            - {name: viewer, role: viewer, token: "%s"}
            - {name: operator, role: operator, token: "%s"}
            - {name: admin, role: admin, token: "%s"}
        """.formatted(anonymous, VIEWER, OPERATOR, ADMIN);
  }

  /** The header value for a token. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
