package dev.medic.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * One query through the JDK's JNDI DNS provider. Unlike {@link java.net.InetAddress}, it keeps no
 * cache and reads no {@code /etc/hosts}: each call asks the servers again. The servers are tried in
 * order, once each, sharing the timeout, so a run ends within it however many are listed.
 */
final class DnsLookup {

  private DnsLookup() {}

  /** The text of each record of the type; empty when the name exists but has none. */
  static List<String> query(List<Nameserver> servers, String host, String recordType, Duration timeout)
      throws NamingException {
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(Context.PROVIDER_URL, servers.stream().map(Nameserver::url).collect(Collectors.joining(" ")));
    long each = Math.max(1, timeout.toMillis() / servers.size());
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(each));
    env.put("com.sun.jndi.dns.timeout.retries", "1");
    DirContext context = new InitialDirContext(env);
    try {
      Attribute records = context.getAttributes(host, new String[] {recordType}).get(recordType);
      List<String> values = new ArrayList<>();
      if (records != null) {
        NamingEnumeration<?> all = records.getAll();
        while (all.hasMore()) {
          values.add(String.valueOf(all.next()));
        }
      }
      return values;
    } finally {
      context.close();
    }
  }
}
