package dev.medic.http;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate made by the JDK's keytool: the server side presents it, and {@link
 * #verifying} trusts it as a root, so a test can tell "not trusted" from "not for this host".
 */
final class TestTls {

  private static final char[] PASSWORD = "changeit".toCharArray();

  /** The server's TLS settings: this certificate and its key. */
  final SSLContext server;
  /** A trust store holding only this certificate. */
  final KeyStore roots;

  private TestTls(SSLContext server, KeyStore roots) {
    this.server = server;
    this.roots = roots;
  }

  /** A certificate for {@code san}, keytool's syntax: {@code ip:127.0.0.1} or {@code dns:other.example}. */
  static TestTls selfSigned(Path dir, String san) throws Exception {
    Path store = Files.createTempFile(dir, "cert", ".p12");
    Files.delete(store);
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=medic test", "-ext", "SAN=" + san,
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("server", keys.getCertificate("server"));
    return new TestTls(server, roots);
  }

  /** A client that trusts this certificate (and nothing else) and checks host names. */
  TlsConnector verifying() {
    return TlsConnector.verifying(roots);
  }
}
