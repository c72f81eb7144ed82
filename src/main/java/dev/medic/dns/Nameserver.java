package dev.medic.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A DNS server to ask, as {@code host[:port]}; a bare IPv6 address or {@code [v6]:port} also reads. */
record Nameserver(String host, int port) {

  static final int DNS_PORT = 53;

  Nameserver {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  /** {@code 10.0.0.2}, {@code 10.0.0.2:5353}, {@code ::1}, {@code [::1]:5353}, {@code ns1.example.com}. */
  static Nameserver parse(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' opens '[' without closing it");
      }
      String rest = t.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("expected host or host:port, got '" + text + "'");
      }
      return new Nameserver(t.substring(1, close), rest.isEmpty() ? DNS_PORT : port(rest.substring(1), text));
    }
    int colon = t.indexOf(':');
    if (colon < 0 || t.indexOf(':', colon + 1) >= 0) {
      return new Nameserver(t, DNS_PORT); // a name, an IPv4 address, or a bare IPv6 address
    }
    return new Nameserver(t.substring(0, colon), port(t.substring(colon + 1), text));
  }

  private static int port(String digits, String text) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host or host:port with a numeric port, got '" + text + "'");
    }
  }

  /**
   * The nameservers of a resolv.conf, in its order. A file that is missing or names none means the
   * local machine, as for the C library's resolver (resolv.conf(5)).
   */
  static List<Nameserver> system(Path resolvConf) {
    List<Nameserver> servers = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(resolvConf)) {
        String[] words = line.strip().split("\\s+");
        // A link-local server with a zone (fe80::1%eth0) cannot be written in a DNS URL: left out.
        if (words.length >= 2 && words[0].equals("nameserver") && words[1].indexOf('%') < 0
            && DnsValues.isAddress(words[1])) {
          servers.add(new Nameserver(words[1], DNS_PORT));
        }
      }
    } catch (IOException e) {
      // no readable resolv.conf: the local machine, as below
    }
    return servers.isEmpty() ? List.of(new Nameserver("127.0.0.1", DNS_PORT)) : List.copyOf(servers);
  }

  /** As the JNDI DNS provider takes it. */
  String url() {
    return "dns://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
