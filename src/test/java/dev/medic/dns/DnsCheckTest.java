package dev.medic.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.runtime.Plugins;
import dev.medic.spi.Bindings;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dns check against a DNS server the test runs, through the kind the plugin registered. */
class DnsCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private TinyDnsServer dns;

  @BeforeEach
  void start() throws Exception {
    dns = TinyDnsServer.answering()
        .answer("app.example.test", "192.0.2.10", "192.0.2.11")
        .answer("v6.example.test", "2001:db8::1");
  }

  @AfterEach
  void stop() throws Exception {
    dns.close();
  }

  private static DnsCheck check(String host, String server, String type, List<String> expect, Duration maxLatency) {
    return new DnsCheck(null, null, null, host, server, type, expect, maxLatency);
  }

  private static ProbeResult run(DnsCheck check, Duration timeout) throws InterruptedException {
    ProbeContext context = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
    return Plugins.registry().open(check, context).run(timeout);
  }

  @Test
  void aNameAnsweredWithTheExpectedAddressesIsUpAndNamesThem() throws Exception {
    ProbeResult r = run(check("app.example.test", dns.address(), null, List.of("192.0.2.11", "192.0.2.10"), null),
        TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.message()).contains("app.example.test is 192.0.2.10, 192.0.2.11").contains(dns.address());
    assertThat(r.latency()).isPositive();
    assertThat(r.metrics()).containsKey("latency_ms").containsEntry("addresses", 2.0);
  }

  @Test
  void otherAddressesThanExpectedAreADnsMismatch() throws Exception {
    ProbeResult r = run(check("app.example.test", dns.address(), null, List.of("192.0.2.10"), null), TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("dns_mismatch");
    assertThat(r.message()).isEqualTo("app.example.test is 192.0.2.10, 192.0.2.11, expected 192.0.2.10");
  }

  @Test
  void aNameTheServerDoesNotKnowIsUnresolvable() throws Exception {
    ProbeResult r = run(check("gone.example.test", dns.address(), null, List.of(), null), TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("dns_unresolvable");
    assertThat(r.message()).contains("gone.example.test: no such name (NXDOMAIN) from " + dns.address());
  }

  @Test
  void aServerThatNeverAnswersIsUnresolvableWithinTheTimeout() throws Exception {
    try (TinyDnsServer silent = TinyDnsServer.silent()) {
      Duration timeout = Duration.ofMillis(400);
      long start = System.nanoTime();

      ProbeResult r = run(check("app.example.test", silent.address(), null, List.of(), null), timeout);

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.condition()).isEqualTo("dns_unresolvable");
      assertThat(r.message()).contains("no answer within 400 ms from " + silent.address());
      assertThat(silent.queries()).isEqualTo(1);
      assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(1));
    }
  }

  @Test
  void aPortWhereNoServerListensIsUnresolvableAndSaidSo() throws Exception {
    String nobody;
    try (TinyDnsServer gone = TinyDnsServer.silent()) {
      nobody = gone.address(); // closed below: nothing listens on its port any more
    }

    ProbeResult r = run(check("app.example.test", nobody, null, List.of(), null), TIMEOUT);

    assertThat(r.condition()).isEqualTo("dns_unresolvable");
    assertThat(r.message()).isEqualTo("app.example.test: no DNS server listens there (port unreachable) from " + nobody);
  }

  @Test
  void eachRunAsksTheServerAgainInsteadOfACache() throws Exception {
    DnsCheck check = check("app.example.test", dns.address(), null, List.of("192.0.2.10", "192.0.2.11"), null);
    assertThat(run(check, TIMEOUT).status()).isEqualTo(Status.UP);

    dns.answer("app.example.test", "198.51.100.7");
    ProbeResult r = run(check, TIMEOUT);

    assertThat(r.condition()).isEqualTo("dns_mismatch");
    assertThat(r.message()).startsWith("app.example.test is 198.51.100.7");
    assertThat(dns.queries()).isEqualTo(2);
  }

  @Test
  void aaaaRecordsCompareAsAddressesWhateverTheirSpelling() throws Exception {
    ProbeResult r = run(check("v6.example.test", dns.address(), "AAAA", List.of("2001:0db8:0:0::1"), null), TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.message()).contains("v6.example.test is 2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aNameWithoutARecordOfTheAskedTypeIsUnresolvable() throws Exception {
    ProbeResult r = run(check("v6.example.test", dns.address(), "A", List.of(), null), TIMEOUT);

    assertThat(r.condition()).isEqualTo("dns_unresolvable");
    assertThat(r.message()).isEqualTo("v6.example.test has no A record (asked " + dns.address() + ")");
  }

  @Test
  void aCorrectAnswerSlowerThanMaxLatencyIsDegraded() throws Exception {
    ProbeResult r = run(check("app.example.test", dns.address(), null, List.of(), Duration.ofNanos(1)), TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.condition()).isEqualTo("dns_slow");
    assertThat(r.message()).contains("app.example.test is 192.0.2.10, 192.0.2.11 after");
  }
}
