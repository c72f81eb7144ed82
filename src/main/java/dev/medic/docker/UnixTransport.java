package dev.medic.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP over the engine's unix socket with the JDK alone. Non-blocking with a selector, so that
 * connecting, writing and reading all end at one deadline: a hung engine costs the timeout, never
 * a stuck check.
 */
final class UnixTransport implements Transport {

  private final Path socket;

  UnixTransport(Path socket) {
    this.socket = socket;
  }

  @Override
  public HttpReply exchange(String method, String pathAndQuery, byte[] body, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
        SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
        while (!ch.finishConnect()) {
          await(selector, key, SelectionKey.OP_CONNECT, deadline, "connecting");
        }
      }
      SelectionKey key = ch.register(selector, 0);
      ByteBuffer out = ByteBuffer.wrap(HttpWire.request(method, pathAndQuery, body));
      while (out.hasRemaining()) {
        if (ch.write(out) == 0) {
          await(selector, key, SelectionKey.OP_WRITE, deadline, "sending the request");
        }
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (true) {
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          await(selector, key, SelectionKey.OP_READ, deadline, "waiting for the answer");
          continue;
        }
        in.write(buf.array(), 0, buf.position());
        buf.clear();
        if (in.size() > MAX_BODY) {
          throw new IOException("answer larger than " + MAX_BODY / (1024 * 1024) + " MiB; not read further");
        }
      }
      return HttpWire.parse(in.toByteArray());
    }
  }

  private static void await(Selector selector, SelectionKey key, int op, long deadline, String doing)
      throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("timed out " + doing);
    }
    key.interestOps(op);
    int ready = selector.select(left);
    selector.selectedKeys().clear();
    if (Thread.currentThread().isInterrupted()) {
      throw new java.io.InterruptedIOException("interrupted " + doing);
    }
    if (ready == 0 && System.nanoTime() - deadline >= 0) {
      throw new SocketTimeoutException("timed out " + doing);
    }
  }
}
