package dev.medic.tls;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.SpecProblem;
import dev.medic.spi.ThresholdRule;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Watches the certificate a TLS server presents: each run connects, shakes hands and judges the
 * certificate, even one the JDK would refuse (so an expired or untrusted one is still described).
 *
 * <p>Conditions: {@code tls_connection_error} (DOWN: refused, unreachable, timed out, handshake
 * failed), {@code cert_invalid} (DOWN: expired, not yet valid, no chain to a trusted root, or not
 * for {@code server_name}; the message says which) and {@code cert_expiring} (DEGRADED: valid, but
 * fewer than {@code warn_days} days left). Metrics, whenever a certificate was read: {@code
 * days_left} (fractional, negative once expired), {@code cert_valid}, and one 0/1 metric per
 * cause of invalidity ({@code cert_expired}, {@code cert_not_yet_valid}, {@code cert_untrusted},
 * {@code cert_name_mismatch}); always {@code handshake_ms} when the handshake finished.
 *
 * <p>The certificate conditions are raised at the first run that shows them, by the rules this
 * check brings ({@code days_left < warn_days as cert_expiring} and {@code cert_expired > 0 as
 * cert_invalid}, one per cause): what a server presents is certain, a second look shows the same
 * certificate, and the incident's message names the cause. A connection error waits for the
 * agent's consecutive failures like any other check, as networks blip. An expired certificate
 * holds both cert_invalid and cert_expiring (its days_left is below warn_days), so a renewal
 * strategy on cert_expiring renews an expired certificate too.
 *
 * @param host the server to connect to (required)
 * @param port its TLS port (default 443); STARTTLS protocols are not supported
 * @param serverName sent as SNI and the name the certificate must be valid for (default: host)
 * @param warnDays fewer days left than this is {@code cert_expiring} (default 14)
 * @param ca a PEM bundle of CA certificates to trust instead of the JDK's roots (a private CA, or
 *     a self-signed certificate trusted as itself)
 */
public record TlsCheck(
    String name,
    Duration interval,
    Duration timeout,
    String host,
    Integer port,
    String serverName,
    Double warnDays,
    String ca)
    implements CheckSpec {

  public TlsCheck {
    name = name == null ? "tls" : name;
    port = port == null ? 443 : port;
    Endpoint.of(host, port, serverName); // validates host, port and server_name now
    warnDays = warnDays == null ? 14.0 : warnDays;
    if (!(warnDays > 0) || warnDays.isInfinite()) {
      throw new IllegalArgumentException("warn_days must be a positive number of days, got " + warnDays);
    }
    if (ca != null && ca.isBlank()) {
      throw new IllegalArgumentException("ca must be the path of a PEM file, got an empty value");
    }
  }

  Endpoint endpoint() {
    return Endpoint.of(host, port, serverName);
  }

  @Override
  public Set<String> conditions() {
    return Set.of("tls_connection_error", "cert_invalid", "cert_expiring");
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>();
    rules.add(new ThresholdRule("days_left", "<", warnDays, null, "cert_expiring"));
    for (Flaw.Kind kind : Flaw.Kind.values()) {
      rules.add(new ThresholdRule(kind.metric(), ">", 0, null, "cert_invalid"));
    }
    return rules;
  }

  @Override
  public List<SpecProblem> problems() {
    return Trust.problems(ca);
  }

  @Override
  public Optional<InetSocketAddress> connectsTo() {
    return Optional.of(InetSocketAddress.createUnresolved(host, port));
  }

  public Probe create(ProbeContext context) {
    return new TlsProbe(this, context.clock());
  }
}
