package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigException;
import dev.medic.config.MedicConfig;
import dev.medic.support.ConfigText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls check and the cert_renew action as users write them in YAML. */
class TlsConfigTest {

  @TempDir Path dir;

  private static MedicConfig load(String yaml) throws ConfigException {
    return ConfigText.load(yaml, Map.of());
  }

  @Test
  void everyKeyOfTheCheckAndTheActionLoads() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), Files.readString(caPem()));
    MedicConfig cfg = load("""
        targets:
          - name: shop
            checks:
              - type: tls
                name: certificate
                host: 10.0.0.5
                port: 8443
                server_name: shop.example.com
                warn_days: 21.5
                ca: "%1$s"
                interval: 1h
                timeout: 10s
        strategies:
          - name: renew
            conditions: [cert_expiring, cert_invalid]
            action:
              type: cert_renew
              renew: [certbot, renew, --cert-name, "{target}"]
              reload: [systemctl, reload, nginx]
              host: 10.0.0.5
              port: 8443
              server_name: shop.example.com
              ca: "%1$s"
              min_days: 30
              settle: 20s
              timeout: 3m
        """.formatted(ca));

    TlsCheck check = (TlsCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check).isEqualTo(new TlsCheck("certificate", Duration.ofHours(1), Duration.ofSeconds(10),
        "10.0.0.5", 8443, "shop.example.com", 21.5, ca.toString()));
    assertThat(check.rules()).map(Object::toString).contains("days_left < 21.5 as cert_expiring");
    CertRenewAction action = (CertRenewAction) cfg.strategies().getFirst().action();
    assertThat(action).isEqualTo(new CertRenewAction(List.of("certbot", "renew", "--cert-name", "{target}"),
        List.of("systemctl", "reload", "nginx"), "10.0.0.5", 8443, "shop.example.com", ca.toString(), 30.0,
        Duration.ofSeconds(20), Duration.ofMinutes(3)));
  }

  @Test
  void leftOutKeysTakeTheirDefaults() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
        strategies:
          - name: renew
            conditions: [cert_expiring]
            action: {type: cert_renew, renew: [certbot, renew], host: shop.example.com}
        """);

    TlsCheck check = (TlsCheck) cfg.targets().getFirst().checks().getFirst();
    assertThat(check.name()).isEqualTo("tls");
    assertThat(check.port()).isEqualTo(443);
    assertThat(check.warnDays()).isEqualTo(14.0);
    assertThat(check.endpoint().serverName()).isEqualTo("shop.example.com");
    assertThat(check.raisesOnFirstFailure()).as("connection errors wait for the agent's failures").isFalse();
    CertRenewAction action = (CertRenewAction) cfg.strategies().getFirst().action();
    assertThat(action.reload()).isEmpty();
    assertThat(action.port()).isEqualTo(443);
    assertThat(action.minDays()).isEqualTo(14.0);
    assertThat(action.settle()).isEqualTo(Duration.ofSeconds(10));
    assertThat(action.effectiveTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(action.destructive()).isFalse();
    assertThat(action.restartsTarget()).isFalse();
    assertThat(cfg.strategies().getFirst().needsApproval()).isFalse();
  }

  @Test
  void checkWithoutHostIsRefusedNamingTheKey() {
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, port: 443}]
        """, Map.of());

    assertThat(p.message()).contains("host is required");
  }

  @Test
  void negativeWarnDaysIsRefusedWithTheValue() {
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com, warn_days: -3}]
        """, Map.of());

    assertThat(p.message()).contains("warn_days must be a positive number of days, got -3.0");
  }

  @Test
  void unreadableCaBundleIsRefusedByValidateNotAtTheFirstRun() {
    Path missing = dir.resolve("missing-ca.pem");
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com, ca: "%s"}]
        """.formatted(missing), Map.of());

    assertThat(p.field()).endsWith("ca");
    assertThat(p.message()).contains("ca must be a readable PEM file of CA certificates: cannot read " + missing);
  }

  @Test
  void caFileWithoutCertificatesIsRefused() throws Exception {
    Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
        strategies:
          - name: renew
            conditions: [cert_expiring]
            action: {type: cert_renew, renew: [certbot, renew], host: shop.example.com, ca: "%s"}
        """.formatted(notPem), Map.of());

    assertThat(p.message()).startsWith("ca must be a readable PEM file of CA certificates");
  }

  @Test
  void renewWithoutCommandIsRefused() {
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
        strategies:
          - name: renew
            conditions: [cert_expiring]
            action: {type: cert_renew, renew: [], host: shop.example.com}
        """, Map.of());

    assertThat(p.message()).contains("renew must be a non-empty list of arguments");
  }

  @Test
  void strategyOnAConditionTheCheckRaisesIsAcceptedAndAnUnknownOneIsNot() throws Exception {
    load("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
        strategies:
          - name: renew
            conditions: [cert_invalid, cert_expiring, tls_connection_error]
            action: {type: cert_renew, renew: [certbot, renew], host: shop.example.com}
        """);
    ConfigException.Problem p = ConfigText.onlyProblem("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
        strategies:
          - name: renew
            conditions: [cert_expired]
            action: {type: cert_renew, renew: [certbot, renew], host: shop.example.com}
        """, Map.of());
    assertThat(p.message()).contains("cert_expired");
  }

  @Test
  void aHarderStageIsAThresholdOnDaysLeftThatAStrategyMayName() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: shop
            checks: [{type: tls, host: shop.example.com}]
            detect:
              thresholds: ["days_left < 3 as cert_critical"]
        strategies:
          - name: renew_now
            conditions: [cert_critical]
            action: {type: cert_renew, renew: [certbot, renew, --force-renewal], host: shop.example.com}
        """);

    assertThat(cfg.strategies().getFirst().conditions()).containsExactly("cert_critical");
  }

  @Test
  void theDocumentedExampleLoads() throws Exception {
    String doc = Files.readString(Path.of("docs/checks/tls.md"));
    Matcher first = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(first.find()).as("a yaml example in docs/checks/tls.md").isTrue();

    MedicConfig cfg = load(first.group(1));

    assertThat(cfg.targets().getFirst().checks().getFirst()).isInstanceOf(TlsCheck.class);
    assertThat(cfg.strategies().getFirst().action()).isInstanceOf(CertRenewAction.class);
  }

  /** A real CA certificate, as {@code ca:} needs one that parses. */
  private Path caPem() {
    return Keytool.ca(dir, "config-ca").pem();
  }
}
