package dev.medic.http;

import dev.medic.runtime.Agent;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request at a time over a plain TCP socket, on the calling (virtual) thread, keeping
 * the connection alive between requests.
 *
 * <p>Made for {@code http://} checks: one instance per check, so a run costs a write and a read on
 * an already open socket, with no hand-off to another thread. If the server closed the kept-alive
 * connection since the last run (idle timeout, restart), the request is sent once more on a fresh
 * connection, so a stale connection is never reported as a failure.
 *
 * <p>The whole exchange, connecting included, is bounded by the timeout given to {@link #exchange}:
 * past it a {@link SocketTimeoutException} is thrown. The body is read by {@code Content-Length},
 * {@code Transfer-Encoding: chunked} or up to the close of the connection, and at most
 * {@link #MAX_BODY} bytes of it are kept: a longer body is cut there and the connection closed.
 *
 * <p>Not thread-safe in the sense of concurrent requests: calls are serialised.
 */
final class PlainHttp implements AutoCloseable {

  /** The most of a response body that is kept; the rest is not read. */
  static final int MAX_BODY = 1 << 20;

  private static final int MAX_HEAD_LINE = 16 * 1024;
  private static final int MAX_HEAD_LINES = 200;

  /** A response: its status and, if asked for, its body (at most {@link #MAX_BODY} bytes of it). */
  record Response(int status, String body, boolean truncated) {}

  private final String host;
  private final int port;
  private final byte[] request;
  private final boolean head;

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;
  private long deadline;
  private boolean responseStarted;

  PlainHttp(URI url, String method, Map<String, String> headers, String body) {
    if (!"http".equals(url.getScheme())) {
      throw new IllegalArgumentException("plain HTTP needs an http:// URL, got " + url);
    }
    String rawHost = url.getHost();
    if (rawHost == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    this.host = rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
    this.port = url.getPort() < 0 ? 80 : url.getPort();
    this.head = "HEAD".equals(method);
    this.request = requestBytes(url, rawHost, method, headers, body);
  }

  private byte[] requestBytes(URI url, String rawHost, String method, Map<String, String> headers, String body) {
    checkToken(method, "method");
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    String hostHeader = rawHost + (url.getPort() < 0 || url.getPort() == 80 ? "" : ":" + url.getPort());
    boolean userAgent = false;
    for (var e : headers.entrySet()) {
      String name = e.getKey();
      checkToken(name, "header name");
      checkValue(e.getValue(), name);
      switch (name.toLowerCase(Locale.ROOT)) {
        case "host" -> hostHeader = e.getValue();
        // framing and connection handling are this class's business
        case "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "expect" -> {
          continue;
        }
        case "user-agent" -> {
          userAgent = true;
          sb.append(name).append(": ").append(e.getValue()).append("\r\n");
        }
        default -> sb.append(name).append(": ").append(e.getValue()).append("\r\n");
      }
    }
    sb.insert(sb.indexOf("\r\n") + 2, "Host: " + hostHeader + "\r\n");
    if (!userAgent) {
      sb.append("User-Agent: medic\r\n");
    }
    sb.append("Connection: keep-alive\r\n");
    if (content != null) {
      sb.append("Content-Length: ").append(content.length).append("\r\n");
    } else if (!switch (method) {
      case "GET", "HEAD", "DELETE", "OPTIONS", "TRACE" -> true;
      default -> false;
    }) {
      sb.append("Content-Length: 0\r\n");
    }
    sb.append("\r\n");
    byte[] headBytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (content == null || content.length == 0) {
      return headBytes;
    }
    byte[] all = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(content, 0, all, headBytes.length, content.length);
    return all;
  }

  private static void checkToken(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty HTTP " + what);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException("invalid HTTP " + what + ": '" + s + "'");
      }
    }
  }

  private static void checkValue(String s, String name) {
    if (s == null) {
      throw new IllegalArgumentException("header " + name + " has no value");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 255) {
        throw new IllegalArgumentException("invalid value for header " + name);
      }
    }
  }

  /**
   * Sends the request and reads the response, within {@code timeout} from now.
   *
   * @param readBody whether the caller wants the body; if not it is still read (to keep the
   *     connection usable) but not decoded
   * @throws SocketTimeoutException if the exchange did not finish in time
   * @throws java.net.ConnectException if the connection was refused
   * @throws IOException for any other failure; the connection is closed then
   */
  synchronized Response exchange(Duration timeout, boolean readBody) throws IOException {
    deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
    try {
      if (socket != null) {
        try {
          return send(readBody);
        } catch (SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          if (responseStarted || Thread.currentThread().isInterrupted()) {
            throw e;
          }
          // The server closed (or reset) the kept-alive connection before answering, or writing
          // to it failed: ask once more, on a new connection.
          close();
        }
      }
      connect();
      return send(readBody);
    } catch (StaleConnection e) {
      close();
      throw e.getCause() instanceof IOException cause
          ? cause
          : new EOFException("connection closed by the server before any response");
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Response send(boolean readBody) throws IOException {
    responseStarted = false;
    out.write(request);
    out.flush();
    return readResponse(readBody);
  }

  /** The server closed (or reset) the connection before sending a single byte of the response. */
  private static final class StaleConnection extends IOException {
    StaleConnection(Throwable cause) {
      super("connection closed before any response", cause);
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      InetSocketAddress target = new InetSocketAddress(host, port);
      if (target.isUnresolved()) {
        throw new java.net.UnknownHostException(host);
      }
      s.connect(target, remainingMillis());
      socket = s;
      in = s.getInputStream();
      out = s.getOutputStream();
      pos = 0;
      lim = 0;
    } catch (IOException | RuntimeException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw e;
    }
  }

  private int remainingMillis() throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
  }

  /** Refills the buffer; -1 at the end of the stream. */
  private int fill() throws IOException {
    socket.setSoTimeout(remainingMillis());
    int n = in.read(buf, 0, buf.length);
    pos = 0;
    lim = Math.max(n, 0);
    return n;
  }

  private Response readResponse(boolean readBody) throws IOException {
    pos = 0;
    lim = 0;
    // The first byte tells a dead kept-alive connection (EOF or reset) from a real answer.
    try {
      if (fill() < 0) {
        throw new StaleConnection(null);
      }
      responseStarted = true;
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (java.net.SocketException e) {
      if (socket.isClosed()) {
        throw e; // closed by us (interrupt), not by the server
      }
      throw new StaleConnection(e);
    }
    while (true) {
      String statusLine = readLine();
      int status = parseStatus(statusLine);
      boolean http10 = statusLine.startsWith("HTTP/1.0");
      long contentLength = -1;
      boolean chunked = false;
      boolean close = http10;
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
          try {
            contentLength = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value);
          }
          if (contentLength < 0) {
            throw new IOException("bad Content-Length: " + value);
          }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          String v = value.toLowerCase(Locale.ROOT);
          chunked = v.endsWith("chunked");
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
      Body body = new Body(readBody);
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
      if (body.truncated || close) {
        close();
      }
      return new Response(status, readBody ? body.text(charset) : null, body.truncated);
    }
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

  /** Collects up to {@link #MAX_BODY} bytes if wanted; notes when there was more. */
  private static final class Body {
    final boolean keep;
    byte[] bytes = new byte[0];
    int size;
    boolean truncated;

    Body(boolean keep) {
      this.keep = keep;
    }

    /** Takes what fits; returns false once the body is over the cap. */
    boolean add(byte[] b, int off, int len) {
      int room = MAX_BODY - size;
      int take = Math.min(room, len);
      if (keep && take > 0) {
        if (size + take > bytes.length) {
          bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BODY, Math.max(size + take, bytes.length * 2)));
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

  /** Closes the connection, if open; the next exchange opens a new one. */
  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    pos = 0;
    lim = 0;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
