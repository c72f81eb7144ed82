package dev.medic.dns;

import dev.medic.spi.Durations;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.SpecProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves {@code host} with a DNS query of its own, to {@code server} or else to the system's
 * nameservers, never from a cache or {@code /etc/hosts}: what a client asking now would get.
 *
 * <p>Conditions: {@code dns_unresolvable} (no answer in time, no such name, no record of the type),
 * {@code dns_mismatch} (answered with other addresses than {@code expect}), {@code dns_slow}
 * (answered correctly but above {@code max_latency}: DEGRADED).
 */
public record DnsCheck(
    String name,
    Duration interval,
    Duration timeout,
    String host,
    String server,
    String recordType,
    List<String> expect,
    Duration maxLatency)
    implements CheckSpec {

  /** Where the system's nameservers are listed when the check names no {@code server}. */
  static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  public DnsCheck {
    name = name == null ? "dns" : name;
    if (host == null) {
      throw new IllegalArgumentException("host is required (the name to resolve, like example.com)");
    }
    recordType = recordType == null ? "A" : recordType.toUpperCase(Locale.ROOT);
    if (!recordType.equals("A") && !recordType.equals("AAAA")) {
      throw new IllegalArgumentException("record_type must be A or AAAA, got '" + recordType + "'");
    }
    expect = expect == null ? List.of() : List.copyOf(expect);
    Durations.requirePositive("max_latency", maxLatency);
  }

  @Override
  public Set<String> conditions() {
    return Set.of("dns_unresolvable", "dns_mismatch", "dns_slow");
  }

  @Override
  public List<SpecProblem> problems() {
    return new DnsValues().host("host", host).server("server", server).expect("expect", recordType, expect)
        .problems();
  }

  public Probe create(ProbeContext context) {
    if (server != null) {
      List<Nameserver> asked = List.of(Nameserver.parse(server));
      return new DnsProbe(this, () -> asked);
    }
    // Read at each run, as the system resolver does: a changed resolv.conf applies without a reload.
    return new DnsProbe(this, () -> Nameserver.system(RESOLV_CONF));
  }
}
