package dev.medic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's own {@code keytool}: self-signed ones, a CA, and
 * leaves it signs. PKCS#12 keystores (password {@value #PASSWORD}) for the test servers, PEM files
 * for medic's {@code ca:}. EC keys: made in milliseconds where RSA takes a second.
 */
final class Keytool {

  static final String PASSWORD = "changeit";
  static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

  /** A keystore holding the server's key and chain, and the PEM of its own certificate. */
  record Cert(Path keystore, Path pem) {}

  private Keytool() {}

  /**
   * A self-signed certificate for {@code dns}.
   *
   * @param startdate keytool's {@code -startdate} (like {@code -10d}), or null for now
   */
  static Cert selfSigned(Path dir, String name, String dns, String startdate, int validityDays) {
    Path keystore = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    List<String> gen = new ArrayList<>(List.of(KEYTOOL, "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + dns, "-ext", "SAN=dns:" + dns,
        "-validity", Integer.toString(validityDays)));
    if (startdate != null) {
      gen.addAll(List.of("-startdate", startdate));
    }
    gen.addAll(store(keystore));
    run(gen);
    run(export("server", keystore, pem));
    return new Cert(keystore, pem);
  }

  /** A CA (basic constraints CA:true) valid for a year; its PEM is what {@code ca:} trusts. */
  static Cert ca(Path dir, String name) {
    Path keystore = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    List<String> gen = new ArrayList<>(List.of(KEYTOOL, "-genkeypair", "-alias", "ca", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=Medic Test CA " + name, "-ext", "bc:c", "-validity", "365"));
    gen.addAll(store(keystore));
    run(gen);
    run(export("ca", keystore, pem));
    return new Cert(keystore, pem);
  }

  /** A leaf for {@code dns} signed by {@code ca}, its keystore holding the chain leaf, CA. */
  static Cert signed(Path dir, Cert ca, String name, String dns, int validityDays) {
    for (List<String> step : signedSteps(dir, ca, name, dns, validityDays)) {
      run(step);
    }
    return new Cert(dir.resolve(name + ".p12"), dir.resolve(name + ".pem"));
  }

  /** The keytool runs that make {@link #signed}: also what a test's renew script runs. */
  static List<List<String>> signedSteps(Path dir, Cert ca, String name, String dns, int validityDays) {
    Path keystore = dir.resolve(name + ".p12");
    Path csr = dir.resolve(name + ".csr");
    Path pem = dir.resolve(name + ".pem");
    List<List<String>> steps = new ArrayList<>();
    List<String> gen = new ArrayList<>(List.of(KEYTOOL, "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + dns));
    gen.addAll(store(keystore));
    steps.add(gen);
    List<String> req = new ArrayList<>(List.of(KEYTOOL, "-certreq", "-alias", "server", "-file", csr.toString()));
    req.addAll(store(keystore));
    steps.add(req);
    List<String> sign = new ArrayList<>(List.of(KEYTOOL, "-gencert", "-alias", "ca", "-infile", csr.toString(),
        "-outfile", pem.toString(), "-rfc", "-ext", "SAN=dns:" + dns, "-validity", Integer.toString(validityDays)));
    sign.addAll(store(ca.keystore()));
    steps.add(sign);
    List<String> trustCa = new ArrayList<>(List.of(KEYTOOL, "-importcert", "-noprompt", "-alias", "ca",
        "-file", ca.pem().toString()));
    trustCa.addAll(store(keystore));
    steps.add(trustCa);
    List<String> reply = new ArrayList<>(List.of(KEYTOOL, "-importcert", "-noprompt", "-alias", "server",
        "-file", pem.toString()));
    reply.addAll(store(keystore));
    steps.add(reply);
    return steps;
  }

  private static List<String> export(String alias, Path keystore, Path pem) {
    List<String> export = new ArrayList<>(List.of(KEYTOOL, "-exportcert", "-rfc", "-alias", alias,
        "-file", pem.toString()));
    export.addAll(store(keystore));
    return export;
  }

  private static List<String> store(Path keystore) {
    return List.of("-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
        "-keypass", PASSWORD);
  }

  private static void run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
      assertThat(p.exitValue()).as("keytool %s: %s", argv, out).isZero();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
