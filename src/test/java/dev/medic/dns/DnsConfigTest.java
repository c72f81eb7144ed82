package dev.medic.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dns check as users write it in YAML. */
class DnsConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry()).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void everyKeyOfADnsCheckLoadsAndItsConditionsCanBeHealed() throws ConfigException {
    MedicConfig cfg = load("""
        targets:
          - name: api
            checks:
              - type: dns
                host: api.example.com
                server: 10.0.0.2:5353
                record_type: aaaa
                expect: ["2001:db8::10", "2001:db8::11"]
                max_latency: 200ms
                timeout: 1s
              - type: dns
                name: www
                host: www.example.com
        strategies:
          - name: page
            conditions: [dns_mismatch, dns_unresolvable, dns_slow]
            action: {type: command, command: [/bin/true]}
        """);

    DnsCheck api = (DnsCheck) cfg.targets().getFirst().checks().get(0);
    assertThat(api).isEqualTo(new DnsCheck("dns", null, Duration.ofSeconds(1), "api.example.com", "10.0.0.2:5353",
        "AAAA", List.of("2001:db8::10", "2001:db8::11"), Duration.ofMillis(200)));
    DnsCheck www = (DnsCheck) cfg.targets().getFirst().checks().get(1);
    assertThat(www.recordType()).isEqualTo("A");
    assertThat(www.server()).isNull();
    assertThat(www.expect()).isEmpty();
  }

  @Test
  void anExpectedAddressOfTheWrongFamilyIsReportedOnItsOwnLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: dns
                host: api.example.com
                expect:
                  - 192.0.2.10
                  - 2001:db8::10
        """);

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].expect[1]");
    assertThat(p.message()).isEqualTo("record_type A answers with addresses; expected an IPv4 address like"
        + " 192.0.2.10, got '2001:db8::10'");
  }

  @Test
  void aRecordTypeOtherThanAOrAaaaIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: dns
                host: api.example.com
                record_type: MX
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).isEqualTo("record_type must be A or AAAA, got 'MX'");
  }

  @Test
  void aServerWithABadPortIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: dns
                host: api.example.com
                server: 10.0.0.2:70000
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.field()).isEqualTo("targets[0].checks[0].server");
    assertThat(p.message()).isEqualTo("port must be 1..65535, got 70000");
  }

  @Test
  void aHostThatIsNoDnsNameIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: dns
                host: "api example.com"
        """);

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).startsWith("not a DNS name").endsWith("got 'api example.com'");
  }

  @Test
  void aMisspelledKeyIsUnknownAndTheRightOneSuggested() {
    ConfigException.Problem p = problem("""
        targets:
          - name: api
            checks:
              - type: dns
                host: api.example.com
                expects: [192.0.2.10]
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).contains("unknown key 'expects'").contains("did you mean 'expect'?");
  }
}
