package dev.medic.dns;

import dev.medic.spi.SpecProblem;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a DNS query cannot be made with, found at load time instead of at each run: a name that is
 * no DNS name, a server that is no {@code host[:port]}, an expected address that is no address of
 * the record type. Also reads addresses without ever resolving a name.
 */
final class DnsValues {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
  private static final Pattern IPV4 =
      Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final int MAX_NAME = 253;

  private final List<SpecProblem> problems = new ArrayList<>();

  List<SpecProblem> problems() {
    return List.copyOf(problems);
  }

  DnsValues host(String field, String host) {
    if (host != null && !isName(host)) {
      problems.add(new SpecProblem(field, "not a DNS name (expected labels of letters, digits, '-' and '_'"
          + " joined by dots, like api.example.com), got '" + host + "'"));
    }
    return this;
  }

  DnsValues server(String field, String server) {
    if (server == null) {
      return this;
    }
    try {
      Nameserver ns = Nameserver.parse(server);
      if (!isAddress(ns.host()) && !isName(ns.host())) {
        problems.add(new SpecProblem(field, "not an address or a DNS name, got '" + server + "'"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem(field, e.getMessage()));
    }
    return this;
  }

  DnsValues expect(String field, String recordType, List<String> expected) {
    for (int i = 0; i < expected.size(); i++) {
      String text = expected.get(i);
      if (address(recordType, text).isEmpty()) {
        String family = recordType.equals("A") ? "an IPv4 address like 192.0.2.10" : "an IPv6 address like 2001:db8::10";
        problems.add(new SpecProblem(field + "[" + i + "]",
            "record_type " + recordType + " answers with addresses; expected " + family + ", got '" + text + "'"));
      }
    }
    return this;
  }

  static boolean isName(String host) {
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  static boolean isAddress(String text) {
    return address("A", text).isPresent() || address("AAAA", text).isPresent();
  }

  /**
   * The address an A ({@code 192.0.2.10}) or AAAA ({@code 2001:db8::10}) record's text holds; empty
   * when it holds none. Only literals are parsed, so no name is ever looked up here.
   */
  static Optional<InetAddress> address(String recordType, String text) {
    try {
      if (recordType.equals("A") && IPV4.matcher(text).matches()) {
        return Optional.of(InetAddress.getByName(text)).filter(a -> a instanceof Inet4Address);
      }
      if (recordType.equals("AAAA") && text.indexOf(':') >= 0 && text.indexOf(']') < 0) {
        // Brackets make the JDK parse an IPv6 literal or fail, and never fall back to a lookup.
        return Optional.of(InetAddress.getByName("[" + text + "]")).filter(a -> a instanceof Inet6Address);
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
