package dev.medic.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the body of {@code /containers/{id}/logs?timestamps=1} into lines. Without a TTY the
 * engine multiplexes stdout and stderr in frames: an 8-byte header (stream 1 or 2, three zero
 * bytes, a big-endian 32-bit length) then the payload. With a TTY the body is the raw text.
 */
final class LogFrames {

  private LogFrames() {}

  static List<LogLine> parse(byte[] body, boolean tty) {
    List<LogLine> lines = new ArrayList<>();
    if (tty) {
      split(new String(body, StandardCharsets.UTF_8), false, lines);
      return lines;
    }
    // Frames may split a line; each stream's text is joined before it is cut into lines.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int at = 0;
    while (at + 8 <= body.length) {
      int stream = body[at];
      int size = ((body[at + 4] & 0xff) << 24) | ((body[at + 5] & 0xff) << 16) | ((body[at + 6] & 0xff) << 8) | (body[at + 7] & 0xff);
      int end = Math.min(body.length, at + 8 + size);
      (stream == 2 ? err : out).write(body, at + 8, end - at - 8);
      if (stream == 2) {
        flush(err, true, lines);
      } else {
        flush(out, false, lines);
      }
      at = end;
    }
    finish(out, false, lines);
    finish(err, true, lines);
    lines.sort((a, b) -> a.at().compareTo(b.at()));
    return lines;
  }

  /** Moves the complete lines of a stream's buffer out, keeping a partial last line. */
  private static void flush(ByteArrayOutputStream buffer, boolean stderr, List<LogLine> lines) {
    byte[] b = buffer.toByteArray();
    int lastNewline = -1;
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    if (lastNewline < 0) {
      return;
    }
    split(new String(b, 0, lastNewline + 1, StandardCharsets.UTF_8), stderr, lines);
    buffer.reset();
    buffer.write(b, lastNewline + 1, b.length - lastNewline - 1);
  }

  private static void finish(ByteArrayOutputStream buffer, boolean stderr, List<LogLine> lines) {
    if (buffer.size() > 0) {
      split(buffer.toString(StandardCharsets.UTF_8), stderr, lines);
    }
  }

  private static void split(String text, boolean stderr, List<LogLine> lines) {
    for (String line : text.split("\r?\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      Instant at = null;
      if (space > 0) {
        try {
          at = Instant.parse(line.substring(0, space));
        } catch (DateTimeParseException e) {
          at = null;
        }
      }
      lines.add(at == null ? new LogLine(Instant.EPOCH, stderr, line) : new LogLine(at, stderr, line.substring(space + 1)));
    }
  }
}
