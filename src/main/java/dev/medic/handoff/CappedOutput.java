package dev.medic.handoff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What an agent printed on stdout and stderr, in the order it wrote it, bounded in memory:
 * the first half of the limit (how it started) and the last half (where its conclusion and its
 * errors are). What lies between is dropped and counted, and the text says how much.
 */
final class CappedOutput {

  private final int headLimit;
  private final int tailLimit;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final byte[] tail;
  private long tailWritten;

  CappedOutput(long limit) {
    this.headLimit = (int) (limit / 2);
    this.tailLimit = (int) (limit - limit / 2);
    this.tail = new byte[tailLimit];
  }

  /** Copies a stream into this output until it ends or fails (the process was killed). */
  void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        write(buffer, n);
      }
    } catch (IOException ignored) {
      // the stream broke with the process: what was read is kept
    }
  }

  synchronized void write(byte[] bytes, int n) {
    int toHead = Math.min(n, headLimit - head.size());
    head.write(bytes, 0, toHead);
    for (int i = toHead; i < n; i++) {
      tail[(int) (tailWritten++ % tailLimit)] = bytes[i];
    }
  }

  /** Bytes read but not kept. */
  synchronized long dropped() {
    return Math.max(0, tailWritten - tailLimit);
  }

  /** The kept text, with a line saying how many bytes were dropped in the middle, if any. */
  synchronized String text() {
    String start = head.toString(StandardCharsets.UTF_8);
    if (tailWritten == 0) {
      return start;
    }
    int kept = (int) Math.min(tailWritten, tailLimit);
    byte[] end = new byte[kept];
    int from = (int) ((tailWritten - kept) % tailLimit);
    for (int i = 0; i < kept; i++) {
      end[i] = tail[(from + i) % tailLimit];
    }
    long skipped = dropped();
    return start + (skipped > 0 ? "\n[... " + skipped + " bytes of output dropped (max_output) ...]\n" : "")
        + new String(end, StandardCharsets.UTF_8);
  }
}
