package dev.medic.tls;

import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/** One run of a {@link TlsCheck}: a fresh connection and handshake, nothing kept between runs. */
final class TlsProbe implements Probe {

  private final TlsCheck spec;
  private final Endpoint endpoint;
  private final Clock clock;
  /** The JDK's roots, loaded at the first run (a ca bundle is read at every run instead). */
  private X509ExtendedTrustManager jdkRoots;

  TlsProbe(TlsCheck spec, Clock clock) {
    this.spec = spec;
    this.endpoint = spec.endpoint();
    this.clock = clock;
  }

  @Override
  public ProbeResult run(Duration timeout) {
    long start = System.nanoTime();
    X509ExtendedTrustManager trust;
    try {
      trust = trust();
    } catch (IOException | GeneralSecurityException e) {
      return ProbeResult.down(took(start), Map.of(), "tls_connection_error",
          endpoint + ": no handshake tried: cannot load the trusted roots (ca " + spec.ca() + "): " + e.getMessage());
    }
    Served served;
    try {
      // The timeout bounds the whole run: loading the roots took part of it already.
      Duration left = timeout.minus(took(start));
      served = Handshake.fetch(endpoint, trust, left.isNegative() ? Duration.ZERO : left, clock.instant());
    } catch (IOException e) {
      return ProbeResult.down(took(start), Map.of(), "tls_connection_error", endpoint + ": " + failure(e, timeout));
    }
    Instant now = clock.instant();
    double daysLeft = served.daysLeft(now);
    boolean expiring = daysLeft < spec.warnDays();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("days_left", daysLeft);
    metrics.put("cert_valid", served.valid() ? 1.0 : 0.0);
    for (Flaw.Kind kind : Flaw.Kind.values()) {
      metrics.put(kind.metric(), served.valid() || served.flaw().kind() != kind ? 0.0 : 1.0);
    }
    metrics.put("handshake_ms", took(start).toNanos() / 1e6);
    String seen = served.describe(now);
    if (!served.valid()) {
      return ProbeResult.down(took(start), metrics, "cert_invalid",
          "certificate of " + endpoint + " " + served.problem() + "; " + seen);
    }
    if (expiring) {
      return ProbeResult.degraded(took(start), metrics, "cert_expiring",
          String.format("certificate of %s expires %s: %.1f days left, fewer than warn_days %s; %s",
              endpoint, served.expiry(), daysLeft, number(spec.warnDays()), seen));
    }
    return ProbeResult.up(took(start), metrics, seen);
  }

  private X509ExtendedTrustManager trust() throws IOException, GeneralSecurityException {
    if (spec.ca() != null) {
      return Trust.manager(spec.ca());
    }
    if (jdkRoots == null) {
      jdkRoots = Trust.manager(null);
    }
    return jdkRoots;
  }

  /** Why no certificate could be read, in the words an operator searches for. */
  static String failure(IOException e, Duration timeout) {
    if (e instanceof ConnectException) {
      return "connection refused (" + e.getMessage() + ")";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out after " + timeout.toMillis() + " ms: " + e.getMessage();
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
