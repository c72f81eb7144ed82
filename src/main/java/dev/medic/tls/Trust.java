package dev.medic.tls;

import dev.medic.spi.PemCertificates;
import dev.medic.spi.SpecProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
    TrustManagerFactory factory;
    if (ca != null) {
      factory = PemCertificates.trusting(Path.of(ca));
    } else {
      factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
    }
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
  }

  /** Why {@code ca} cannot be used, if it cannot: so that {@code medic validate} says so, not the first run. */
  static List<SpecProblem> problems(String ca) {
    return ca == null ? List.of() : PemCertificates.problem("ca", ca).stream().toList();
  }
}
