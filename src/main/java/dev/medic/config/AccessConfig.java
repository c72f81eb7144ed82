package dev.medic.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may use the API ({@code access:}): tokens with roles, what a caller without one may do, and
 * how long a dashboard login lasts without use.
 *
 * @param anonymous {@code none} or {@code viewer}; null means viewer when {@code agent.api} listens
 *     on a loopback address, none otherwise (see {@link #anonymousMayRead})
 * @param debugEndpoints whether {@code /api/debug/*} answers (admins only)
 * @param sessionIdle how long a dashboard login lasts without use; 12h by default
 */
public record AccessConfig(String anonymous, List<AccessToken> tokens, Boolean debugEndpoints, Duration sessionIdle) {

  public AccessConfig {
    if (anonymous != null && !anonymous.equals("none") && !anonymous.equals("viewer")) {
      throw new IllegalArgumentException("anonymous must be none or viewer, got '" + anonymous + "'");
    }
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    Set<String> names = new HashSet<>();
    for (AccessToken t : tokens) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("tokens: name '" + t.name() + "' is used twice");
      }
    }
    debugEndpoints = debugEndpoints != null && debugEndpoints;
    sessionIdle = sessionIdle == null ? Duration.ofHours(12) : sessionIdle;
    if (sessionIdle.isZero() || sessionIdle.isNegative()) {
      throw new IllegalArgumentException("session_idle must be more than 0, got " + sessionIdle);
    }
  }

  public static AccessConfig defaults() {
    return new AccessConfig(null, null, null, null);
  }

  /**
   * Whether a request without a token may read. Unset, that is so only when the API listens on a
   * loopback address: then only this machine can reach it.
   *
   * @param api {@code agent.api}, {@code host:port}
   */
  public boolean anonymousMayRead(String api) {
    if (anonymous != null) {
      return anonymous.equals("viewer");
    }
    return !"off".equals(api) && isLoopback(ApiAddress.parse(api).host());
  }

  /** Literal addresses and {@code localhost} only: a name that needs DNS is not trusted as local. */
  static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
