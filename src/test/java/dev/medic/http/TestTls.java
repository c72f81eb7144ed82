package dev.medic.http;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates made by the JDK's keytool: the server side presents one, and {@link #verifying}
 * trusts its root, so a test can tell "not trusted" from "expired" and "not for this host".
 */
final class TestTls {

  private static final char[] PASSWORD = "changeit".toCharArray();

  /** The server's TLS settings: this certificate and its key. */
  final SSLContext server;
  /** A trust store holding only this certificate's root. */
  final KeyStore roots;

  private TestTls(SSLContext server, KeyStore roots) {
    this.server = server;
    this.roots = roots;
  }

  /** A certificate for {@code san}, keytool's syntax: {@code ip:127.0.0.1} or {@code dns:other.example}. */
  static TestTls selfSigned(Path dir, String san) throws Exception {
    Path store = Files.createTempDirectory(dir, "tls").resolve("server.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=medic test", "-ext", "SAN=" + san,
        "-validity", "2", "-keystore", store.toString());
    KeyStore keys = load(store);
    return new TestTls(serverContext(keys), roots(keys.getCertificate("server")));
  }

  /** A certificate for 127.0.0.1 that expired eight days ago, issued by a root that {@link #verifying} trusts. */
  static TestTls expired(Path dir) throws Exception {
    Path d = Files.createTempDirectory(dir, "tls");
    String ca = d.resolve("ca.p12").toString();
    String server = d.resolve("server.p12").toString();
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=medic test root", "-ext", "bc:c",
        "-validity", "30", "-keystore", ca);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", d.resolve("ca.pem").toString());
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=medic test", "-keystore", server);
    keytool("-certreq", "-alias", "server", "-keystore", server, "-file", d.resolve("req.pem").toString());
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-startdate", "-10d", "-validity", "2",
        "-ext", "SAN=ip:127.0.0.1", "-infile", d.resolve("req.pem").toString(), "-outfile", d.resolve("cert.pem").toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server, "-file", d.resolve("ca.pem").toString());
    keytool("-importcert", "-alias", "server", "-keystore", server, "-file", d.resolve("cert.pem").toString());
    return new TestTls(serverContext(load(Path.of(server))), roots(load(Path.of(ca)).getCertificate("ca")));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit"));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  private static SSLContext serverContext(KeyStore keys) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    return server;
  }

  private static KeyStore roots(Certificate root) throws Exception {
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("root", root);
    return roots;
  }

  /** A client that trusts this certificate (and nothing else) and checks host names. */
  TlsConnector verifying() {
    return TlsConnector.verifying(roots);
  }
}
