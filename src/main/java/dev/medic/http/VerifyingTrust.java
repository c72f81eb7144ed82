package dev.medic.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's certificate checks (chain to a trusted root, validity dates, and the host name when
 * the socket asks for it), with the reason for a refusal said plainly: not trusted, expired, or
 * issued for another host. Those are the three things an operator needs to tell apart.
 */
final class VerifyingTrust extends X509ExtendedTrustManager {

  /** A refused certificate; the message completes "TLS certificate of HOST:PORT ...". */
  static final class Refusal extends CertificateException {
    Refusal(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final X509ExtendedTrustManager jdk;

  private VerifyingTrust(X509ExtendedTrustManager jdk) {
    this.jdk = jdk;
  }

  /** Trusting the roots in {@code roots}, or the JDK's (its {@code cacerts} or {@code javax.net.ssl.trustStore}) if null. */
  static VerifyingTrust of(KeyStore roots) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(roots);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return new VerifyingTrust(x509);
        }
      }
      throw new IllegalStateException("no X.509 trust manager in " + factory.getAlgorithm());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the trusted certificates: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw refusal(chain, authType, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw refusal(chain, authType, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refusal(chain, authType, e);
    }
  }

  /**
   * Why the JDK refused: the chain is checked again without the host name (only on this failure
   * path), so a mismatch is told from an untrusted chain without reading the JDK's message texts.
   */
  private Refusal refusal(X509Certificate[] chain, String authType, CertificateException e) {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException chainProblem) {
      return chainRefusal(chainProblem);
    }
    return new Refusal("is not for this host (it names " + String.join(", ", names(chain[0])) + ")", e);
  }

  private static Refusal chainRefusal(CertificateException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return new Refusal("has expired: " + t.getMessage(), e);
      }
      if (t instanceof CertificateNotYetValidException) {
        return new Refusal("is not yet valid: " + t.getMessage(), e);
      }
      if (t instanceof CertPathBuilderException) {
        return new Refusal("is not trusted: no chain to a trusted root (self-signed or unknown issuer)", e);
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new Refusal("is not trusted: " + root.getMessage(), e);
  }

  /** The DNS names and IP addresses a certificate is for, else its subject. */
  private static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException ignored) {
      // fall back to the subject
    }
    if (names.isEmpty()) {
      names.add(cert.getSubjectX500Principal().getName());
    }
    return names;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    jdk.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    jdk.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    jdk.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
