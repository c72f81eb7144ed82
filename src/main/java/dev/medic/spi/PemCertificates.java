package dev.medic.spi;

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
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of a PEM file, as every kind that trusts a private CA reads them (a TLS check's
 * {@code ca}, a mail server's {@code trust}, a Docker engine's {@code tls.ca}). Read on each call, so
 * a file replaced on disk is seen without a reload.
 */
public final class PemCertificates {

  private PemCertificates() {}

  /** Every certificate in the file; an unreadable file or one with none is an error naming it. */
  public static Collection<? extends Certificate> read(Path file) throws IOException, GeneralSecurityException {
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

  /** Trust managers that trust exactly the certificates of the file, instead of the JDK's roots. */
  public static TrustManagerFactory trusting(Path file) throws IOException, GeneralSecurityException {
    KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
    roots.load(null, null);
    int n = 0;
    for (Certificate c : read(file)) {
      roots.setCertificateEntry("ca-" + n++, c);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(roots);
    return factory;
  }

  /**
   * Why the file cannot serve as {@code field}, if it cannot: so that {@code medic validate} says
   * so, not the first run.
   */
  public static Optional<SpecProblem> problem(String field, String file) {
    try {
      read(Path.of(file));
      return Optional.empty();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return Optional.of(new SpecProblem(field, field + " must be a readable PEM file of CA certificates: " + e.getMessage()));
    }
  }
}
