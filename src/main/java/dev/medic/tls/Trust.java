package dev.medic.tls;

import dev.medic.spi.SpecProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The roots a served chain must lead to: the JDK's ({@code cacerts}, or {@code
 * javax.net.ssl.trustStore}) or, for a private CA, the certificates of one PEM bundle instead.
 */
final class Trust {

  private Trust() {}

  /**
   * The JDK's PKIX trust manager over those roots. The bundle is read on every call, so a CA file
   * replaced on disk is seen at the next run without a reload of medic.
   *
   * @param ca path of a PEM bundle, or null for the JDK's roots
   */
  static X509ExtendedTrustManager manager(String ca) throws IOException, GeneralSecurityException {
    KeyStore roots = null;
    if (ca != null) {
      roots = KeyStore.getInstance(KeyStore.getDefaultType());
      roots.load(null, null);
      int n = 0;
      for (Certificate c : certificates(Path.of(ca))) {
        roots.setCertificateEntry("ca-" + n++, c);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(roots);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
  }

  /** Why {@code ca} cannot be used, if it cannot: so that {@code medic validate} says so, not the first run. */
  static List<SpecProblem> problems(String ca) {
    if (ca == null) {
      return List.of();
    }
    try {
      certificates(Path.of(ca));
      return List.of();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return List.of(new SpecProblem("ca", "ca must be a readable PEM file of CA certificates: " + e.getMessage()));
    }
  }

  private static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    if (!Files.isReadable(file)) {
      throw new IOException("cannot read " + file.toAbsolutePath());
    }
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (found.isEmpty()) {
        throw new IOException("no certificate in " + file.toAbsolutePath());
      }
      return found;
    }
  }
}
