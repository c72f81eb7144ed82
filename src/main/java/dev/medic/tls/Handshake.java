package dev.medic.tls;

import dev.medic.spi.DeadlineSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One TLS handshake that reads the served certificate whatever its state, and judges it.
 *
 * <p>The handshake is let through even when the certificate would be refused: an expired or
 * untrusted certificate is exactly what the check must be able to describe (its dates, names,
 * issuer). The judgement is the JDK's own, made inside that handshake: its PKIX trust manager with
 * the HTTPS host-name rules of {@link SSLParameters#setEndpointIdentificationAlgorithm}, over the
 * configured roots. Only its verdict is kept instead of aborting the handshake.
 */
final class Handshake {

  private Handshake() {}

  /**
   * Connects, shakes hands and closes, all by {@code timeout}.
   *
   * @param now the moment the leaf's dates are judged at (the agent's clock)
   * @throws IOException the TCP connection or the handshake failed or did not finish in time
   */
  static Served fetch(Endpoint endpoint, X509ExtendedTrustManager trust, Duration timeout, Instant now)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Judge judge = new Judge(trust);
    try (DeadlineSocket tcp = new DeadlineSocket()) {
      tcp.deadline(deadline);
      tcp.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), tcp.remainingMillis());
      // Named by the server name, so that without SNI (an IP address) the host-name rules match that.
      try (SSLSocket tls = (SSLSocket) context(judge).getSocketFactory()
          .createSocket(tcp, endpoint.serverName(), endpoint.port(), true)) {
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!endpoint.serverNameIsIp()) {
          try {
            params.setServerNames(List.of(new SNIHostName(endpoint.serverName())));
          } catch (IllegalArgumentException e) {
            // not a name SNI can carry (a trailing dot, an underscore): the server picks its
            // default certificate, still judged against the server name
          }
        }
        tls.setSSLParameters(params);
        try {
          tls.startHandshake();
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException("connected, but the TLS handshake did not finish");
        }
        if (judge.chain == null) {
          throw new IOException("the server sent no certificate");
        }
        Served seen = new Served(List.of(judge.chain), tls.getSession().getProtocol(),
            tls.getSession().getCipherSuite(), null);
        Flaw flaw = flaw(judge, seen, endpoint, now);
        return flaw == null ? seen : new Served(seen.chain(), seen.protocol(), seen.cipher(), flaw);
      }
    }
  }

  /**
   * A fresh context per handshake: with no session cache to resume from, every handshake sends
   * the full certificate, and a renewed one is seen at the next run.
   */
  private static SSLContext context(TrustManager judge) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {judge}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("no TLS in this JDK: " + e.getMessage(), e);
    }
  }

  /**
   * Why the certificate is not valid, most specific first: the leaf's own dates (on the agent's
   * clock), then the chain to a trusted root, then the name.
   */
  private static Flaw flaw(Judge judge, Served seen, Endpoint endpoint, Instant now) {
    X509Certificate leaf = seen.leaf();
    try {
      leaf.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      Instant notAfter = leaf.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS);
      return new Flaw(Flaw.Kind.EXPIRED, "has expired: not valid after " + notAfter + String.format(" (%.1f days ago)",
          Duration.between(notAfter, now).toMillis() / 86_400_000.0));
    } catch (CertificateNotYetValidException e) {
      Instant notBefore = leaf.getNotBefore().toInstant().truncatedTo(ChronoUnit.SECONDS);
      return new Flaw(Flaw.Kind.NOT_YET_VALID, "is not yet valid: not valid before " + notBefore);
    }
    if (judge.chainProblem != null) {
      return chainProblem(judge.chainProblem);
    }
    if (judge.nameProblem != null) {
      List<String> names = seen.names();
      return new Flaw(Flaw.Kind.NAME_MISMATCH, "does not match server_name " + endpoint.serverName() + ": it is for "
          + (names.isEmpty() ? seen.subject() : String.join(", ", names)));
    }
    return null;
  }

  private static Flaw chainProblem(CertificateException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return new Flaw(Flaw.Kind.EXPIRED, "has an expired certificate in its chain: " + t.getMessage());
      }
      if (t instanceof CertificateNotYetValidException) {
        return new Flaw(Flaw.Kind.NOT_YET_VALID, "has a certificate not yet valid in its chain: " + t.getMessage());
      }
      if (t instanceof CertPathBuilderException) {
        return new Flaw(Flaw.Kind.UNTRUSTED, "is not trusted: no chain to a trusted root (self-signed or unknown issuer)");
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new Flaw(Flaw.Kind.UNTRUSTED, "is not trusted: " + root.getMessage());
  }

  /**
   * Records the chain and what the JDK's trust manager says of it, and lets the handshake finish.
   * Extended, so the JDK adds no checks of its own around it.
   */
  private static final class Judge extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager jdk;
    X509Certificate[] chain;
    CertificateException chainProblem;
    CertificateException nameProblem;

    Judge(X509ExtendedTrustManager jdk) {
      this.jdk = jdk;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      this.chain = chain.clone();
      try {
        jdk.checkServerTrusted(chain, authType, socket); // chain, dates and the host name
      } catch (CertificateException e) {
        // Again without the socket, hence without the name: tells an untrusted chain from a
        // certificate for another host without reading the JDK's message texts.
        try {
          jdk.checkServerTrusted(chain, authType);
          nameProblem = e;
        } catch (CertificateException chainOnly) {
          chainProblem = chainOnly;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("sockets only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("sockets only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("medic does not accept client connections here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("medic does not accept client connections here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("medic does not accept client connections here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
