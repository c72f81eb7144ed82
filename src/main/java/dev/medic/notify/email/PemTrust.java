package dev.medic.notify.email;

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
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS that trusts the CA certificates of one PEM file instead of the JVM's roots: a private mail
 * server's own CA (or its self-signed certificate). The server's name is still checked against its
 * certificate by the mail client.
 */
final class PemTrust {

  private PemTrust() {}

  /** Why {@code file} cannot be used as {@code trust}, if it cannot: so that validate says so, not the first page. */
  static Optional<SpecProblem> problem(String field, String file) {
    try {
      certificates(Path.of(file));
      return Optional.empty();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return Optional.of(new SpecProblem(field, field + " must be a readable PEM file of CA certificates: " + e.getMessage()));
    }
  }

  static SSLSocketFactory socketFactory(Path file) throws IOException, GeneralSecurityException {
    KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
    roots.load(null, null);
    int n = 0;
    for (Certificate c : certificates(file)) {
      roots.setCertificateEntry("trusted-" + n++, c);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(roots);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return tls.getSocketFactory();
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
