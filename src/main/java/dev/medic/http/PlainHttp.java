package dev.medic.http;

import dev.medic.spi.DeadlineSocket;
import dev.medic.runtime.Agent;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * medic's HTTP/1.1 client for {@code http://} and {@code https://}: one request at a time on the
 * calling (virtual) thread, keeping the connection alive between requests.
 *
 * <p>Made for checks: one instance per check, so a run costs a write and a read on an already
 * open connection, with no hand-off to another thread. If the server closed the kept-alive
 * connection since the last run (idle timeout, restart), the request is sent once more on a fresh
 * connection, so a stale connection is never reported as a failure.
 *
 * <p>{@code https://} is the same exchange over TLS ({@link TlsConnector}): same request head
 * ({@link RequestHead}), same response handling ({@link ResponseReader}), same limits.
 *
 * <p>The whole exchange, connecting and the TLS handshake included, is bounded by the timeout
 * given to {@link #exchange}: past it a {@link SocketTimeoutException} is thrown. At most {@link
 * #MAX_BODY} bytes of a body are kept: a longer body is cut there and the connection closed.
 * Redirects are not followed: a 3xx is a response like any other.
 *
 * <p>Not thread-safe in the sense of concurrent requests: calls are serialised.
 */
public final class PlainHttp implements AutoCloseable {

  /** The most of a response body that is kept; the rest is not read. */
  static final int MAX_BODY = 1 << 20;

  /** A response: its status and, if asked for, its body (at most the client's limit of it). */
  public record Response(int status, String body, boolean truncated) {}

  /**
   * What to send: {@code method} to {@code url} with {@code headers} (a {@code Host} header of its
   * own wins over the URL's host) and {@code body} as it is, if any.
   */
  public record Request(URI url, String method, Map<String, String> headers, byte[] body) {
    public Request {
      headers = headers == null ? Map.of() : headers;
    }
  }

  private final String host;
  private final int port;
  private final byte[] request;
  private final boolean head;
  private final TlsConnector tls;
  private final ResponseReader reader;

  private DeadlineSocket tcp;
  private Socket socket;
  private OutputStream out;
  private boolean responseStarted;

  /** An {@code http://} URL, or an {@code https://} one checked against the JDK's trusted roots. */
  PlainHttp(URI url, String method, Map<String, String> headers, String body) {
    this(url, method, headers, body, "https".equals(url.getScheme()) ? TlsConnector.verifying() : null);
  }

  /** {@code tls} is used for {@code https://} URLs only. */
  PlainHttp(URI url, String method, Map<String, String> headers, String body, TlsConnector tls) {
    this(new Request(url, method, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)), tls, MAX_BODY);
  }

  /** Keeping at most {@code maxBody} bytes of a response body; {@code tls} for {@code https://} only. */
  PlainHttp(Request request, TlsConnector tls, int maxBody) {
    URI url = request.url();
    boolean https = "https".equals(url.getScheme());
    if (!https && !"http".equals(url.getScheme())) {
      throw new IllegalArgumentException("HTTP needs an http:// or https:// URL, got " + url);
    }
    String rawHost = url.getHost();
    if (rawHost == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    this.host = rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
    this.port = url.getPort() < 0 ? RequestHead.defaultPort(url.getScheme()) : url.getPort();
    this.head = "HEAD".equals(request.method());
    this.request = RequestHead.encode(url, request.method(), request.headers(), request.body());
    this.reader = new ResponseReader(maxBody);
    if (https && tls == null) {
      throw new IllegalArgumentException("an https:// URL needs TLS settings: " + url);
    }
    this.tls = https ? tls : null;
  }

  /**
   * One request on a connection of its own, closed after it, with the JDK's trusted roots for
   * {@code https://}: for requests too rare to keep a connection for (actions, notifications).
   * An interrupted caller gets an {@link IOException} and keeps its interrupt status.
   *
   * @return the status and at most {@code maxBody} bytes of the body
   */
  public static Response once(Request request, Duration timeout, int maxBody) throws IOException {
    TlsConnector tls = "https".equals(request.url().getScheme()) ? TlsConnector.verifying() : null;
    try (PlainHttp http = new PlainHttp(request, tls, maxBody)) {
      return http.exchange(timeout, true);
    }
  }

  /**
   * Sends the request and reads the response, within {@code timeout} from now.
   *
   * @param readBody whether the caller wants the body; if not it is still read (to keep the
   *     connection usable) but not decoded
   * @throws SocketTimeoutException if the exchange did not finish in time ({@link
   *     TlsConnector.HandshakeTimeout} if the TLS handshake did not)
   * @throws java.net.ConnectException if the connection was refused
   * @throws TlsConnector.Refused if the TLS handshake failed, e.g. on the server's certificate
   * @throws IOException for any other failure; the connection is closed then
   */
  synchronized Response exchange(Duration timeout, boolean readBody) throws IOException {
    long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
    try {
      if (socket != null) {
        tcp.deadline(deadline);
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
      connect(deadline);
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
    // The first byte tells a dead kept-alive connection (EOF or reset) from a real answer.
    boolean started;
    try {
      started = reader.awaitFirstByte();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (tcp.isClosed() || Thread.currentThread().isInterrupted()) {
        throw e; // closed by us (interrupt), not by the server
      }
      throw new StaleConnection(e);
    }
    if (!started) {
      throw new StaleConnection(null);
    }
    responseStarted = true;
    Response response = reader.read(head, readBody);
    if (reader.mustClose()) {
      close();
    }
    return response;
  }

  /** The server closed (or reset) the connection before sending a single byte of the response. */
  private static final class StaleConnection extends IOException {
    StaleConnection(Throwable cause) {
      super("connection closed before any response", cause);
    }
  }

  private void connect(long deadline) throws IOException {
    DeadlineSocket s = new DeadlineSocket();
    try {
      s.deadline(deadline);
      s.setTcpNoDelay(true);
      InetSocketAddress target = new InetSocketAddress(host, port);
      if (target.isUnresolved()) {
        throw new UnknownHostException(host);
      }
      s.connect(target, s.remainingMillis());
      Socket connected = tls == null ? s : tls.handshake(s, host, port);
      tcp = s;
      socket = connected;
      out = connected.getOutputStream();
      reader.reset(connected.getInputStream());
    } catch (IOException | RuntimeException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw e;
    }
  }

  /** Closes the connection, if open; the next exchange opens a new one. */
  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    tcp = null;
    out = null;
    reader.reset(null);
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
