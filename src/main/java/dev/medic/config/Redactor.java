package dev.medic.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in any text with {@code ***}: the literal values the config took from {@code
 * ${ENV}} (or from a secret file), the password of a URL's user-info ({@code
 * postgres://app:***@db}, a lone {@code redis://***@host}), and the values of query parameters
 * named like secrets ({@code ?token=***}).
 *
 * <p>The config loader builds one per loaded file ({@link MedicConfig#redactor()}); whatever prints,
 * stores or sends text that may hold config values passes it through {@link #redact(String)}.
 * Immutable and thread-safe.
 */
public final class Redactor {

  /** Shorter literals are not treated as secrets: redacting every "80" or "on" would garble all output. */
  public static final int MIN_SECRET_LENGTH = 4;

  public static final String MASK = "***";

  /** Query parameter names that carry secrets, alone or as the end of a name ({@code client_secret}). */
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "([?&;](?:[A-Za-z0-9.]*[_-])?(?:password|passwd|pwd|token|secret|api_key|apikey|key|auth|access_token"
          + "|signature)=)[^&;#\\s\"'<>]*",
      Pattern.CASE_INSENSITIVE);

  /** {@code scheme://user:password@} or {@code scheme://secret@}; stops at the first '/', blank or quote. */
  private static final Pattern USER_INFO = Pattern.compile(
      "([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s:\"'<>]*)(:[^/@\\s\"'<>]*)?@");

  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> literals;

  /** @param secrets literal values to hide wherever they appear; those shorter than {@value #MIN_SECRET_LENGTH} are ignored */
  public Redactor(Collection<String> secrets) {
    Set<String> kept = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && s.length() >= MIN_SECRET_LENGTH) {
        kept.add(s);
      }
    }
    // Longest first, so that a secret containing another is hidden whole.
    this.literals = kept.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Redacts URL passwords and secret query parameters only (no literals known). */
  public static Redactor none() {
    return NONE;
  }

  /** This redactor plus more literals (a secret file read after loading, say). */
  public Redactor with(Collection<String> moreSecrets) {
    List<String> all = new java.util.ArrayList<>(literals);
    all.addAll(moreSecrets);
    return new Redactor(all);
  }

  /**
   * Both redactors' literals: after a reload, text from before it (an action still running, an
   * outbox entry) may still hold the old file's secrets.
   */
  public Redactor and(Redactor other) {
    return with(other.literals);
  }

  /** The number of literal secrets known, for tests and diagnostics (never the secrets). */
  public int literalCount() {
    return literals.size();
  }

  /** {@code text} with every secret replaced by {@code ***}; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : literals) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    if (out.indexOf("://") >= 0) {
      Matcher m = USER_INFO.matcher(out);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        // A lone user-info is a password to Redis (redis://secret@host): hide it whole.
        String shown = m.group(3) == null ? MASK : m.group(2) + ":" + MASK;
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + shown + "@"));
      }
      m.appendTail(sb);
      out = sb.toString();
    }
    if (out.indexOf('=') >= 0) {
      out = SECRET_PARAM.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Redactor[" + literals.size() + " literals]";
  }
}
