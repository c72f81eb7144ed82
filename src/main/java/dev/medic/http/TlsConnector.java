package dev.medic.http;

import dev.medic.spi.DeadlineSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS over an open TCP connection, for {@code https://}: SNI with the URL's host name, the
 * certificate checked against the trusted roots and the host name (or, for {@code tls_verify:
 * false}, not at all), and the handshake done within the exchange's deadline.
 *
 * <p>Failures come out named: {@link Refused} (certificate not trusted, expired, for another host,
 * or the handshake failed) and {@link HandshakeTimeout}.
 */
final class TlsConnector {

  /** The TLS handshake failed; the message says why, for the check's report as it is. */
  static final class Refused extends SSLHandshakeException {
    Refused(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }
  }

  /** The TLS handshake did not finish before the exchange's deadline. */
  static final class HandshakeTimeout extends SocketTimeoutException {
    HandshakeTimeout() {
      super("TLS handshake did not finish in time");
    }
  }

  private final SSLSocketFactory factory;
  private final boolean verify;

  private TlsConnector(SSLContext context, boolean verify) {
    this.factory = context.getSocketFactory();
    this.verify = verify;
  }

  /** Checks certificates against {@code roots}, or the JDK's trusted roots if null. */
  static TlsConnector verifying(KeyStore roots) {
    return new TlsConnector(context(VerifyingTrust.of(roots)), true);
  }

  /** One per process, as the JDK's default context is: loading the roots costs milliseconds and memory per check. */
  static TlsConnector verifying() {
    return Shared.VERIFYING;
  }

  /** For {@code tls_verify: false}: any certificate, for any host. */
  static TlsConnector trustingAll() {
    return Shared.TRUSTING_ALL;
  }

  /** Built on first use: most configs have no https:// check, and none with tls_verify: false. */
  private static final class Shared {
    static final TlsConnector VERIFYING = verifying(null);
    static final TlsConnector TRUSTING_ALL = new TlsConnector(InsecureTls.context(), false);
  }

  private static SSLContext context(TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
    }
  }

  /**
   * Layers TLS over {@code tcp} (connected to {@code host}:{@code port}) and completes the
   * handshake by the socket's deadline. On failure {@code tcp} is left for the caller to close.
   */
  SSLSocket handshake(DeadlineSocket tcp, String host, int port) throws IOException {
    SSLSocket tls = (SSLSocket) factory.createSocket(tcp, host, port, true);
    SSLParameters params = tls.getSSLParameters();
    if (verify) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!isIpLiteral(host)) {
      try {
        params.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException e) {
        // not a name SNI can carry (e.g. a trailing dot): the server picks its default certificate
      }
    }
    tls.setSSLParameters(params);
    try {
      tls.startHandshake();
      return tls;
    } catch (SocketTimeoutException e) {
      throw new HandshakeTimeout();
    } catch (SSLException e) {
      throw refused(host, port, e);
    }
  }

  private static Refused refused(String host, int port, SSLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VerifyingTrust.Refusal r) {
        return new Refused("TLS certificate of " + host + ":" + port + " " + r.getMessage(), e);
      }
    }
    return new Refused("TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
  }

  private static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
