package dev.medic.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A loopback server that hands each accepted connection, plain or TLS, to a handler on its own
 * virtual thread, for tests that need exact control of the bytes on the wire.
 */
final class RawServer implements AutoCloseable {

  interface Handler {
    void handle(Socket s) throws Exception;
  }

  private final ServerSocket socket;
  private final String scheme;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private RawServer(ServerSocket socket, String scheme, Handler handler) {
    this.socket = socket;
    this.scheme = scheme;
    threads.add(Thread.ofVirtual().start(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          threads.add(Thread.ofVirtual().start(() -> {
            try (s) {
              handler.handle(s);
            } catch (Exception ignored) {
              // the client went away, or the test is over
            }
          }));
        } catch (IOException e) {
          return;
        }
      }
    }));
  }

  /** Plain TCP: an http:// server, or for an https:// URL a server that never does TLS. */
  static RawServer plain(Handler handler) throws IOException {
    return new RawServer(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()), "http", handler);
  }

  /** TLS with {@code tls}'s certificate; the handshake happens on the handler's first read or write. */
  static RawServer tls(SSLContext tls, Handler handler) throws IOException {
    return new RawServer(tls.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress()),
        "https", handler);
  }

  /** {@code plain} or {@code tls} by scheme. */
  static RawServer of(String scheme, SSLContext tls, Handler handler) throws IOException {
    return "https".equals(scheme) ? tls(tls, handler) : plain(handler);
  }

  /** This server's URL for {@code path}, in its own scheme. */
  URI url(String path) {
    return url(scheme, path);
  }

  URI url(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + path);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.forEach(Thread::interrupt);
  }

  static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  /** Reads one request head (no body expected): its lines, the request line first; null at the end of the stream. */
  static List<String> readRequestHead(BufferedReader in) throws IOException {
    String first = in.readLine();
    if (first == null) {
      return null;
    }
    List<String> lines = new ArrayList<>(List.of(first));
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }
}
