package dev.medic.dns;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

/** Runs a {@link DnsCheck}: asks the servers, then judges the answer against the check's expectations. */
final class DnsProbe implements Probe {

  private final DnsCheck check;
  private final Supplier<List<Nameserver>> servers;
  private final Set<String> expected;

  DnsProbe(DnsCheck check, Supplier<List<Nameserver>> servers) {
    this.check = check;
    this.servers = servers;
    this.expected = normal(check.expect());
  }

  @Override
  public ProbeResult run(Duration timeout) throws InterruptedException {
    List<Nameserver> asked = servers.get();
    String from = asked.size() == 1 ? asked.getFirst().toString() : asked.toString();
    long start = System.nanoTime();
    List<String> answer;
    try {
      answer = DnsLookup.query(asked, check.host(), check.recordType(), timeout);
    } catch (NameNotFoundException e) {
      return unresolvable(start, check.host() + ": no such name (NXDOMAIN) from " + from);
    } catch (CommunicationException e) {
      interruptedCheck();
      return unresolvable(start, check.host() + ": " + unreachable(e.getRootCause(), timeout) + " from " + from);
    } catch (NamingException e) {
      interruptedCheck();
      return unresolvable(start, check.host() + ": " + e.getExplanation() + " from " + from);
    }
    return judge(Duration.ofNanos(System.nanoTime() - start), normal(answer), from);
  }

  private ProbeResult judge(Duration took, Set<String> addresses, String from) {
    Map<String, Double> metrics = Map.of("latency_ms", took.toNanos() / 1e6, "addresses", (double) addresses.size());
    String name = check.host();
    if (addresses.isEmpty()) {
      return ProbeResult.down(took, metrics, "dns_unresolvable",
          name + " has no " + check.recordType() + " record (asked " + from + ")");
    }
    String is = name + " is " + String.join(", ", addresses);
    if (!expected.isEmpty() && !expected.equals(addresses)) {
      return ProbeResult.down(took, metrics, "dns_mismatch", is + ", expected " + String.join(", ", expected));
    }
    if (check.maxLatency() != null && took.compareTo(check.maxLatency()) > 0) {
      return ProbeResult.degraded(took, metrics, "dns_slow",
          is + " after " + took.toMillis() + " ms > " + check.maxLatency().toMillis() + " ms");
    }
    return ProbeResult.up(took, metrics, is + " (" + took.toMillis() + " ms from " + from + ")");
  }

  private static String unreachable(Throwable cause, Duration timeout) {
    if (cause == null || cause instanceof SocketTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof PortUnreachableException) {
      return "no DNS server listens there (port unreachable)";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private ProbeResult unresolvable(long start, String message) {
    return ProbeResult.down(Duration.ofNanos(System.nanoTime() - start), Map.of(), "dns_unresolvable", message);
  }

  /** One spelling per address ({@code 2001:db8::1} and {@code 2001:db8:0:0:0:0:0:1} are one), sorted. */
  private Set<String> normal(List<String> texts) {
    Set<String> out = new TreeSet<>();
    for (String t : texts) {
      out.add(DnsValues.address(check.recordType(), t).map(InetAddress::getHostAddress).orElse(t));
    }
    return out;
  }

  /** A run the scheduler gave up on ends as other probes' interrupted runs do. */
  private static void interruptedCheck() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
