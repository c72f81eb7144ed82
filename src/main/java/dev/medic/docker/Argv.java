package dev.medic.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command as an argv list, no shell, within a deadline; keeps the tail of its output. */
final class Argv {

  static final int KEEP_CHARS = 500;

  private Argv() {}

  record Result(int exit, boolean timedOut, String tail) {}

  static Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(Duration.ofSeconds(5));
    String text;
    synchronized (out) {
      text = out.toString(StandardCharsets.UTF_8).strip();
    }
    if (text.length() > KEEP_CHARS) {
      text = "..." + text.substring(text.length() - KEEP_CHARS);
    }
    return new Result(done ? p.exitValue() : -1, !done, text);
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          out.write(buf, 0, n);
          if (out.size() > 1 << 20) { // keep the last part only: the tail is what explains a failure
            byte[] all = out.toByteArray();
            out.reset();
            out.write(all, all.length - 65536, 65536);
          }
        }
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read is kept
    }
  }
}
