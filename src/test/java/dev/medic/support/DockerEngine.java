package dev.medic.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The private Docker engine of {@code bin/test-dockerd}, started once per JVM and stopped when the
 * JVM's tests are done (a root-store resource, so every test class shares it). Test JVMs run side
 * by side (surefire forks) and share the one engine: each holds a lease while it runs, and the
 * last one to finish stops it, under a file lock so that no start and stop cross. Register with
 * {@code @ExtendWith(DockerEngine.class)}: a class whose engine cannot start (not root, no dockerd)
 * is skipped with a loud message, or fails under {@code CI=true}.
 *
 * <p>The docker CLI is used here only to arrange containers for a test (run, kill, rm); medic itself
 * talks to the engine through its own client.
 */
public final class DockerEngine implements BeforeAllCallback {

  public static final String IMAGE = "medic-test/busybox:1";
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  private static final String CLI = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";

  /** The unix socket of the running engine; set once it answered. */
  private static volatile Path socket;
  private static volatile String tlsHost;
  private static volatile Path certPath;
  private static volatile String failure;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(DockerEngine.class, k -> start(), Running.class);
    if (socket == null) {
      String message = "*** the test Docker engine did not start (" + failure + "): this test needs it ***";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " and CI=true, so it fails instead of skipping");
      }
      System.err.println(message + "; skipping");
      Assumptions.abort(message);
    }
  }

  /** Stops the engine when the JVM's test run ends, unless another test JVM still holds a lease. */
  private record Running(boolean started) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() throws Exception {
      if (started) {
        locked(() -> {
          Files.deleteIfExists(LEASES.resolve(Long.toString(ProcessHandle.current().pid())));
          if (!otherLeases()) {
            script("stop");
          }
          return null;
        });
      }
    }
  }

  private static final Path LOCK = Path.of("/tmp/medic-test-dockerd.lock");
  private static final Path LEASES = Path.of("/tmp/medic-test-dockerd.leases");

  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException, InterruptedException;
  }

  /** Across JVMs: one start or stop at a time. */
  private static <T> T locked(Locked<T> body) throws IOException, InterruptedException {
    try (FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      return body.run();
    }
  }

  /** Leases of live JVMs other than this one; those of JVMs that died are dropped. */
  private static boolean otherLeases() throws IOException {
    if (!Files.isDirectory(LEASES)) {
      return false;
    }
    boolean others = false;
    try (var leases = Files.list(LEASES)) {
      for (Path lease : leases.toList()) {
        long pid = Long.parseLong(lease.getFileName().toString());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          others = true;
        } else {
          Files.deleteIfExists(lease);
        }
      }
    }
    return others;
  }

  private static Running start() {
    try {
      return locked(DockerEngine::startLocked);
    } catch (IOException | InterruptedException e) {
      failure = e.toString();
      return new Running(false);
    }
  }

  private static Running startLocked() throws IOException, InterruptedException {
    Result r = script("start");
    String env = r.out().lines().filter(l -> l.startsWith("DOCKER_HOST=unix://")).findFirst().orElse(null);
    if (r.code() != 0 || env == null) {
      failure = "bin/test-dockerd start exited " + r.code() + ": " + (r.out() + r.err()).strip();
      return new Running(false);
    }
    socket = Path.of(env.substring("DOCKER_HOST=unix://".length()));
    tlsHost = value(r.out(), "DOCKER_TLS_HOST=");
    String certs = value(r.out(), "DOCKER_CERT_PATH=");
    certPath = certs == null ? null : Path.of(certs);
    Files.createDirectories(LEASES);
    Files.writeString(LEASES.resolve(Long.toString(ProcessHandle.current().pid())), "");
    return new Running(true);
  }

  private static String value(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst().orElse(null);
  }

  /**
   * The engine's TCP address with {@code --tlsverify} ({@code tcp://127.0.0.1:port}); a test that
   * needs it is skipped loudly when the script could not make certificates (no openssl), or fails
   * under {@code CI=true}.
   */
  public static String requireTlsHost() {
    if (tlsHost == null) {
      String message = "*** the test Docker engine has no TLS listener (openssl missing?): this test needs it ***";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " and CI=true, so it fails instead of skipping");
      }
      System.err.println(message + "; skipping");
      Assumptions.abort(message);
    }
    return tlsHost;
  }

  /** ca.pem, cert.pem, key.pem (PKCS#1 RSA) and key-pkcs8.pem of the TLS listener. */
  public static Path certPath() {
    return certPath;
  }

  public static Path socket() {
    return socket;
  }

  /** {@code unix:///...}, the form of a check's {@code host:}. */
  public static String host() {
    return "unix://" + socket;
  }

  /** A container name no other test uses. */
  public static String uniqueName(String what) {
    return "medic-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Runs the docker CLI against the test engine; fails the test when it exits non-zero. */
  public static String docker(String... args) {
    try {
      Result r = run(cli(args));
      if (r.code() != 0) {
        throw new AssertionError("docker " + String.join(" ", args) + " exited " + r.code() + ": " + r.err() + r.out());
      }
      return r.out().strip();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("docker " + String.join(" ", args) + ": " + e, e);
    }
  }

  /** Removes containers, forced, ignoring those already gone. */
  public static void remove(String... names) {
    List<String> args = new ArrayList<>(List.of("rm", "-f"));
    args.addAll(List.of(names));
    try {
      run(cli(args.toArray(String[]::new)));
    } catch (IOException | InterruptedException e) {
      // best effort: a leftover container has a unique name and harms no other test
    }
  }

  private static List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(CLI);
    cmd.add("--host");
    cmd.add(host());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Result script(String verb) throws IOException, InterruptedException {
    return run(List.of(ROOT.resolve("bin/test-dockerd").toString(), verb));
  }

  /** @param out standard output only (the CLI warns on stderr, which must not mix into an id) */
  private record Result(int code, String out, String err) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Path errFile = Files.createTempFile("medic-docker", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "timed out: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errFile));
    } finally {
      Files.deleteIfExists(errFile);
    }
  }
}
