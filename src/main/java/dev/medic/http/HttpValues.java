package dev.medic.http;

import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What HTTP clients refuse when a request is built: found at load time instead of at each call. */
public final class HttpValues {

  /** Headers the HTTP client sets itself and refuses from callers, at every request. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final List<SpecProblem> problems = new ArrayList<>();

  public List<SpecProblem> problems() {
    return List.copyOf(problems);
  }

  /** An http(s) URL with a host and a port in range. */
  public HttpValues url(String field, URI url) {
    if (url == null) {
      return this;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add(new SpecProblem(field, "URL must start with http:// or https://, got '" + url + "'"));
    } else if (url.getHost() == null || url.getHost().isEmpty()) {
      problems.add(new SpecProblem(field, "URL has no host (or the host is not a valid name), got '" + url + "'"));
    } else if (url.getPort() > 65535) {
      problems.add(new SpecProblem(field, "port must be 1..65535, got " + url.getPort()));
    }
    return this;
  }

  /** A request timeout: more than zero, at most a day (sockets take int milliseconds). */
  public HttpValues timeout(String field, java.time.Duration timeout) {
    if (timeout == null) {
      return this;
    }
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add(new SpecProblem(field, field + " must be more than 0, got " + dev.medic.spi.Durations.format(timeout)));
    } else if (timeout.compareTo(java.time.Duration.ofHours(24)) > 0) {
      problems.add(new SpecProblem(field, field + " must be at most 24h, got " + dev.medic.spi.Durations.format(timeout)));
    }
    return this;
  }

  public HttpValues method(String field, String method) {
    if (method != null && !TOKEN.matcher(method).matches()) {
      problems.add(new SpecProblem(field, "not an HTTP method (expected a word like GET or POST), got '" + method + "'"));
    }
    return this;
  }

  public HttpValues headers(String field, Map<String, String> headers) {
    if (headers == null) {
      return this;
    }
    headers.forEach((name, value) -> {
      String at = field + "." + name;
      if (!TOKEN.matcher(name).matches()) {
        problems.add(new SpecProblem(at, "not a valid header name: '" + name + "'"));
      } else if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(new SpecProblem(at, "header " + name + " is set by the HTTP client itself and cannot be given"));
      } else if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        problems.add(new SpecProblem(at, "a header value cannot hold a line break"));
      }
    });
    return this;
  }
}
