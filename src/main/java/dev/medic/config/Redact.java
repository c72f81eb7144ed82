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

  /**
   * A process's command line with what looks like a secret replaced by {@code ***}: the value of an
   * option or variable whose name says password, token, secret or key ({@code --password=x},
   * {@code --token x}, {@code API_KEY=x}), MySQL's attached {@code -px}, and the password of a URL.
   * For showing which process an action picks (the audit, an approval request) without leaking
   * the credentials it was started with.
   */
  public static String commandLine(String line) {
    if (line == null) {
      return null;
    }
    String shown = SECRET_OPTION.matcher(line).replaceAll("$1***");
    shown = SECRET_VARIABLE.matcher(shown).replaceAll("$1***");
    if (MYSQL_CLIENT.matcher(shown).lookingAt()) {
      shown = ATTACHED_P.matcher(shown).replaceAll("$1***"); // -pSECRET; elsewhere -p is an ordinary option
    }
    return URL_PASSWORD.matcher(shown).replaceAll("$1***$3");
  }

  private static final String SECRET_WORD = "(?:pass(?:word|wd)?|pwd|token|secret|api[-_]?key|private[-_]?key|credentials?|auth)";
  private static final java.util.regex.Pattern SECRET_OPTION = java.util.regex.Pattern.compile(
      "(?i)(--?[a-z0-9_.-]*" + SECRET_WORD + "[a-z0-9_.-]*(?:=|\\s+))(?!-)(\\S+)");
  private static final java.util.regex.Pattern SECRET_VARIABLE = java.util.regex.Pattern.compile(
      "(?i)(\\b[a-z0-9_.]*" + SECRET_WORD + "[a-z0-9_.]*=)(\\S+)");
  private static final java.util.regex.Pattern MYSQL_CLIENT = java.util.regex.Pattern.compile("(?:\\S*/)?(?:mysql|mariadb)\\S*");
  private static final java.util.regex.Pattern ATTACHED_P = java.util.regex.Pattern.compile("((?:^|\\s)-p)(\\S+)");
  private static final java.util.regex.Pattern URL_PASSWORD = java.util.regex.Pattern.compile("(\\w+://[^/\\s:@]*:)([^@\\s/]+)(@)");
}
