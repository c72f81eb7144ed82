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
    return access(anonymous, false);
  }

  /** As {@link #access(String)}, with {@code /api/debug/*} on or off. */
  public static String access(String anonymous, boolean debugEndpoints) {
    return """

        access:
          anonymous: %s
          debug_endpoints: %s
          tokens:
            - {name: viewer, role: viewer, token: "%s"}
            - {name: operator, role: operator, token: "%s"}
            - {name: admin, role: admin, token: "%s"}
        """.formatted(anonymous, debugEndpoints, VIEWER, OPERATOR, ADMIN);
  }

  /** The token of a person named in {@link #people}. */
  public static String of(String name) {
    return "medic_test-" + name + "-token-0123456789";
  }

  /**
   * A top-level {@code access:} block with an operator token for each person, named after them, so
   * that the audit names them; anonymous callers read, as on loopback by default.
   */
  public static String people(String... names) {
    StringBuilder block = new StringBuilder("\naccess:\n  anonymous: viewer\n  tokens:\n");
    for (String name : names) {
      block.append("    - {name: ").append(name).append(", role: operator, token: \"").append(of(name)).append("\"}\n");
    }
    return block.toString();
  }

  /** The header value for a token. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
