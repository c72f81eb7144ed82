package dev.medic.http;

import dev.medic.spi.DeadlineSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response after another from a connection's input: the head, then the body
 * by {@code Content-Length}, {@code Transfer-Encoding: chunked} or up to the close of the
 * connection, keeping at most a given number of bytes of it.
 *
 * <p>Time limits are the input's business (see {@link DeadlineSocket}); this class only parses.
 */
final class ResponseReader {

  private static final int MAX_HEAD_LINE = 16 * 1024;
  private static final int MAX_HEAD_LINES = 200;

  private final byte[] buf = new byte[8192];
  private final int maxBody;
  private InputStream in;
  private int pos;
  private int lim;
  private boolean mustClose;

  /** Keeping at most {@code maxBody} bytes of a body: past that it is cut and the connection must close. */
  ResponseReader(int maxBody) {
    if (maxBody < 0) {
      throw new IllegalArgumentException("body limit must not be negative, got " + maxBody);
    }
    this.maxBody = maxBody;
  }

  /** Reads from {@code in} from now on (a new connection); null when there is none. */
  void reset(InputStream in) {
    this.in = in;
    pos = 0;
    lim = 0;
  }

  /** Whether the last response said, or its framing implied, that the connection ends with it. */
  boolean mustClose() {
    return mustClose;
  }

  /**
   * Waits for the first byte of the next response; false if the connection ended first. This is
   * what tells a kept-alive connection the server has since closed from a real answer.
   */
  boolean awaitFirstByte() throws IOException {
    pos = 0;
    lim = 0;
    return fill() >= 0;
  }

  /** Refills the buffer; -1 at the end of the stream. */
  private int fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    pos = 0;
    lim = Math.max(n, 0);
    return n;
  }

  /** The response whose first byte {@link #awaitFirstByte} saw. */
  PlainHttp.Response read(boolean head, boolean readBody) throws IOException {
    while (true) {
      String statusLine = readLine();
      int status = parseStatus(statusLine);
      long contentLength = -1;
      boolean chunked = false;
      boolean close = statusLine.startsWith("HTTP/1.0");
      Charset charset = StandardCharsets.UTF_8;
      for (int lines = 0; ; lines++) {
        String line = readLine();
        if (line.isEmpty()) {
          break;
        }
        if (lines >= MAX_HEAD_LINES) {
          throw new IOException("too many response header lines");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          contentLength = parseLength(value);
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.contains("close")) {
            close = true;
          } else if (v.contains("keep-alive")) {
            close = false;
          }
        } else if (name.equalsIgnoreCase("content-type")) {
          charset = charsetOf(value);
        }
      }
      if (status >= 100 && status < 200 && status != 101) {
        continue; // 100 Continue, 103 Early Hints: the real answer follows
      }
      Body body = new Body(readBody, maxBody);
      if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
        // no body
      } else if (chunked) {
        readChunked(body);
      } else if (contentLength >= 0) {
        readFixed(body, contentLength);
      } else {
        readToClose(body);
        close = true;
      }
      mustClose = close || body.truncated;
      return new PlainHttp.Response(status, readBody ? body.text(charset) : null, body.truncated);
    }
  }

  private static long parseLength(String value) throws IOException {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("bad Content-Length: " + value);
  }

  private static int parseStatus(String line) throws IOException {
    // HTTP/1.1 200 OK
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + abbreviate(line));
    }
    try {
      int status = Integer.parseInt(line.substring(9, 12));
      if (status < 100 || status > 999 || (line.length() > 12 && line.charAt(12) != ' ')) {
        throw new NumberFormatException();
      }
      return status;
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status line: " + abbreviate(line));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static Charset charsetOf(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        try {
          return Charset.forName(name);
        } catch (RuntimeException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** One CRLF- (or LF-) terminated line of the head, without the terminator. */
  private String readLine() throws IOException {
    StringBuilder sb = null;
    while (true) {
      if (pos == lim && fill() < 0) {
        throw new EOFException("connection closed in the middle of the response head");
      }
      int start = pos;
      while (pos < lim && buf[pos] != '\n') {
        pos++;
      }
      if (pos < lim) {
        int end = pos;
        pos++; // past \n
        String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        String line = sb == null ? part : sb.append(part).toString();
        if (line.length() > MAX_HEAD_LINE) {
          throw new IOException("response header line too long");
        }
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(new String(buf, start, lim - start, StandardCharsets.ISO_8859_1));
      if (sb.length() > MAX_HEAD_LINE) {
        throw new IOException("response header line too long");
      }
    }
  }

  /** Collects up to {@code max} bytes if wanted; notes when there was more. */
  private static final class Body {
    final boolean keep;
    final int max;
    byte[] bytes = new byte[0];
    int size;
    boolean truncated;

    Body(boolean keep, int max) {
      this.keep = keep;
      this.max = max;
    }

    /** Takes what fits; returns false once the body is over the cap. */
    boolean add(byte[] b, int off, int len) {
      int room = max - size;
      int take = Math.min(room, len);
      if (keep && take > 0) {
        if (size + take > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + take, bytes.length * 2)));
        }
        System.arraycopy(b, off, bytes, size, take);
      }
      size += take;
      if (len > room) {
        truncated = true;
        return false;
      }
      return true;
    }

    String text(Charset charset) {
      return new String(bytes, 0, keep ? size : 0, charset);
    }
  }

  private void readFixed(Body body, long length) throws IOException {
    long left = length;
    while (left > 0) {
      if (pos == lim && fill() < 0) {
        throw new EOFException("connection closed with " + left + " of " + length + " body bytes unread");
      }
      int n = (int) Math.min(left, lim - pos);
      boolean more = body.add(buf, pos, n);
      pos += n;
      left -= n;
      if (!more) {
        return;
      }
    }
  }

  private void readChunked(Body body) throws IOException {
    while (true) {
      String line = readLine();
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + abbreviate(line));
      }
      if (size < 0) {
        throw new IOException("bad chunk size: " + abbreviate(line));
      }
      if (size == 0) {
        // trailers, up to the empty line
        for (int lines = 0; !readLine().isEmpty(); lines++) {
          if (lines >= MAX_HEAD_LINES) {
            throw new IOException("too many trailer lines");
          }
        }
        return;
      }
      readFixed(body, size);
      if (body.truncated) {
        return;
      }
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private void readToClose(Body body) throws IOException {
    while (true) {
      if (pos == lim && fill() < 0) {
        return;
      }
      boolean more = body.add(buf, pos, lim - pos);
      pos = lim;
      if (!more) {
        return;
      }
    }
  }
}
