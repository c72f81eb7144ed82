package dev.medic.config;

/** Keeps secrets out of logs, the audit, error messages and toString. */
public final class Redact {

  private Redact() {}

  /**
   * Replaces the password part of {@code scheme://user:password@host...} with {@code ***}. A lone
   * userinfo without a colon is hidden whole: to Redis, {@code redis://secret@host} is a password.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
    return url.substring(0, scheme + 3) + shown + url.substring(at);
  }

  /**
   * Scheme, host and port only, the rest as {@code /***}: for webhook URLs whose path or query is
   * the secret (Slack, Discord, Teams). {@code ***} when the URL has no host.
   */
  public static String origin(java.net.URI url) {
    if (url.getScheme() == null || url.getHost() == null) {
      return "***";
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/***";
  }
}
