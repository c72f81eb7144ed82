package dev.medic.config;

import dev.medic.heal.ActionSpec;
import dev.medic.heal.CommandAction;
import dev.medic.heal.HttpAction;
import dev.medic.notify.WebhookChannel;
import dev.medic.probe.CheckSpec;
import dev.medic.probe.CommandCheck;
import dev.medic.probe.HttpCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of values that their own records accept but that would fail only when used at run time
 * (a URL the HTTP client refuses, a timeout the socket API cannot hold, an empty program name): what
 * {@code validate} accepts, {@code run} accepts.
 */
final class ValueChecks {

  /** Socket and HTTP timeouts are int milliseconds underneath; a day is far beyond any sensible one. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private final String file;
  private final YamlIndex index;
  private final List<ConfigException.Problem> problems = new ArrayList<>();

  private ValueChecks(String file, YamlIndex index) {
    this.file = file;
    this.index = index;
  }

  static List<ConfigException.Problem> check(String file, YamlIndex index, MedicConfig config, ConfigBinder.Positions at) {
    ValueChecks v = new ValueChecks(file, index);
    v.timeout("agent.timeout", config.agent().timeout());
    v.timeout("agent.verify_timeout", config.agent().verifyTimeout());
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      for (int c = 0; c < t.checks().size(); c++) {
        v.check("targets[" + at.target(i) + "].checks[" + c + "]", t.checks().get(c));
      }
      if (t.process() != null) {
        v.program("targets[" + at.target(i) + "].process.command", t.process().command());
      }
    }
    for (int i = 0; i < config.strategies().size(); i++) {
      v.action("strategies[" + at.strategy(i) + "].action", config.strategies().get(i).action());
    }
    for (int i = 0; i < config.escalation().channels().size(); i++) {
      if (config.escalation().channels().get(i) instanceof WebhookChannel w) {
        String path = "escalation.channels[" + i + "]";
        v.url(path + ".url", w.url());
        v.headers(path + ".headers", w.headers());
        v.timeout(path + ".timeout", w.timeout());
      }
    }
    return v.problems;
  }

  private void check(String path, CheckSpec check) {
    timeout(path + ".timeout", check.timeout());
    if (check instanceof HttpCheck h) {
      url(path + ".url", h.url());
      method(path + ".method", h.method());
      headers(path + ".headers", h.headers());
    } else if (check instanceof CommandCheck c) {
      program(path + ".command", c.command());
    }
  }

  private void action(String path, ActionSpec action) {
    timeout(path + ".timeout", action.timeout());
    if (action instanceof HttpAction h) {
      method(path + ".method", h.method());
      headers(path + ".headers", h.headers());
      // Placeholders are filled in URL-encoded at run time: a sample incident shows whether the
      // URL can ever be built.
      String sample = h.url().replace("{target}", "t").replace("{condition}", "c")
          .replace("{incident_id}", "1").replace("{severity}", "critical");
      try {
        url(path + ".url", new URI(sample));
      } catch (URISyntaxException e) {
        add(path + ".url", "not a valid URL: " + e.getReason() + " at index " + e.getIndex() + " of '" + h.url() + "'");
      }
    } else if (action instanceof CommandAction c) {
      program(path + ".command", c.command());
    }
  }

  /** An http(s) URL with a host and a port in range, as the HTTP client demands when it is used. */
  private void url(String path, URI url) {
    if (url == null) {
      return;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      add(path, "URL must start with http:// or https://, got '" + url + "'");
    } else if (url.getHost() == null || url.getHost().isEmpty()) {
      add(path, "URL has no host (or the host is not a valid name), got '" + url + "'");
    } else if (url.getPort() > 65535) {
      add(path, "port must be 1..65535, got " + url.getPort());
    }
  }

  /** Headers the JDK's HTTP client sets itself and refuses from callers, at every request. */
  private static final java.util.Set<String> RESTRICTED =
      java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private void method(String path, String method) {
    if (method != null && !TOKEN.matcher(method).matches()) {
      add(path, "not an HTTP method (expected a word like GET or POST), got '" + method + "'");
    }
  }

  /** What the HTTP client would refuse when it builds each request. */
  private void headers(String path, java.util.Map<String, String> headers) {
    if (headers == null) {
      return;
    }
    headers.forEach((name, value) -> {
      String at = path + "." + name;
      if (!TOKEN.matcher(name).matches()) {
        add(at, "not a valid header name: '" + name + "'");
      } else if (RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        add(at, "header " + name + " is set by the HTTP client itself and cannot be given");
      } else if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        add(at, "a header value cannot hold a line break");
      }
    });
  }

  private void program(String path, List<String> argv) {
    if (!argv.isEmpty() && argv.getFirst().isBlank()) {
      add(path + "[0]", "the program to run is empty (expected a program name or path)");
    }
  }

  private void timeout(String path, Duration d) {
    if (d != null && d.compareTo(MAX_TIMEOUT) > 0) {
      add(path, path.substring(path.lastIndexOf('.') + 1) + " must be at most 24h, got " + Durations.format(d));
    }
  }

  private void add(String path, String message) {
    problems.add(ConfigLoader.at(file, index, path, message));
  }
}
