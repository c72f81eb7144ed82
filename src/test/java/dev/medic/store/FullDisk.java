package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small filesystem (tmpfs) that a test can fill to the last byte and free again, so the
 * store meets a real ENOSPC. Mounting needs root: elsewhere the test is skipped with a loud
 * message, and under {@code CI=true} it fails instead, so CI cannot pass without running it.
 */
public final class FullDisk implements AutoCloseable {

  private final Path mountPoint;
  private final Path filler;

  private FullDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a tmpfs of {@code size} (e.g. {@code 2m}) on a new directory {@code dir}. */
  public static FullDisk mount(Path dir, String size) throws Exception {
    requireRoot();
    Files.createDirectories(dir);
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    return new FullDisk(dir);
  }

  private static void requireRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    if (!uid.equals("0")) {
      String why = "FULL-DISK TEST NOT RUN: mounting a tmpfs needs root (uid is " + uid + ")";
      System.err.println("*** " + why + " ***");
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; under CI=true this test must run");
      }
      Assumptions.abort(why);
    }
  }

  public Path dir() {
    return mountPoint;
  }

  /** Writes a file until the filesystem has no byte left. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    // Bytes a block could not take: fill them one at a time.
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left");
    }
  }

  /** Gives the space back. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws Exception {
    run("umount", "-l", mountPoint.toString());
  }

  private static void run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
  }
}
